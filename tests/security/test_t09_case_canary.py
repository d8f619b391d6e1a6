"""SECURITY.md T9 for cases for consideration: a canary.

A case raised by `world.own` carries one unique token in every free-text field (what
happened, the circumstances, why it may meet the criteria, the pseudonym, the scrutineer's
view). Every URL MASA has (pages and API, with the case's own ids where a URL takes one) is
then read by everyone who must not see it: anonymous visitors, a person of `world.other` in
each role whose reach stops at their own organisation (or who has no case permission at all),
and the business manager of another partnership. The token must appear in no body and no
header. The logs of the whole crawl and every audit event's `detail` must never hold it.

Roles granted cases at the partnership scope (the business unit, the delegated partners and
the scrutineer) see every case in their partnership by design, so they are not crawled as
outsiders; the test shows the business manager of `world.own` does see the token, so the
canary is really there.
"""

from __future__ import annotations

import datetime
import logging
import secrets

import pytest
from django.test import Client

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.permissions import POLICY, Permission, Scope
from masa.core.roles import Role
from masa.learning import services
from masa.learning.models import CaseInfoRequest


@pytest.fixture
def canary(world):
    token = f"Canary{secrets.token_hex(6)}"
    raiser = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    manager = make_member(Role.BUSINESS_MANAGER, world.own)
    case = services.case_raise(
        actor=raiser,
        organisation=world.own,
        what_happened=f"What happened {token}",
        age_band="under_1",
        circumstances=f"Circumstances {token}",
        agencies=[world.own, world.other],
        why_criteria=f"Why {token}",
        raised_on=datetime.date(2026, 3, 20),
    )
    services.case_change(
        actor=manager,
        case=case,
        changes={
            "pseudonym": f"Child {token}",
            "became_aware_on": datetime.date(2026, 3, 20),
            "notified_on": datetime.date(2026, 3, 23),
            "partners_agree": False,
            "scrutineer_view": f"Scrutineer {token}",
            "recommendation": "cspr",
            "decided_on": datetime.date(2026, 4, 9),
        },
    )
    request = services.info_request_add(
        actor=manager,
        case=case,
        organisation=world.other,
        due_on=datetime.date(2026, 3, 30),
        requested_on=datetime.date(2026, 3, 23),
    )
    return token, case, request, manager


def _outsiders(world) -> dict[str, Client]:
    grants = POLICY[Permission.VIEW_CASES]
    visitors = {"anonymous": Client()}
    for role in Role:
        if grants.get(role, Scope.NONE) == Scope.PARTNERSHIP:
            continue  # sees every case in the partnership by design
        visitors[f"{role.label} of the other organisation"] = signed_in_client(
            make_member(role, world.other)
        )
    visitors["business manager of another partnership"] = signed_in_client(
        make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    )
    return visitors


def _urls(crawl_urls, case, request) -> list[str]:
    """Every URL of MASA; those of cases point at the canary case and its request."""
    from django.urls import reverse

    urls = []
    for route, url in crawl_urls:
        if "pk" in route.parameters and route.name.startswith(("learning:", "case-")):
            pk = request.pk if route.name == "learning:case-request-reply" else case.pk
            url = reverse(route.name, kwargs={"pk": pk})
        urls.append(url)
    return urls


def test_the_canary_is_there_for_those_who_may_see_it(canary):
    token, case, _, manager = canary
    client = signed_in_client(manager)
    assert token in client.get(f"/cases/{case.pk}/").content.decode()
    assert token in client.get(f"/api/v1/cases/{case.pk}/").content.decode()


