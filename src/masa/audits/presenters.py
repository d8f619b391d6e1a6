"""What the home page asks of an organisation's lead: audit returns due from them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from masa.audits.models import RETURNED, AuditInvitation
from masa.core.permissions import Permission, reach


def return_due_links(user: Any) -> list[Any]:
    """Each open invitation of the person's organisation with no submitted return (one
    query however many there are)."""
    from masa.core.presenters import Link

    organisations = reach(user, Permission.COMPLETE_AUDIT_RETURNS).organisation_ids
    if not organisations:
        return []
    today = timezone.localdate()
    invitations = (
        AuditInvitation.objects.filter(organisation__in=organisations, cycle__opens_on__lte=today)
        .exclude(audit_return__status__in=RETURNED)
        .select_related("cycle", "organisation", "audit_return")
        .order_by("cycle__deadline")
    )
    links = []
    for invitation in invitations:
        late = invitation.cycle.deadline < today
        href = (
            reverse("audits:return", args=[invitation.audit_return_id])
            if invitation.audit_return_id
            else reverse("audits:my-returns")
        )
        links.append(
            Link(
                f"{invitation.cycle.title} return {'overdue' if late else 'due'}: "
                f"{invitation.organisation.name}",
                href,
                f"{'Was due' if late else 'Due'} by {invitation.cycle.deadline:%-d %B %Y}. "
                f"{'Draft started' if invitation.audit_return_id else 'Not started'}.",
            )
        )
    return links
