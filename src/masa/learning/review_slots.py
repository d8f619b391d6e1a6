"""What the review page shows beyond the review itself: the action plan (issue 5 step 6) and
the dissemination (step 7). `review_extras` returns extra context for the includes
`learning/includes/review_actions.html` and `review_dissemination.html`; it must read only
through `visible_to(user)` and in a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from masa.learning.models import Review


def review_extras(user: Any, review: Review) -> dict[str, Any]:
    from masa.learning.actions import review_plan

    return review_plan(user, review, timezone.localdate())