def test_no_outsider_ever_meets_the_canary(world, canary, crawl_urls, caplog):
    token, case, request, _ = canary
    caplog.set_level(logging.DEBUG)
    urls = _urls(crawl_urls, case, request)
    assert f"/cases/{case.pk}/" in urls and f"/api/v1/cases/{case.pk}/" in urls
    for who, client in _outsiders(world).items():
        for url in urls:
            response = client.get(url)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            assert token not in body, f"{who} saw the canary at {url}"
            headers = " ".join(f"{k}: {v}" for k, v in response.items())
            assert token not in headers, f"{who} met the canary in a header of {url}"
    assert token not in caplog.text
    for detail in AuditEvent.objects.values_list("detail", flat=True):
        assert token not in str(detail)


def test_the_canary_never_reaches_the_logs_or_the_audit_trail_of_those_who_see_it(canary, caplog):
    token, case, request, manager = canary
    caplog.set_level(logging.DEBUG)
    client = signed_in_client(manager)
    for url in (
        "/cases/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/notification/",
        f"/cases/{case.pk}/rapid-review/",
        f"/cases/requests/{request.pk}/reply/",
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/",
        "/home/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert token not in " ".join(f"{k}: {v}" for k, v in response.items())
    # A refused change echoes nothing about the child into the logs either.
    client.patch(
        f"/api/v1/cases/{case.pk}/",
        {"pseudonym": f"{token}!!"},
        content_type="application/json",
    )
    assert CaseInfoRequest.objects.filter(case=case).exists()
    assert token not in caplog.text
    for detail in AuditEvent.objects.values_list("detail", flat=True):
        assert token not in str(detail)


# -- Practice reviews (issue 5 steps 4–8) ------------------------------------------------------
#
# A review of a case `world.own` raised carries the token in every free-text field of the
# review and of what hangs from it: title, reviewer and their organisation, methodology, terms
# of reference, a pause's note, a milestone and its quality note, a finding, a recommendation,
# an action owned by `world.own` (description and both kinds of evidence), a dissemination
# (audience, notes) and a summary waiting for approval. A second review is published: its
# title and approved summary are public by design and carry no token, while everything else
# in it does. No outsider, and nobody anonymous, may ever meet the token.


@pytest.fixture
def review_canary(world, tmp_path, settings):
    import io

    from masa.learning import reviews as review_services
    from masa.learning.models import Dissemination, ReviewAction, Theme

    settings.MASA_UPLOAD_ROOT = str(tmp_path)
    token = f"Canary{secrets.token_hex(6)}"
    manager = make_member(Role.BUSINESS_MANAGER, world.own)
    approver = make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own)
    case = services.case_raise(
        actor=manager,
        organisation=world.own,
        what_happened="What happened, told without the token",
        age_band="under_1",
        raised_on=datetime.date(2026, 1, 5),
    )
    theme = Theme.objects.get(name="Information sharing")
    made = {}
    for name, title in (("hidden", f"Child {token}"), ("published", "Child Published")):
        review = review_services.review_start(
            actor=manager,
            case=case,
            kind="cspr",
            title=title,
            started_on=datetime.date(2026, 1, 12),
            reviewer_name=f"Reviewer {token}",
            reviewer_organisation=f"Reviewers {token}",
            methodology=f"Methodology {token}",
            terms_of_reference=f"Terms {token}",
        )
        pause = review_services.pause_add(
            actor=manager,
            review=review,
            reason="criminal_proceedings",
            started_on=datetime.date(2026, 2, 2),
            ended_on=datetime.date(2026, 2, 20),
            note=f"Pause {token}",
        )
        milestone = review_services.milestone_add(
            actor=manager,
            review=review,
            what=f"Milestone {token}",
            due_on=datetime.date(2026, 3, 2),
            quality_note=f"Quality {token}",
        )
        finding = review_services.finding_add(
            actor=manager, review=review, text=f"Finding {token}", themes=[theme]
        )
        recommendation = review_services.recommendation_add(
            actor=manager,
            review=review,
            text=f"Recommendation {token}",
            themes=[theme],
            addressed_to=[world.own],
        )
        ReviewAction.objects.create(
            recommendation=recommendation,
            description=f"Action {token}",
            owning_organisation=world.own,
            due_on=datetime.date(2026, 6, 1),
            evidence_of_completion=f"Completion {token}",
            evidence_of_impact=f"Impact {token}",
        )
        Dissemination.objects.create(
            review=review,
            kind="bulletin",
            held_on=datetime.date(2026, 3, 1),
            audience=f"Audience {token}",
            notes=f"Notes {token}",
        )
        review_services.review_change(
            actor=manager,
            review=review,
            changes={"advance_notice_sent_on": datetime.date(2026, 3, 2)},
        )
        publication = review_services.publication_prepare(
            actor=manager,
            review=review,
            what="summary",
            summary=f"Summary {token}" if name == "hidden" else "The published summary",
            file=io.BytesIO(b"The summary.\n"),
            filename="summary.txt",
        )
        if name == "published":
            review_services.publication_approve(
                actor=approver, publication=publication, published_on=datetime.date(2026, 3, 16)
            )
        made[name] = {
            "review": review,
            "pause": pause,
            "milestone": milestone,
            "finding": finding,
            "recommendation": recommendation,
            "publication": publication,
        }
    return token, made, manager


