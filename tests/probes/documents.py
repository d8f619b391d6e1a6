"""Papers of meetings: no permission of their own (they follow VIEW_MEETINGS and
MANAGE_MEETINGS through the meeting, which the meetings probes cover), so only the crawl's
records and the URLs that answer POST only."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from typing import Any

PROBES: dict[Any, Any] = {}

PK_SOURCES = {
    "documents:paper-add": "agenda_item",
    "documents:paper-download": "paper",
    "documents:paper-remove": "paper",
    "paper-detail": "paper",
}

POST_ONLY = {"documents:paper-remove"}


def _upload_root_for_tests() -> None:
    """Keep the crawl's files out of var/: one temporary directory for the test process."""
    from django.conf import settings

    if getattr(settings, "MASA_UPLOAD_ROOT", None):
        return
    directory = tempfile.mkdtemp(prefix="masa-crawl-uploads-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    settings.MASA_UPLOAD_ROOT = directory


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """An agenda item of a meeting the own organisation was expected at, with one paper,
    uploaded through the real checks."""
    import datetime
    import io

    from masa.documents.papers import paper_upload
    from masa.partnership.models import AgendaItem, Group, Invitation, Meeting

    _upload_root_for_tests()
    group = Group.objects.create(
        partnership=world.partnership, name="Crawl papers board", kind="executive"
    )
    meeting = Meeting.objects.create(
        group=group, held_on=datetime.date(2016, 7, 19), title="Crawl papers"
    )
    Invitation.objects.create(meeting=meeting, organisation=world.own)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Crawl agenda item")
    paper = paper_upload(
        actor=cast.business_manager,
        agenda_item=item,
        title="Crawl paper",
        file=io.BytesIO(b"Minutes of the crawl.\n"),
        filename="minutes.txt",
    )
    return {"agenda_item": item.pk, "paper": paper.pk}
