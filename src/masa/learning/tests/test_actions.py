"""Review action plans and dissemination (issue 5 steps 6 and 7): closing needs evidence, who
may change what, overdue actions on the home page, the list's constant queries, the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.learning import actions as svc
from masa.learning import reviews as reviews_svc
from masa.learning.models import ActionStatus, Dissemination, ReviewAction

D = datetime.date


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def _recommendation(manager, partnership=None, title="Child Action"):
    review = reviews_svc.review_start(
        actor=manager,
        case=None,
        partnership=partnership or manager.memberships.first().partnership,
        kind="thematic",
        title=title,
        started_on=D(2016, 4, 1),
    )
    return reviews_svc.recommendation_add(
        actor=manager, review=review, text="Strengthen escalation.", addressed_to_partnership=True
    )


def _action(manager, organisation, recommendation=None, **fields):
    recommendation = recommendation or _recommendation(manager)
    values = {"description": "Revise the escalation policy.", "due_on": D(2016, 9, 30)}
    values.update(fields)
    return svc.action_add(
        actor=manager,
        recommendation=recommendation,
        owning_organisation=organisation,
        **values,
    )


# -- Services --------------------------------------------------------------------------------


def test_closing_an_action_needs_evidence_of_completion(world, manager):
    action = _action(manager, world.own)
    for status in ("done", "closed"):
        with pytest.raises(ValidationError) as refused:
            svc.action_update(actor=manager, action=action, changes={"status": status})
        assert "evidence that the action is complete" in str(
            refused.value.message_dict["evidence_of_completion"]
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.closed_on is None

    svc.action_update(
        actor=manager,
        action=action,
        changes={"status": "closed", "evidence_of_completion": "Policy published."},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert action.closed_on == timezone.localdate()
    event = AuditEvent.objects.filter(action="learning.action_closed").get()
    assert event.object_id == str(action.pk)
    assert "Policy published" not in str(event.detail)  # ids and field names only

    svc.action_update(actor=manager, action=action, changes={"status": "in_progress"})
    action.refresh_from_db()
    assert action.closed_on is None


def test_an_action_is_overdue_when_due_has_passed_and_not_done(world, manager):
    action = _action(manager, world.own, due_on=D(2016, 9, 30))
    assert action.is_late(D(2016, 10, 1)) and not action.is_late(D(2016, 9, 30))
    assert ReviewAction.objects.overdue(D(2016, 10, 1)).filter(pk=action.pk).exists()
    svc.action_update(
        actor=manager,
        action=action,
        changes={"status": "done", "evidence_of_completion": "Done.", "closed_on": D(2016, 9, 1)},
    )
    assert not action.is_late(D(2016, 10, 1))


def test_plan_checks_name_the_field(world, manager):
    recommendation = _recommendation(manager)
    stranger = make_member(Role.PRACTITIONER, world.other, full_name="Sam Other")
    with pytest.raises(ValidationError) as refused:
        svc.action_add(
            actor=manager,
            recommendation=recommendation,
            description="Something",
            owning_organisation=world.outside_partnership,
            due_on=D(2015, 1, 1),
        )
    assert set(refused.value.message_dict) == {"owning_organisation", "due_on"}
    with pytest.raises(ValidationError) as refused:
        svc.action_add(
            actor=manager,
            recommendation=recommendation,
            description="Something",
            owning_organisation=world.own,
            owner=stranger,
            due_on=D(2016, 5, 1),
        )
    assert "Testshire NHS Foundation Trust" in refused.value.message_dict["owner"][0]


def test_the_owning_organisations_lead_updates_progress_but_not_the_plan(
    world, manager, agency_lead
):
    action = _action(manager, world.own)
    svc.action_update(
        actor=agency_lead,
        action=action,
        changes={"status": "in_progress", "evidence_of_impact": "Audit shows use."},
    )
    with pytest.raises(PermissionDenied):
        svc.action_update(actor=agency_lead, action=action, changes={"due_on": D(2017, 1, 1)})
    theirs = _action(manager, world.other)
    with pytest.raises(PermissionDenied):
        svc.action_update(actor=agency_lead, action=theirs, changes={"status": "in_progress"})
    with pytest.raises(PermissionDenied):
        svc.action_add(
            actor=agency_lead,
            recommendation=action.recommendation,
            description="Mine",
            owning_organisation=world.own,
            due_on=D(2016, 9, 30),
        )


def test_a_practitioner_who_owns_an_action_sees_and_updates_it(world, manager):
    owner = make_member(Role.PRACTITIONER, world.other, full_name="Pat Owner")
    action = _action(manager, world.other, owner=owner)
    client = signed_in_client(owner)
    assert client.get(f"/learning/actions/{action.pk}/").status_code == 200
    assert client.get("/learning/actions/").status_code == 403  # the subgroup's list
    response = client.post(
        f"/learning/actions/{action.pk}/edit/",
        {"status": "done", "evidence_of_completion": "Training delivered."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


# -- Pages -----------------------------------------------------------------------------------


def test_agency_lead_changes_only_their_own_organisations_action(world, manager, agency_lead):
    ours = _action(manager, world.own)
    theirs = _action(manager, world.other, recommendation=ours.recommendation)
    client = signed_in_client(agency_lead)

    assert client.get(f"/learning/actions/{theirs.pk}/").status_code == 404
    assert client.get(f"/learning/actions/{theirs.pk}/edit/").status_code == 404
    response = client.post(
        f"/learning/actions/{theirs.pk}/edit/",
        {"status": "closed", "evidence_of_completion": "Not mine."},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.OPEN

    page = client.get(f"/learning/actions/{ours.pk}/edit/")
    assert page.status_code == 200
    assert b"Due date" not in page.content  # the plan is the business unit's

    refused = client.post(f"/learning/actions/{ours.pk}/edit/", {"status": "closed"})
    assert refused.status_code == 400
    assert b"Enter the evidence that the action is complete" in refused.content
    assert b"govuk-error-summary" in refused.content

    done = client.post(
        f"/learning/actions/{ours.pk}/edit/",
        {
            "status": "closed",
            "evidence_of_completion": "Revised policy published.",
            **date_fields("closed_on", D(2016, 9, 20)),
        },
    )
    assert done.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.closed_on) == (ActionStatus.CLOSED, D(2016, 9, 20))

    listing = client.get("/learning/actions/")
    assert str(ours.pk).encode() in listing.content
    assert f"/learning/actions/{theirs.pk}/".encode() not in listing.content


def test_a_scrutineer_sees_actions_but_may_not_change_them(world, manager):
    action = _action(manager, world.own)
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.other)
    client = signed_in_client(scrutineer)
    assert client.get(f"/learning/actions/{action.pk}/").status_code == 200
    assert client.get(f"/learning/actions/{action.pk}/edit/").status_code == 403


def test_the_business_unit_adds_an_action_and_records_dissemination(world, manager, manager_client):
    recommendation = _recommendation(manager)
    url = f"/learning/recommendations/{recommendation.pk}/add-action/"
    assert manager_client.get(url).status_code == 200
    bad = manager_client.post(url, {"description": "Train staff", "due_on-day": "31"})
    assert bad.status_code == 400
    assert b"Select the organisation that owns the action" in bad.content
    assert b"The due date must include a month and year" in bad.content
    assert b"Train staff" in bad.content  # nothing typed is lost
    good = manager_client.post(
        url,
        {
            "description": "Train staff",
            "owning_organisation": world.own.pk,
            **date_fields("due_on", D(2016, 12, 31)),
        },
    )
    assert good.status_code == 302
    action = ReviewAction.objects.get(description="Train staff")
    assert AuditEvent.objects.filter(action="learning.action_added", object_id=action.pk).exists()

    review = recommendation.review
    url = f"/learning/reviews/{review.pk}/add-dissemination/"
    missing = manager_client.post(
        url, {"kind": "practitioner_session", **date_fields("held_on", D(2016, 7, 6))}
    )
    assert missing.status_code == 400
    assert b"Enter how many practitioners attended" in missing.content
    saved = manager_client.post(
        url,
        {
            "kind": "practitioner_session",
            "attendance": "24",
            "audience": "MAPIG",
            **date_fields("held_on", D(2016, 7, 6)),
        },
    )
    assert saved.status_code == 302
    assert Dissemination.objects.get(review=review).attendance == 24

    page = manager_client.get(f"/learning/reviews/{review.pk}/")
    assert b"Train staff" in page.content
    assert b"Practitioner session" in page.content
    assert b"Total attendance" in page.content


def test_overdue_actions_surface_on_the_owners_and_their_leads_home_page(
    world, manager, agency_lead
):
    owner = make_member(Role.PRACTITIONER, world.own, full_name="Pat Owner")
    late = _action(manager, world.own, owner=owner, description="Late action for the trust.")
    _action(manager, world.own, description="Not yet due.", due_on=timezone.localdate())
    theirs = _action(manager, world.other, description="Late action of probation.")

    for person in (owner, agency_lead):
        home = signed_in_client(person).get("/home/")
        assert b"Overdue review action: Late action for the trust." in home.content
        assert f"/learning/actions/{late.pk}/".encode() in home.content
        assert b"Not yet due." not in home.content
        assert b"Late action of probation." not in home.content
    other_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other)
    home = signed_in_client(other_lead).get("/home/")
    assert f"/learning/actions/{theirs.pk}/".encode() in home.content
    assert b"Late action for the trust." not in home.content


def test_the_list_filters_and_takes_the_same_number_of_queries_however_many_actions(
    world, manager, manager_client
):
    recommendation = _recommendation(manager)
    _action(manager, world.own, recommendation, description="Overdue one.")
    svc.action_update(
        actor=manager,
        action=_action(manager, world.other, recommendation, description="Closed one."),
        changes={"status": "closed", "evidence_of_completion": "Done."},
    )

    overdue = manager_client.get("/learning/actions/?overdue=on")
    assert b"Overdue one." in overdue.content and b"Closed one." not in overdue.content
    assert b"Overdue</strong>" in overdue.content
    closed = manager_client.get("/learning/actions/?status=closed")
    assert b"Closed one." in closed.content and b"Overdue one." not in closed.content
    by_org = manager_client.get(f"/learning/actions/?organisation={world.other.pk}")
    assert b"Closed one." in by_org.content and b"Overdue one." not in by_org.content
    assert manager_client.get("/learning/actions/?organisation=nonsense").status_code == 200

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(url).status_code == 200
        return len(queries)

    urls = ("/learning/actions/", f"/learning/reviews/{recommendation.review_id}/")
    few = [count(url) for url in urls]
    owner = make_member(Role.PRACTITIONER, world.own)
    for n in range(18):
        rec = recommendation if n % 2 else _recommendation(manager, title=f"Child {n}")
        organisation = world.own if n % 2 == 0 or n % 3 == 0 else world.other
        _action(manager, organisation, rec, owner=None if n % 2 else owner)
        Dissemination.objects.create(
            review=recommendation.review, kind="briefing", held_on=D(2016, 5, 1)
        )
    assert [count(url) for url in urls] == few


# -- API -------------------------------------------------------------------------------------


def test_api_lists_reads_patches_and_creates_actions(world, manager, manager_client, agency_lead):
    ours = _action(manager, world.own)
    theirs = _action(manager, world.other, recommendation=ours.recommendation)
    client = signed_in_client(agency_lead)

    listing = client.get("/api/v1/actions/").json()
    assert [row["id"] for row in listing["results"]] == [ours.pk]
    assert client.get(f"/api/v1/actions/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/actions/?overdue=true").json()["results"][0]["overdue"] is True
    assert client.get("/api/v1/actions/?status=closed").json()["results"] == []
    bad_filter = client.get("/api/v1/actions/?status=finished")
    assert bad_filter.status_code == 400 and "status" in bad_filter.json()["fields"]

    refused = client.patch(
        f"/api/v1/actions/{ours.pk}/", {"status": "closed"}, content_type="application/json"
    )
    assert refused.status_code == 400
    body = refused.json()
    assert "evidence that the action is complete" in body["fields"]["evidence_of_completion"][0]
    assert body["error"]

    closed = client.patch(
        f"/api/v1/actions/{ours.pk}/",
        {"status": "closed", "evidence_of_completion": "Policy published."},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert AuditEvent.objects.filter(action="learning.action_closed").exists()

    plan = client.patch(
        f"/api/v1/actions/{ours.pk}/", {"due_on": "2017-01-01"}, content_type="application/json"
    )
    assert plan.status_code == 403
    not_mine = client.patch(
        f"/api/v1/actions/{theirs.pk}/", {"status": "done"}, content_type="application/json"
    )
    assert not_mine.status_code == 404
    create = client.post(
        "/api/v1/actions/",
        {
            "recommendation": ours.recommendation_id,
            "description": "Mine",
            "owning_organisation": world.own.pk,
            "due_on": "2016-12-31",
        },
        content_type="application/json",
    )
    assert create.status_code == 403

    created = manager_client.post(
        "/api/v1/actions/",
        {
            "recommendation": ours.recommendation_id,
            "description": "Train staff",
            "owning_organisation": world.other.pk,
            "due_on": "2016-12-31",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["owning_organisation_name"] == world.other.name
    bad = manager_client.post(
        "/api/v1/actions/",
        {
            "recommendation": ours.recommendation_id,
            "description": "Train staff",
            "owning_organisation": world.outside_partnership.pk,
            "due_on": "2016-12-31",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "organisation of the partnership" in bad.json()["fields"]["owning_organisation"][0]


def test_api_answers_404_across_partnerships_and_403_without_the_permission(world, manager):
    action = _action(manager, world.own)
    review = action.recommendation.review
    Dissemination.objects.create(review=review, kind="bulletin", held_on=D(2016, 12, 20))
    elsewhere = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    client = signed_in_client(elsewhere)
    assert client.get(f"/api/v1/actions/{action.pk}/").status_code == 404
    assert client.get("/api/v1/actions/").json()["results"] == []
    assert client.get("/api/v1/disseminations/").json()["results"] == []
    patched = client.patch(
        f"/api/v1/actions/{action.pk}/", {"status": "open"}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert client.get(f"/learning/actions/{action.pk}/").status_code == 404
    posted = client.post(
        "/api/v1/disseminations/",
        {"review": review.pk, "kind": "bulletin", "held_on": "2016-12-21"},
        content_type="application/json",
    )
    assert posted.status_code == 400 and "review" in posted.json()["fields"]

    nobody = signed_in_client(make_member(Role.PRACTITIONER, world.own))
    assert nobody.get("/api/v1/actions/").status_code == 403
    assert nobody.get("/api/v1/disseminations/").status_code == 403
    assert nobody.get("/learning/actions/").status_code == 403
    lead = signed_in_client(make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own))
    refused = lead.post(
        "/api/v1/disseminations/",
        {"review": review.pk, "kind": "bulletin", "held_on": "2016-12-21"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_api_records_dissemination_through_the_service(world, manager, manager_client):
    review = _recommendation(manager).review
    missing = manager_client.post(
        "/api/v1/disseminations/",
        {"review": review.pk, "kind": "practitioner_session", "held_on": "2016-07-06"},
        content_type="application/json",
    )
    assert missing.status_code == 400
    assert "attended" in missing.json()["fields"]["attendance"][0]
    made = manager_client.post(
        "/api/v1/disseminations/",
        {
            "review": review.pk,
            "kind": "practitioner_session",
            "held_on": "2016-07-06",
            "attendance": 25,
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    assert AuditEvent.objects.filter(action="learning.dissemination_added").count() == 1
    listed = manager_client.get(f"/api/v1/disseminations/?review={review.pk}").json()
    assert [row["attendance"] for row in listed["results"]] == [25]


# -- Demo ------------------------------------------------------------------------------------


def test_the_demo_action_plan_and_dissemination_match_seed_003(db):
    from masa.core.models import AuditEvent as Event
    from masa.learning.demo_actions import ACTIONS, DISSEMINATION
    from masa.partnership.demo import load_demo

    load_demo()
    rows = ReviewAction.objects.filter(recommendation__review__title="Child L and Child J")
    assert rows.count() == len(ACTIONS) == 16
    today = timezone.localdate()
    overdue = rows.overdue(today)
    assert sorted(a.owning_organisation.name for a in overdue) == [
        "Somerset Council",
        "Somerset NHS Foundation Trust",
    ]
    assert rows.filter(status__in=["done", "closed"]).exclude(evidence_of_completion="").count()
    assert rows.filter(status__in=["done", "closed"]).count() == 14
    assert rows.exclude(evidence_of_impact="").count() == 2
    sessions = Dissemination.objects.filter(
        review__title="Child L and Child J", kind="practitioner_session"
    )
    # Seed 003 §8.2: 4 MAPIG sessions reaching approximately 100 practitioners.
    assert sessions.count() == 4
    assert sum(s.attendance for s in sessions) == 100
    assert Dissemination.objects.filter(review__title="Child L and Child J").count() == len(
        DISSEMINATION
    )
    owen = overdue.get(owning_organisation__name="Somerset NHS Foundation Trust").owner
    assert owen.email == "owen.trevithick@demo.masa.invalid"

    events = Event.objects.count()
    load_demo()
    assert Event.objects.count() == events  # a second run changes nothing