def _review_outsiders(world) -> dict[str, Client]:
    grants = POLICY[Permission.VIEW_REVIEWS]
    visitors = {"anonymous": Client()}
    for role in Role:
        if grants.get(role, Scope.NONE) == Scope.PARTNERSHIP:
            continue  # sees every review in the partnership by design
        visitors[f"{role.label} of the other organisation"] = signed_in_client(
            make_member(role, world.other)
        )
    visitors["business manager of another partnership"] = signed_in_client(
        make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    )
    return visitors


_REVIEW_ROUTES = {
    "learning:review-pause-change": "pause",
    "learning:review-milestone-change": "milestone",
    "learning:review-finding": "finding",
    "learning:review-recommendation": "recommendation",
    "learning:review-publication-approve": "publication",
    "learning:review-publication-download": "publication",
    "learning:published-file": "publication",
}


def _review_urls(crawl_urls, made) -> list[str]:
    """Every URL of MASA, each review URL once for the hidden and once for the published one."""
    from django.urls import reverse

    urls = []
    for route, url in crawl_urls:
        name = route.name
        if "pk" in route.parameters and (
            name.startswith(("learning:review", "learning:published")) or name == "review-detail"
        ):
            for records in made.values():
                record = records[_REVIEW_ROUTES.get(name, "review")]
                urls.append(reverse(name, kwargs={"pk": record.pk}))
        else:
            urls.append(url)
    return urls


def test_the_review_canary_is_there_for_those_who_may_see_it(review_canary):
    token, made, manager = review_canary
    client = signed_in_client(manager)
    for records in made.values():
        assert token in client.get(f"/learning/reviews/{records['review'].pk}/").content.decode()
        assert token in client.get(f"/api/v1/reviews/{records['review'].pk}/").content.decode()
    public = Client().get(f"/learning/published/{made['published']['review'].pk}/")
    assert public.status_code == 200 and b"The published summary" in public.content


def test_no_outsider_and_nobody_anonymous_ever_meets_the_review_canary(
    world, review_canary, crawl_urls, caplog
):
    token, made, _ = review_canary
    caplog.set_level(logging.DEBUG)
    urls = _review_urls(crawl_urls, made)
    published = made["published"]["review"].pk
    assert f"/learning/published/{published}/" in urls
    assert f"/learning/reviews/{made['hidden']['review'].pk}/" in urls
    for who, client in _review_outsiders(world).items():
        for url in urls:
            response = client.get(url)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            assert token not in body, f"{who} saw the canary at {url}"
            headers = " ".join(f"{k}: {v}" for k, v in response.items())
            assert token not in headers, f"{who} met the canary in a header of {url}"
    assert token not in caplog.text
    for detail in AuditEvent.objects.values_list("detail", flat=True):
        assert token not in str(detail)
