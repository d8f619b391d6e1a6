"""`{% agenda_item_papers item as papers %}`: the papers of one agenda item that the person
may see. The meeting's papers are read once, on the first item, and kept on the meeting for
the rest, so a page with many items and papers still makes one query for them."""

from __future__ import annotations

from typing import Any

from django import template

from masa.documents.models import Paper
from masa.documents.papers import papers_by_agenda_item

register = template.Library()

_CACHE = "_masa_papers_by_agenda_item"


@register.simple_tag(takes_context=True)
def agenda_item_papers(context: template.Context, item: Any) -> list[Paper]:
    request = context.get("request")
    if request is None:
        return []
    meeting = item.meeting
    found = meeting.__dict__.get(_CACHE)
    if found is None:
        found = papers_by_agenda_item(request.user, meeting)
        meeting.__dict__[_CACHE] = found
    return found.get(item.pk, [])
