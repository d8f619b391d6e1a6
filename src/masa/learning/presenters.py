"""What the business unit's home page says about cases: references only, never free text."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from masa.core.presenters import Link
from masa.learning.selectors import cases_needing


def case_links(user: Any) -> list[Link]:
    today = timezone.localdate()
    links = []
    for case in cases_needing(user):
        href = reverse("learning:case", args=[case.pk])
        if case.notified_on is not None:
            due = case.rapid_review_due_on
            late = case.rapid_review_late(today)
            links.append(
                Link(
                    f"Rapid review {'overdue' if late else 'due'}: case {case.reference}",
                    href,
                    f"Due with the national Panel by {due:%-d %B %Y}"
                    f"{', and late' if late else ''}.",
                )
            )
        elif case.became_aware_on is not None:
            due = case.notification_due_on
            late = case.notification_late(today)
            links.append(
                Link(
                    f"Notification {'overdue' if late else 'due'}: case {case.reference}",
                    href,
                    f"The local authority must notify the national Panel by {due:%-d %B %Y}"
                    f"{', and it is late' if late else ''}.",
                )
            )
        else:
            links.append(
                Link(
                    f"New case for consideration: {case.reference}",
                    href,
                    f"Raised by {case.raised_by_organisation.name} on {case.raised_on:%-d %B %Y}.",
                )
            )
    return links
