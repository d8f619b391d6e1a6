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
