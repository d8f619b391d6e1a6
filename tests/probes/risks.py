"""Probes for the risk register and the challenge log."""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def _probe_risk(world, relation):
    """A risk of the relation's partnership, owned by the relation's organisation."""
    from masa.risks.models import Risk, RiskAssessment

    risk = Risk.objects.create(
        partnership=partnership_for(world, relation),
        owning_organisation=organisation_for(world, relation),
        title="Probe risk to the arrangements",
        review_on=datetime.date(2030, 1, 1),
        likelihood=2,
        impact=3,
        assessed_on=datetime.date(2016, 7, 19),
    )
    RiskAssessment.objects.create(
        risk=risk,
        assessed_on=risk.assessed_on,
        likelihood=2,
        impact=3,
        recorded_at=datetime.datetime(2016, 7, 19, tzinfo=datetime.UTC),
    )
    return risk


def _probe_challenge(world, relation, *, responded: bool = False):
    """A challenge raised with the relation's organisation in the relation's partnership."""
    from masa.risks.models import Challenge, ChallengeEvent

    challenge = Challenge.objects.create(
        partnership=partnership_for(world, relation),
        organisation=organisation_for(world, relation),
        subject="Probe challenge about attendance",
        raised_on=datetime.date(2016, 7, 19),
        response_due_on=datetime.date(2016, 8, 16),
    )
    for kind in ("raised", "responded") if responded else ("raised",):
        ChallengeEvent.objects.create(
            challenge=challenge,
            kind=kind,
            occurred_on=datetime.date(2016, 7, 19),
            text="Probe response" if kind == "responded" else "",
            recorded_at=datetime.datetime(2016, 7, 19, tzinfo=datetime.UTC),
        )
    return challenge


def probe_view_risks(client, world, relation) -> Seen:
    risk = _probe_risk(world, relation)
    page = client.get(f"/risks/{risk.pk}/")
    listing = client.get("/risks/")
    api = client.get(f"/api/v1/risks/{risk.pk}/")
    api_list = client.get("/api/v1/risks/")
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and b"Probe risk to the arrangements" in listing.content,
            api.status_code == 200,
            api_list.status_code == 200
            and risk.pk in [r["id"] for r in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_manage_risks(client, world, relation) -> Seen:
    risk = _probe_risk(world, relation)
    form = client.get(f"/risks/{risk.pk}/reassess/")
    posted = client.post(
        f"/risks/{risk.pk}/reassess/",
        {
            "likelihood": "3",
            "impact": "3",
            "assessed_on-day": "20",
            "assessed_on-month": "7",
            "assessed_on-year": "2016",
            "note": "Probe",
        },
    )
    api = client.patch(
        f"/api/v1/risks/{risk.pk}/",
        {"mitigation": "Probe controls"},
        content_type="application/json",
    )
    risk.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and risk.assessments.count() == 2,
            api.status_code == 200 and risk.mitigation == "Probe controls",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_view_challenges(client, world, relation) -> Seen:
    challenge = _probe_challenge(world, relation, responded=True)
    page = client.get(f"/challenges/{challenge.pk}/")
    listing = client.get("/challenges/?show=all")
    api = client.get(f"/api/v1/challenges/{challenge.pk}/")
    api_list = client.get("/api/v1/challenges/")
    responses = client.get("/api/v1/challenge-responses/")
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and b"Probe challenge about attendance" in listing.content,
            api.status_code == 200,
            api_list.status_code == 200
            and challenge.pk in [c["id"] for c in api_list.json()["results"]],
            responses.status_code == 200
            and challenge.pk in [r["challenge"] for r in responses.json()["results"]],
        ],
        statuses=[
            page.status_code,
            listing.status_code,
            api.status_code,
            api_list.status_code,
            responses.status_code,
        ],
    )


def probe_raise_challenges(client, world, relation) -> Seen:
    """Raising makes a new record, so the probe records assurance on the relation's challenge
    (the same permission) and closes it through the API."""
    challenge = _probe_challenge(world, relation)
    form = client.get(f"/challenges/{challenge.pk}/assurance/")
    posted = client.post(
        f"/challenges/{challenge.pk}/assurance/",
        {
            "assurance_received": "yes",
            "assurance": "Probe assurance",
            "assured_on-day": "20",
            "assured_on-month": "7",
            "assured_on-year": "2016",
        },
    )
    api = client.patch(
        f"/api/v1/challenges/{challenge.pk}/",
        {"status": "closed"},
        content_type="application/json",
    )
    challenge.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and challenge.assurance_received is True,
            api.status_code == 200 and challenge.status == "closed",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_respond_to_challenges(client, world, relation) -> Seen:
    from masa.risks.models import ChallengeEvent

    challenge = _probe_challenge(world, relation)
    form = client.get(f"/challenges/{challenge.pk}/respond/")
    posted = client.post(
        f"/challenges/{challenge.pk}/respond/",
        {
            "response": "Probe response",
            "responded_on-day": "20",
            "responded_on-month": "7",
            "responded_on-year": "2016",
        },
    )
    api = client.post(
        "/api/v1/challenge-responses/",
        {"challenge": challenge.pk, "response": "Probe response by API"},
        content_type="application/json",
    )
    responses = ChallengeEvent.objects.filter(challenge=challenge, kind="responded")
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and responses.filter(text="Probe response").exists(),
            api.status_code == 201,
        ],
        # The API names the challenge in the body: out of reach it answers 400 ("Invalid pk"
        # for `challenge`, as for a missing one), so its status is not among the page statuses.
        statuses=[form.status_code, posted.status_code],
    )


PROBES = {
    Permission.VIEW_RISKS: probe_view_risks,
    Permission.MANAGE_RISKS: probe_manage_risks,
    Permission.VIEW_CHALLENGES: probe_view_challenges,
    Permission.RAISE_CHALLENGES: probe_raise_challenges,
    Permission.RESPOND_TO_CHALLENGES: probe_respond_to_challenges,
}

PK_SOURCES = {
    "risks:risk": "risk",
    "risks:risk-edit": "risk",
    "risks:risk-assess": "risk",
    "risks:challenge": "challenge",
    "risks:challenge-respond": "challenge",
    "risks:challenge-assurance": "challenge",
    "risks:challenge-close": "challenge",
    "risks:challenge-reopen": "challenge",
    "risk-detail": "risk",
    "challenge-detail": "challenge",
    "challenge-response-detail": "challenge_response",
}

POST_ONLY = {"risks:challenge-close", "risks:challenge-reopen"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A risk owned by the own organisation, and a challenge raised with it, answered."""
    from masa.risks.models import ChallengeEvent

    risk = _probe_risk(world, "own organisation")
    challenge = _probe_challenge(world, "own organisation", responded=True)
    response = ChallengeEvent.objects.get(challenge=challenge, kind="responded")
    return {"risk": risk.pk, "challenge": challenge.pk, "challenge_response": response.pk}
