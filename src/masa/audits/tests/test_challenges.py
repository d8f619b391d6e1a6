"""Peer challenge workshops: services (checks and audit events), pages and the API, scoped so
the business unit records them and an organisation sees the challenges of its own return and
those it made, never anyone else's."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.audits import challenges, services
from masa.audits.models import (
    ChallengeActionStatus,
    ChallengeOutcome,
    ChallengerKind,
    PeerChallenge,
    PeerChallengeAction,
)
from masa.audits.tests.helpers import complete_answers, invitation, small_framework, start_cycle
from masa.core.models import AuditEvent
from masa.core.roles import Role


@pytest.fixture
def third(world):
    return make_organisation(world.partnership, name="Testshire Police")


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own)


@pytest.fixture
def cycle(world, manager, third):
    cycle = start_cycle(
        manager, small_framework(manager, world.partnership), [world.own, world.other, third]
    )
    for organisation, grade in ((world.own, "outstanding"), (world.other, "good"), (third, "good")):
        lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation)
        audit_return = services.return_start(actor=lead, invitation=invitation(cycle, organisation))
        complete_answers(lead, audit_return, grade)
        services.return_set_overall(actor=lead, audit_return=audit_return, grade=grade)
        services.return_submit(actor=lead, audit_return=audit_return)
    return cycle


def _return_of(cycle, organisation):
    return invitation(cycle, organisation).audit_return


@pytest.fixture
def workshop(cycle, manager):
    return challenges.workshop_save(
        actor=manager,
        cycle=cycle,
        held_on=datetime.date(2017, 6, 14),
        facilitator="Business manager",
        notes="Validation sample",
    )


def _challenge(workshop, manager, returned, challenger, **overrides):
    values = {
        "challenger_kind": ChallengerKind.ORGANISATION,
        "challenger_organisation": challenger,
        "evidence_seen": "Inspection report",
        "outcome": ChallengeOutcome.CONFIRMED,
    }
    values.update(overrides)
    return challenges.challenge_save(
        actor=manager, workshop=workshop, audit_return=returned, **values
    )


# -- Services --------------------------------------------------------------------------------


def test_a_workshop_and_a_challenge_are_saved_and_audited(cycle, workshop, manager, world):
    challenge = _challenge(
        workshop,
        manager,
        _return_of(cycle, world.own),
        world.other,
        outcome=ChallengeOutcome.CHANGED,
        moderated_grade="good",
    )
    assert challenge.moderated_grade == "good"
    assert challenge.challenger_name == "Testshire Probation Service"
    event = AuditEvent.objects.get(action="audit_peer_challenge.added")
    assert event.detail["outcome"] == "changed" and event.detail["audit_return"] > 0
    assert AuditEvent.objects.filter(action="audit_workshop.added").count() == 1


def test_a_challenge_is_refused_with_reasons_by_field(cycle, workshop, manager, world):
    own_return = _return_of(cycle, world.own)
    with pytest.raises(ValidationError) as refused:
        _challenge(workshop, manager, own_return, world.own)
    assert refused.value.message_dict["challenger_organisation"] == [
        "An organisation cannot challenge its own return: choose another"
    ]
    with pytest.raises(ValidationError) as refused:
        _challenge(workshop, manager, own_return, world.other, outcome=ChallengeOutcome.CHANGED)
    assert refused.value.message_dict["moderated_grade"] == [
        "Select the grade agreed at the challenge"
    ]
    with pytest.raises(ValidationError) as refused:
        _challenge(
            workshop,
            manager,
            own_return,
            world.other,
            outcome=ChallengeOutcome.CHANGED,
            moderated_grade="outstanding",
        )
    assert "same as the self grade" in refused.value.message_dict["moderated_grade"][0]
    with pytest.raises(ValidationError) as refused:
        _challenge(workshop, manager, own_return, world.outside_partnership)
    assert "challenger_organisation" in refused.value.message_dict
    _challenge(workshop, manager, own_return, world.other)
    with pytest.raises(ValidationError) as refused:
        _challenge(workshop, manager, own_return, world.other)
    assert refused.value.message_dict["audit_return"] == [
        "This return is already challenged at this workshop"
    ]
    # The business unit or the scrutineer: no organisation is kept.
    scrutiny = _challenge(
        workshop,
        manager,
        _return_of(cycle, world.other),
        world.own,
        challenger_kind=ChallengerKind.SCRUTINEER,
    )
    assert scrutiny.challenger_organisation is None
    assert scrutiny.challenger_name == "Independent scrutineer or a lay member"


def test_closing_an_action_needs_evidence_and_overdue_is_tagged(cycle, workshop, manager, world):
    challenge = _challenge(workshop, manager, _return_of(cycle, world.own), world.other)
    action = challenges.action_save(
        actor=manager,
        challenge=challenge,
        what="Send the case file audit",
        organisation=world.own,
        owner="Head of safeguarding",
        due_on=datetime.date(2017, 9, 29),
    )
    assert action.is_overdue(datetime.date(2017, 10, 1))
    assert not action.is_overdue(datetime.date(2017, 9, 29))
    with pytest.raises(ValidationError) as refused:
        challenges.action_save(
            actor=manager,
            challenge=challenge,
            action=action,
            what=action.what,
            organisation=world.own,
            owner=action.owner,
            due_on=action.due_on,
            status=ChallengeActionStatus.CLOSED,
        )
    assert refused.value.message_dict["closing_evidence"] == [
        "Enter the evidence that the action is done before closing it"
    ]
    closed = challenges.action_save(
        actor=manager,
        challenge=challenge,
        action=action,
        what=action.what,
        organisation=world.own,
        owner=action.owner,
        due_on=action.due_on,
        status=ChallengeActionStatus.CLOSED,
        closing_evidence="Audit received",
    )
    assert closed.closed_on is not None and not closed.is_overdue(datetime.date(2030, 1, 1))
    assert list(
        AuditEvent.objects.filter(action__startswith="audit_peer_challenge_action.").values_list(
            "action", flat=True
        )
    ) == ["audit_peer_challenge_action.added", "audit_peer_challenge_action.closed"]


# -- Pages -----------------------------------------------------------------------------------


def test_the_business_manager_records_a_workshop_through_the_pages(cycle, manager, world):
    client = signed_in_client(manager)
    assert client.get(f"/audits/cycles/{cycle.pk}/add-workshop/").status_code == 200
    bad = client.post(
        f"/audits/cycles/{cycle.pk}/add-workshop/",
        {"held_on-day": "14", "held_on-month": "6", "held_on-year": "2017", "facilitator": ""},
    )
    assert bad.status_code == 400
    assert "Enter who facilitated the workshop" in bad.content.decode()
    assert 'value="2017"' in bad.content.decode()  # nothing typed is lost
    added = client.post(
        f"/audits/cycles/{cycle.pk}/add-workshop/",
        {
            "held_on-day": "14",
            "held_on-month": "6",
            "held_on-year": "2017",
            "facilitator": "Business manager",
        },
    )
    assert added.status_code == 302
    workshop_url = added["Location"]
    own_return = _return_of(cycle, world.own)
    refused = client.post(
        f"{workshop_url}add-challenge/",
        {
            "audit_return": own_return.pk,
            "challenger_kind": "organisation",
            "outcome": "changed",
            "evidence_seen": "Board minutes",
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Choose the organisation that challenged" in page
    assert "Select the grade agreed at the challenge" in page
    assert "Board minutes" in page
    recorded = client.post(
        f"{workshop_url}add-challenge/",
        {
            "audit_return": own_return.pk,
            "challenger_kind": "organisation",
            "challenger_organisation": world.other.pk,
            "outcome": "changed",
            "moderated_grade": "good",
            "evidence_seen": "Board minutes",
        },
    )
    assert recorded.status_code == 302
    challenge = PeerChallenge.objects.get()
    action_added = client.post(
        f"/audits/peer-challenges/{challenge.pk}/add-action/",
        {
            "what": "Send the audit",
            "organisation": world.own.pk,
            "owner": "Named nurse",
            "due_on-day": "29",
            "due_on-month": "9",
            "due_on-year": "2017",
            "status": "open",
        },
    )
    assert action_added.status_code == 302
    action = PeerChallengeAction.objects.get()
    closing = client.post(
        f"/audits/peer-challenge-actions/{action.pk}/change/",
        {
            "what": "Send the audit",
            "organisation": world.own.pk,
            "owner": "Named nurse",
            "due_on-day": "29",
            "due_on-month": "9",
            "due_on-year": "2017",
            "status": "closed",
        },
    )
    assert closing.status_code == 400
    assert "Enter the evidence that the action is done" in closing.content.decode()
    shown = client.get(f"/audits/peer-challenges/{challenge.pk}/").content.decode()
    assert "Grade changed: Good" in shown and "Overdue" in shown
    cycle_page = client.get(f"/audits/cycles/{cycle.pk}/").content.decode()
    assert "14 June 2017" in cycle_page


def test_each_organisation_sees_its_own_challenges_and_those_it_made_only(
    cycle, workshop, manager, world, third
):
    received = _challenge(workshop, manager, _return_of(cycle, world.own), world.other)
    others = _challenge(workshop, manager, _return_of(cycle, third), world.own)
    unrelated = _challenge(
        workshop,
        manager,
        _return_of(cycle, world.other),
        third,
    )
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    client = signed_in_client(lead)
    assert client.get(f"/audits/peer-challenges/{received.pk}/").status_code == 200
    made = client.get(f"/audits/peer-challenges/{others.pk}/")
    assert made.status_code == 200
    # It made the challenge but may not open the other organisation's return.
    assert f"/audits/returns/{others.audit_return_id}/" not in made.content.decode()
    assert client.get(f"/audits/peer-challenges/{unrelated.pk}/").status_code == 404
    page = client.get(f"/audits/workshops/{workshop.pk}/").content.decode()
    assert "Testshire Police" in page and "Validation sample" not in page  # no notes
    assert f"/audits/peer-challenges/{unrelated.pk}/" not in page
    listed = client.get("/api/v1/audits/peer-challenges/").json()["results"]
    assert sorted(c["id"] for c in listed) == sorted([received.pk, others.pk])
    assert client.get(f"/api/v1/audits/peer-challenges/{unrelated.pk}/").status_code == 404
    # It cannot record challenges: 403 (no permission at all).
    assert client.get(f"/audits/workshops/{workshop.pk}/add-challenge/").status_code == 403
    cycle_page = client.get(f"/audits/cycles/{cycle.pk}/").content.decode()
    assert f"/audits/peer-challenges/{received.pk}/" in cycle_page
    assert f"/audits/peer-challenges/{unrelated.pk}/" not in cycle_page
    # Another partnership's business manager sees nothing.
    outsider = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    other_client = signed_in_client(outsider)
    assert other_client.get(f"/audits/workshops/{workshop.pk}/").status_code == 404
    assert other_client.get(f"/audits/peer-challenges/{received.pk}/").status_code == 404
    assert other_client.get(f"/audits/workshops/{workshop.pk}/change/").status_code == 404


# -- API -------------------------------------------------------------------------------------


def test_the_api_reads_creates_and_changes_challenges_through_the_services(
    cycle, workshop, manager, world, third
):
    client = signed_in_client(manager)
    created = client.post(
        "/api/v1/audits/peer-challenges/",
        {
            "workshop": workshop.pk,
            "audit_return": _return_of(cycle, world.own).pk,
            "challenger_kind": "organisation",
            "challenger_organisation": world.other.pk,
            "outcome": "confirmed",
            "evidence_seen": "Board minutes",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["challenger_name"] == "Testshire Probation Service" and body["actions"] == []
    pk = body["id"]
    patched = client.patch(
        f"/api/v1/audits/peer-challenges/{pk}/",
        {"outcome": "further_evidence"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["outcome"] == "further_evidence"
    assert patched.json()["evidence_seen"] == "Board minutes"
    assert AuditEvent.objects.filter(
        action="audit_peer_challenge.changed", object_id=str(pk)
    ).exists()
    bad = client.patch(
        f"/api/v1/audits/peer-challenges/{pk}/",
        {"outcome": "changed"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["fields"]["moderated_grade"] == ["Select the grade agreed at the challenge"]
    detail = client.get(f"/api/v1/audits/peer-challenges/{pk}/")
    assert detail.status_code == 200 and detail.json()["cycle"] == cycle.pk
    # A lead may read their own organisation's challenge but not change it.
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    forbidden = signed_in_client(lead).patch(
        f"/api/v1/audits/peer-challenges/{pk}/",
        {"outcome": "confirmed"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    outsider = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    assert (
        signed_in_client(outsider).get(f"/api/v1/audits/peer-challenges/{pk}/").status_code == 404
    )
    assert (
        signed_in_client(outsider)
        .patch(
            f"/api/v1/audits/peer-challenges/{pk}/",
            {"outcome": "confirmed"},
            content_type="application/json",
        )
        .status_code
        == 404
    )


# -- Queries ---------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_workshops(cycle, manager, world, third, count):
    returns = [_return_of(cycle, o) for o in (world.own, world.other, third)]
    workshops = []
    for n in range(count):
        workshop = challenges.workshop_save(
            actor=manager,
            cycle=cycle,
            held_on=datetime.date(2017, 6, 1) + datetime.timedelta(days=n),
            facilitator=f"Facilitator {n}",
        )
        for returned, challenger in zip(returns, [world.other, third, world.own], strict=True):
            challenge = _challenge(workshop, manager, returned, challenger)
            challenges.action_save(
                actor=manager,
                challenge=challenge,
                what="Action",
                organisation=returned.organisation,
                owner="Owner",
                due_on=datetime.date(2017, 9, 1),
            )
        workshops.append(workshop)
    return workshops


def test_workshop_and_cycle_pages_read_in_fixed_queries(cycle, manager, world, third):
    client = signed_in_client(manager)
    (first,) = _more_workshops(cycle, manager, world, third, 1)
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    lead_client = signed_in_client(lead)
    urls = [f"/audits/cycles/{cycle.pk}/", f"/audits/workshops/{first.pk}/"]
    before = [_queries(client, url) for url in urls]
    before_lead = _queries(lead_client, f"/audits/cycles/{cycle.pk}/")
    before_api = _queries(client, "/api/v1/audits/peer-challenges/")
    _more_workshops(cycle, manager, world, third, 9)
    # Ten times the actions on the first workshop's challenges too.
    for challenge in first.challenges.all():
        for n in range(9):
            challenges.action_save(
                actor=manager,
                challenge=challenge,
                what=f"Action {n}",
                organisation=challenge.audit_return.organisation,
                owner="Owner",
                due_on=datetime.date(2017, 9, 1),
            )
    assert [_queries(client, url) for url in urls] == before
    assert _queries(lead_client, f"/audits/cycles/{cycle.pk}/") == before_lead
    assert _queries(client, "/api/v1/audits/peer-challenges/") == before_api
