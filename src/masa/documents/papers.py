"""Papers for agenda items: the services that add and remove them, and the selectors that
read them for one person.

`paper_upload` runs every check of uploads.py; a refused file is recorded in the audit trail
(`documents.upload_refused`, with the reason code, never the file or its name) and nothing
is stored. An accepted file is written first, then the row and its audit event in one
transaction; if that transaction fails, the file is deleted again.
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from masa.core import audit
from masa.documents import uploads
from masa.documents.models import Paper
from masa.documents.uploads import UploadRefused
from masa.partnership.models import AgendaItem, Meeting

__all__ = [
    "UploadRefused",
    "agenda_item_changeable_by",
    "paper_download_opened",
    "paper_remove",
    "paper_upload",
    "papers_by_agenda_item",
]

# -- Services --------------------------------------------------------------------------------


def paper_upload(
    *,
    actor: Any,
    agenda_item: AgendaItem,
    title: str,
    file: IO[bytes] | Any,
    filename: str = "",
) -> Paper:
    """Check, store and record a paper; raise UploadRefused (already audited) if refused."""
    stored = uploads.accept(
        actor=actor,
        file=file,
        filename=filename,
        target=agenda_item,
        detail={"agenda_item": agenda_item.pk},
    )
    with uploads.kept_only_if_recorded(stored), transaction.atomic():
        paper = Paper.objects.create(
            agenda_item=agenda_item,
            title=title,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
            **stored.fields(),
        )
        audit.record(
            actor=actor,
            action="documents.paper_uploaded",
            target=paper,
            detail={
                "agenda_item": agenda_item.pk,
                "meeting": agenda_item.meeting_id,
                "kind": stored.kind,
                "size": stored.size,
                "sha256": stored.sha256,
            },
        )
    return paper


def paper_remove(*, actor: Any, paper: Paper) -> Paper:
    """Delete the file and mark the paper removed; the row stays for the audit trail."""
    with transaction.atomic():
        locked = Paper.objects.select_for_update().get(pk=paper.pk)
        if locked.removed_at is not None:
            return locked
        locked.removed_at = timezone.now()
        locked.removed_by = actor
        locked.save(update_fields=["removed_at", "removed_by"])
        audit.record(
            actor=actor,
            action="documents.paper_removed",
            target=locked,
            detail={"agenda_item": locked.agenda_item_id, "sha256": locked.sha256},
        )
        transaction.on_commit(lambda: uploads.delete_stored(locked.stored_name))
    return locked


def paper_download_opened(*, actor: Any, paper: Paper) -> IO[bytes]:
    """Open the stored file for someone allowed to read it; the read is audited (T15)."""
    handle = uploads.open_stored(paper.stored_name)
    audit.record_read(actor=actor, target=paper)
    return handle


# -- Selectors -------------------------------------------------------------------------------


def agenda_item_changeable_by(user: Any, pk: int) -> AgendaItem | None:
    """An agenda item of a meeting `user` may manage."""
    return (
        AgendaItem.objects.filter(meeting__in=Meeting.objects.changeable_by(user).values("pk"))
        .select_related("meeting__group")
        .filter(pk=pk)
        .first()
    )


def papers_by_agenda_item(user: Any, meeting: Meeting) -> dict[int, list[Paper]]:
    """The current papers of one meeting that `user` may see, by agenda item: one query."""
    found: dict[int, list[Paper]] = defaultdict(list)
    for paper in Paper.objects.visible_to(user).filter(agenda_item__meeting=meeting):
        found[paper.agenda_item_id].append(paper)
    return dict(found)
