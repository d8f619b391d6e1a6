"""Probes for practice reviews and other learning reviews: seeing them, managing them and
approving their publication; the crawl's records for every review URL."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for
from tests.probes.learning import make_case

from masa.core.permissions import Permission

_numbers = itertools.count(1)


def make_review(world: Any, relation: str, **fields: Any) -> Any:
    """A review of a case the relation's organisation raised, in the relation's partnership."""
    from masa.learning.models import Review

    case = make_case(world, relation)
    values = {
        "partnership": partnership_for(world, relation),
        "case": case,
        "kind": "cspr",
        "title": f"Child Probe {next(_numbers)}",
        "started_on": datetime.date(2016, 8, 1),
        "publication_expected": datetime.date(2017, 2, 1),
    }
    values.update(fields)
    return Review.objects.create(**values)


def probe_view_reviews(client, world, relation) -> Seen:
    review = make_review(world, relation)
    page = client.get(f"/learning/reviews/{review.pk}/")
    listing = client.get("/learning/reviews/")
    api = client.get(f"/api/v1/reviews/{review.pk}/")
    api_list = client.get("/api/v1/reviews/")
    return Seen(
        shown=[
            page.status_code == 200 and review.title.encode() in page.content,
            listing.status_code == 200 and review.title.encode() in listing.content,
            api.status_code == 200 and api.json()["id"] == review.pk,
            api_list.status_code == 200
            and review.pk in [r["id"] for r in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_manage_reviews(client, world, relation) -> Seen:
    review = make_review(world, relation)
    form = client.get(f"/learning/reviews/{review.pk}/finding/")
    posted = client.post(
        f"/learning/reviews/{review.pk}/finding/",
        {"kind": "finding", "text": "Probe finding"},
    )
    api = client.patch(
        f"/api/v1/reviews/{review.pk}/",
        {"reviewer_name": "Probe Reviewer"},
        content_type="application/json",
    )
    review.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and review.findings.filter(text="Probe finding").exists(),
            api.status_code == 200 and review.reviewer_name == "Probe Reviewer",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_approve_review_publication(client, world, relation) -> Seen:
    """Approve a summary someone in the business unit prepared (a thematic review, so no
    advance notice to the Panel is needed)."""
    from masa.accounts.tests.factories import make_member
    from masa.core.roles import Role
    from masa.learning.models import Publication

    review = make_review(world, relation, kind="thematic", case=None)
    preparer = make_member(
        Role.BUSINESS_MANAGER,
        organisation_for(world, relation),
        partnership=partnership_for(world, relation),
    )
    from django.utils import timezone

    publication = Publication.objects.create(
        review=review,
        what="summary",
        summary="Probe summary",
        prepared_by=preparer,
        prepared_at=timezone.now(),
    )
    url = f"/learning/reviews/publications/{publication.pk}/approve/"
    form = client.get(url)
    day = datetime.date(2017, 1, 10)
    posted = client.post(
        url,
        {"published_on-day": day.day, "published_on-month": day.month, "published_on-year": 2017},
    )
    publication.refresh_from_db()
    # Whoever sees the review sees the page (with who may approve); only an approver gets the
    # button and may post, so only the post's status is among the statuses.
    return Seen(
        shown=[
            form.status_code == 200 and b"Approve and publish" in form.content,
            posted.status_code == 302 and publication.published_on == day,
        ],
        statuses=[posted.status_code],
    )


PROBES = {
    Permission.VIEW_REVIEWS: probe_view_reviews,
    Permission.MANAGE_REVIEWS: probe_manage_reviews,
    Permission.APPROVE_REVIEW_PUBLICATION: probe_approve_review_publication,
}

PK_SOURCES = {
    "learning:review": "review",
    "learning:review-change": "review",
    "learning:review-pause-add": "review",
    "learning:review-milestone-add": "review",
    "learning:review-finding-add": "review",
    "learning:review-recommendation-add": "review",
    "learning:review-publication-prepare": "review",
    "learning:review-pause-change": "review_pause",
    "learning:review-milestone-change": "review_milestone",
    "learning:review-finding": "review_finding",
    "learning:review-recommendation": "review_recommendation",
    "learning:review-publication-approve": "review_publication",
    "learning:review-publication-download": "review_publication",
    "learning:theme": "theme",
    "learning:published-review": "review",
    "learning:published-file": "review_publication",
    "review-detail": "review",
    "theme-detail": "theme",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A published review of a case the own organisation raised, with a pause, a milestone,
    a finding, a recommendation and an approved summary uploaded through the real checks."""
    import io

    from tests.probes.documents import _upload_root_for_tests

    from masa.accounts.tests.factories import make_member
    from masa.core.roles import Role
    from masa.learning import reviews as svc
    from masa.learning.models import Theme

    _upload_root_for_tests()
    manager = cast.business_manager
    review = svc.review_start(
        actor=manager,
        case=make_case(world, "own organisation"),
        kind="cspr",
        title="Child Crawl",
        started_on=datetime.date(2016, 8, 1),
    )
    pause = svc.pause_add(
        actor=manager,
        review=review,
        reason="criminal_proceedings",
        started_on=datetime.date(2016, 9, 1),
        ended_on=datetime.date(2016, 10, 1),
    )
    milestone = svc.milestone_add(
        actor=manager, review=review, what="Draft report", due_on=datetime.date(2016, 12, 1)
    )
    theme = Theme.objects.order_by("pk").first()
    finding = svc.finding_add(
        actor=manager, review=review, text="Crawl finding", themes=[theme] if theme else []
    )
    recommendation = svc.recommendation_add(
        actor=manager, review=review, text="Crawl recommendation", addressed_to_partnership=True
    )
    svc.review_change(
        actor=manager,
        review=review,
        changes={"advance_notice_sent_on": datetime.date(2017, 1, 3)},
    )
    publication = svc.publication_prepare(
        actor=manager,
        review=review,
        what="summary",
        summary="Crawl summary",
        file=io.BytesIO(b"Crawl summary.\n"),
        filename="summary.txt",
    )
    approver = make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own)
    svc.publication_approve(
        actor=approver, publication=publication, published_on=datetime.date(2017, 1, 20)
    )
    return {
        "review": review.pk,
        "review_pause": pause.pk,
        "review_milestone": milestone.pk,
        "review_finding": finding.pk,
        "review_recommendation": recommendation.pk,
        "review_publication": publication.pk,
        "theme": theme.pk if theme else 0,
    }
