"""Review action plans and dissemination (issue 5 steps 6 and 7). Their pages and API read
under VIEW_REVIEWS and change under MANAGE_REVIEWS (or, for an action's status and evidence,
as the owning organisation's lead or the owner), so the permissions are probed in
learning_reviews.py; this module gives the crawl its records for every action URL."""

from __future__ import annotations

import datetime
from typing import Any

PROBES: dict[Any, Any] = {}

PK_SOURCES = {
    "learning:action": "review_action",
    "learning:action-edit": "review_action",
    "learning:action-add": "action_recommendation",
    "learning:dissemination-add": "action_review",
    "review-action-detail": "review_action",
    "dissemination-detail": "dissemination",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A thematic review of the partnership with a recommendation, an action the own
    organisation owns and a practitioner session, all made through the services."""
    from masa.learning import actions as svc
    from masa.learning import reviews as reviews_svc

    manager = cast.business_manager
    review = reviews_svc.review_start(
        actor=manager,
        partnership=world.partnership,
        kind="thematic",
        title="Crawl action plan",
        started_on=datetime.date(2016, 4, 1),
    )
    recommendation = reviews_svc.recommendation_add(
        actor=manager, review=review, text="Crawl recommendation", addressed_to_partnership=True
    )
    action = svc.action_add(
        actor=manager,
        recommendation=recommendation,
        description="Crawl action",
        owning_organisation=world.own,
        due_on=datetime.date(2016, 9, 30),
    )
    dissemination = svc.dissemination_add(
        actor=manager,
        review=review,
        kind="practitioner_session",
        held_on=datetime.date(2016, 7, 6),
        attendance=25,
    )
    return {
        "review_action": action.pk,
        "action_recommendation": recommendation.pk,
        "action_review": review.pk,
        "dissemination": dissemination.pk,
    }
