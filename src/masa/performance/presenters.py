"""The home page's prompts about local figures: for the business unit, how many organisations
have not submitted for the latest quarter; for an agency safeguarding lead, the figures their
own organisation has outstanding. A few queries however many organisations and indicators."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from masa.core.permissions import Permission, reach
from masa.core.presenters import Link
from masa.core.roles import Role
from masa.partnership.models import Partnership
from masa.performance.submissions import current_period, figures_expected


def submission_links(user: Any) -> list[Link]:
    today = timezone.localdate()
    year, quarter = current_period(today)
    links = []
    managed = reach(user, Permission.MANAGE_PERFORMANCE).partnership_ids
    for partnership in Partnership.objects.filter(pk__in=managed).order_by("pk"):
        figures = figures_expected(partnership, year, quarter, today=today)
        behind = len(figures.behind)
        if behind:
            due = f"due {figures.due:%-d %B %Y}" if figures.due else "due"
            links.append(
                Link(
                    f"{behind} organisation{'s have' if behind != 1 else ' has'} not submitted "
                    f"figures for {figures.label}",
                    reverse("performance:submissions-outstanding")
                    + f"?partnership={partnership.pk}",
                    f"{partnership.name}: the figures {'were' if figures.is_late else 'are'} "
                    f"{due}. See who and send reminders.",
                )
            )
    leads: dict[int, set[int]] = {}
    for membership in user.current_memberships():
        if membership.role == Role.AGENCY_SAFEGUARDING_LEAD:
            leads.setdefault(membership.partnership_id, set()).add(membership.organisation_id)
    for partnership in Partnership.objects.filter(pk__in=leads).order_by("pk"):
        figures = figures_expected(
            partnership, year, quarter, today=today, organisation_ids=leads[partnership.pk]
        )
        for organisation in figures.behind:
            count = len(organisation.outstanding)
            due = f", due {figures.due:%-d %B %Y}" if figures.due else ""
            links.append(
                Link(
                    f"Submit {organisation.organisation.name}'s figures for {figures.label}",
                    reverse("performance:submission-new") + f"?partnership={partnership.pk}",
                    f"{count} figure{'s' if count != 1 else ''} not yet submitted to "
                    f"{partnership.name}{due}.",
                )
            )
    return links
