"""The business plan: the demo's priorities against seed 003 §12 and §10, RAG from progress
updates, overdue actions, highlight reports, the impact record, scoping, the audit trail,
the forms, the API and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.models import Organisation
from masa.accounts.tests.factories import make_member, signed_in_client
from masa.businessplan import selectors, services
from masa.businessplan.demo_business_plan import ACTIONS_2017_18
from masa.businessplan.models import (
    ActionStatus,
    HighlightReport,
    ImpactRecord,
    PlanAction,
    Priority,
    ProgressUpdate,
    Rag,
)
from masa.core.calendar import ReportingYear
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership import demo
from masa.partnership.models import Group, GroupKind

Y2017 = ReportingYear(2017)
TODAY = datetime.date(2026, 11, 23)

# Seed 003 §12, "Key priorities for the SSCB for 2017/18", as the seed words each outcome.
SEED_2017_18_OUTCOMES = {
    1: (
        "Early Help",
        "Children and families receive good quality and timely multiagency help to keep "
        "children safe and promote their wellbeing.",
    ),
    2: (
        "Multi-agency Safeguarding",
        "Children are safeguarded through multi-agency partnership working.",
    ),
    3: (
        "Neglect",
        "Children who are experiencing or at risk of neglect are identified and safeguarded",
    ),
    4: (
        "Exploitation",
        "Children who are at risk of, or subject to, all forms of exploitation and abuse "
        "(including children missing from home, care or education) are identified and "
        "safeguarded (to include CSE, trafficking, county lines modern slavery)",
    ),
    5: (
        "Strong Leadership and Strong Partnership",
        "The SSCB leads the safeguarding agenda and develops robust arrangements to "
        "co-ordinate and ensure the effectiveness of how children and young people are "
        "safeguarded in Somerset.",
    ),
}


@pytest.fixture
def loaded(db):
    return demo.load_demo()


@pytest.fixture
def plan(world):
    """A business manager, a 2017/18 priority with a subgroup, and the people around it."""
    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    subgroup = Group.objects.create(
        partnership=world.partnership, name="Quality and Performance", kind=GroupKind.SUBGROUP
    )
    priority = services.priority_create(
        actor=manager,
        partnership=world.partnership,
        year=Y2017,
        number=3,
        title="Neglect",
        outcome="Children who are experiencing or at risk of neglect are identified",
        approach="We will raise the profile of neglect by:\npromoting early identification",
    )
    return manager, subgroup, priority


def _action(manager, priority, organisation, **extra):
    values = {
        "description": "Launch the neglect toolkit",
        "owning_organisation": organisation,
        "milestone_on": datetime.date(2017, 11, 30),
    } | extra
    return services.plan_action_create(actor=manager, priority=priority, **values)


# -- The demo against the seed ---------------------------------------------------------------


def test_the_demo_2017_18_priorities_are_those_of_seed_003_section_12(loaded):
    priorities = Priority.objects.filter(partnership=loaded.partnership, start_year=2017)
    assert {p.number: (p.title, p.outcome) for p in priorities} == SEED_2017_18_OUTCOMES
    neglect = priorities.get(number=3)
    assert neglect.approach_intro == "We will raise the profile of neglect by:"
    assert neglect.approach_points == [
        "improving the awareness of professionals about neglect, the issues surrounding it and "
        "practical approaches for dealing with it",
        "developing, launching and implementing a multi-agency neglect strategy, practitioner "
        "guidance and the Somerset neglect action plan",
        "promoting early identification and responses",
        "assessing the effectiveness of agency responses",
        "understanding children's lived experience of neglect in order to improve practice",
    ]
    assert [len(p.approach_points) for p in priorities.order_by("number")] == [3, 4, 5, 3, 6]


def test_the_demo_2016_17_plan_carries_section_10s_look_back(loaded):
    earlier = Priority.objects.filter(partnership=loaded.partnership, start_year=2016)
    assert [p.title for p in earlier.order_by("number")] == [
        "Early Help",
        "Multi-agency partnership working",
        "Neglect",
        "Child sexual exploitation",
        "Board effectiveness",
    ]
    cse = ImpactRecord.objects.get(priority__start_year=2016, priority__number=4)
    assert cse.how_well.startswith("Progress has been made across the year but there remains")
    assert cse.difference_made.startswith("CSE is starting to be recognised as something")
    assert "Early Help strategy was launched in April 2016" in (
        ImpactRecord.objects.get(priority__start_year=2016, priority__number=1).what_we_did
    )
    assert not ImpactRecord.objects.filter(priority__number=5).exists()  # §10 has no text


def test_the_demo_actions_follow_section_10s_next_steps_with_their_latest_rag(loaded):
    actions = PlanAction.objects.filter(priority__partnership=loaded.partnership)
    assert actions.count() == len(ACTIONS_2017_18) == 12
    refine = actions.get(description__startswith="Refine performance information")
    assert (refine.rag, refine.status) == (Rag.GREEN, ActionStatus.COMPLETE)
    assert refine.updates.count() == 2
    trust = actions.get(owning_organisation__name="Somerset NHS Foundation Trust")
    assert trust.owner.full_name == "Owen Trevithick"
    assert trust.responsible_group.name == "Learning and Improvement"
    manager = make_member(
        Role.BUSINESS_MANAGER,
        Organisation.objects.get(name=demo.SOMERSET_COUNCIL),
        partnership=loaded.partnership,
    )
    neglect = Priority.objects.get(start_year=2017, number=3)
    summary = selectors.rag_summaries(manager, [neglect.pk])[neglect.pk]
    assert (summary.red, summary.amber, summary.green, summary.not_reported) == (1, 1, 0, 2)
    assert HighlightReport.objects.filter(group__name="Health Safeguarding").count() == 1


def test_the_demo_business_plan_loads_once(loaded):
    counts = [m.objects.count() for m in (Priority, PlanAction, ProgressUpdate, ImpactRecord)]
    second = demo.load_demo()
    assert not second.changed_anything
    assert [m.objects.count() for m in (Priority, PlanAction, ProgressUpdate, ImpactRecord)] == (
        counts
    )


# -- Progress, RAG and overdue ---------------------------------------------------------------


def test_the_latest_update_by_date_gives_the_action_its_rag_and_status(world, plan):
    manager, _, priority = plan
    action = _action(manager, priority, world.own)
    assert action.rag == ""
    services.progress_report(
        actor=manager,
        action=action,
        reported_on=datetime.date(2017, 10, 10),
        rag=Rag.RED,
        narrative="Launch moved",
        status=ActionStatus.IN_PROGRESS,
    )
    # A late-written update about an earlier date does not supersede the later one.
    services.progress_report(
        actor=manager,
        action=action,
        reported_on=datetime.date(2017, 7, 1),
        rag=Rag.GREEN,
        narrative="On track",
    )
    action.refresh_from_db()
    assert (action.rag, action.status) == (Rag.RED, ActionStatus.IN_PROGRESS)
    assert [u.rag for u in selectors.updates_of(manager, action)] == [Rag.RED, Rag.GREEN]


def test_a_progress_update_needs_a_rating_a_narrative_and_a_past_date(world, plan):
    manager, _, priority = plan
    action = _action(manager, priority, world.own)
    with pytest.raises(services.ValidationError) as refused:
        services.progress_report(
            actor=manager,
            action=action,
            reported_on=timezone.localdate() + datetime.timedelta(days=1),
            rag="purple",
            narrative=" ",
        )
    assert set(refused.value.message_dict) == {"reported_on", "rag", "narrative"}
    assert not ProgressUpdate.objects.exists()


def test_an_action_is_overdue_when_its_milestone_has_passed_and_it_is_not_complete(world, plan):
    manager, _, priority = plan
    action = _action(manager, priority, world.own, milestone_on=datetime.date(2017, 11, 30))
    assert action.is_overdue(datetime.date(2017, 12, 1))
    assert not action.is_overdue(datetime.date(2017, 11, 30))
    services.plan_action_change(actor=manager, action=action, status=ActionStatus.COMPLETE)
    assert not action.is_overdue(datetime.date(2018, 1, 1))


def test_overdue_plan_actions_appear_on_their_owners_home_page(world, plan):
    manager, _, priority = plan
    owner = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    today = timezone.localdate()
    late = _action(
        manager, priority, world.own, owner=owner, milestone_on=today - datetime.timedelta(3)
    )
    _action(
        manager,
        priority,
        world.own,
        owner=owner,
        description="Not yet due",
        milestone_on=today + datetime.timedelta(3),
    )
    _action(
        manager,
        priority,
        world.own,
        owner=owner,
        description="Already complete",
        milestone_on=today - datetime.timedelta(9),
        status=ActionStatus.COMPLETE,
    )
    page = signed_in_client(owner).get("/home/").content.decode()
    assert "Overdue plan action: Launch the neglect toolkit" in page
    assert "3 days ago" in page
    assert f"/business-plan/actions/{late.pk}/" in page
    assert "Not yet due" not in page and "Already complete" not in page
    assert (
        "Launch the neglect toolkit" not in signed_in_client(manager).get("/home/").content.decode()
    )
    # An owner whose roles cannot open the business plan gets no link to a page they cannot open.
    practitioner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    _action(
        manager, priority, world.own, owner=practitioner, milestone_on=today - datetime.timedelta(3)
    )
    assert (
        "Overdue plan action" not in signed_in_client(practitioner).get("/home/").content.decode()
    )


# -- Scoping ---------------------------------------------------------------------------------


def test_an_agency_lead_sees_and_reports_on_their_own_organisations_actions_only(world, plan):
    manager, _, priority = plan
    own = _action(manager, priority, world.own, description="Ours")
    theirs = _action(manager, priority, world.other, description="Theirs")
    services.progress_report(
        actor=manager,
        action=theirs,
        reported_on=datetime.date(2017, 10, 1),
        rag="red",
        narrative="x",
    )
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    client = signed_in_client(lead)

    page = client.get(f"/business-plan/priorities/{priority.pk}/").content.decode()
    assert "Ours" in page and "Theirs" not in page
    listing = client.get("/business-plan/?year=2017/18").content.decode()
    assert "Neglect" in listing
    # Their organisation's action only is counted: it has not been reported on.
    assert selectors.rag_summaries(lead, [priority.pk])[priority.pk].as_dict() == {
        "red": 0,
        "amber": 0,
        "green": 0,
        "not_reported": 1,
        "overdue": 1,
        "total": 1,
    }
    assert client.get(f"/business-plan/actions/{theirs.pk}/").status_code == 404
    assert client.get(f"/business-plan/actions/{theirs.pk}/progress/").status_code == 404
    assert client.get(f"/business-plan/actions/{own.pk}/progress/").status_code == 200
    assert client.get(f"/business-plan/actions/{own.pk}/change/").status_code == 403
    assert client.get("/business-plan/highlight-reports/").status_code == 200
    # A priority none of whose actions is theirs is not shown to them at all.
    other = services.priority_create(
        actor=manager, partnership=world.partnership, year=Y2017, number=4, title="E", outcome="O"
    )
    assert client.get(f"/business-plan/priorities/{other.pk}/").status_code == 404


def test_an_owner_without_a_reporting_role_reports_progress_on_their_own_action(world, plan):
    """A delegated partner may own a plan action; the load test found the form shown to them
    and the post refused with 403."""
    manager, _subgroup, priority = plan
    partner = make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own)
    theirs = _action(manager, priority, world.own, owner=partner)
    someone_elses = _action(manager, priority, world.own, description="Another")
    client = signed_in_client(partner)

    assert "Report progress" in client.get(f"/business-plan/actions/{theirs.pk}/").content.decode()
    reported = client.post(
        f"/business-plan/actions/{theirs.pk}/progress/",
        {
            "reported_on-day": "10",
            "reported_on-month": "10",
            "reported_on-year": "2017",
            "rag": "green",
            "status": "in_progress",
            "narrative": "Toolkit launched at the board",
        },
    )
    assert reported.status_code == 302
    assert client.get(f"/business-plan/actions/{someone_elses.pk}/progress/").status_code == 403


def test_a_practitioner_cannot_open_the_business_plan(world, plan):
    practitioner = make_member(Role.PRACTITIONER, world.own, partnership=world.partnership)
    client = signed_in_client(practitioner)
    assert client.get("/business-plan/").status_code == 403
    assert "Business plan" not in client.get("/home/").content.decode()
    manager = plan[0]
    assert 'href="/business-plan/"' in signed_in_client(manager).get("/home/").content.decode()


# -- Audit -----------------------------------------------------------------------------------


def test_every_change_is_an_audit_event_without_free_text(world, plan):
    manager, subgroup, priority = plan
    services.priority_change(actor=manager, priority=priority, title="Neglect and hidden harm")
    action = _action(manager, priority, world.own, responsible_group=subgroup)
    services.plan_action_change(actor=manager, action=action, status=ActionStatus.IN_PROGRESS)
    services.progress_report(
        actor=manager,
        action=action,
        reported_on=datetime.date(2017, 10, 1),
        rag="amber",
        narrative="A child's name must never reach the audit trail",
    )
    services.highlight_report_write(
        actor=manager, group=subgroup, year=Y2017, quarter=2, summary="Progress"
    )
    services.impact_record(
        actor=manager, priority=priority, what_we_did="Did", how_well="Well", difference_made="D"
    )
    events = list(AuditEvent.objects.filter(action__startswith="businessplan.").order_by("id"))
    assert [e.action for e in events] == [
        "businessplan.priority_created",
        "businessplan.priority_changed",
        "businessplan.action_created",
        "businessplan.action_changed",
        "businessplan.progress_reported",
        "businessplan.highlight_report_written",
        "businessplan.impact_recorded",
    ]
    assert events[1].detail == {"fields": ["title"]}
    assert all("child" not in str(e.detail) for e in events)
    assert all(e.actor_id == manager.pk for e in events)


# -- Pages and forms -------------------------------------------------------------------------


def test_a_priority_is_added_through_the_form_and_bad_input_keeps_what_was_typed(world, plan):
    manager, _, _ = plan
    client = signed_in_client(manager)
    bad = client.post(
        "/business-plan/priorities/new/",
        {"year": "2017", "number": "3", "title": "Exploitation", "outcome": ""},
    )
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "There is a problem" in page
    assert "is not a reporting year" in page
    assert "Enter the outcome" in page
    assert 'value="Exploitation"' in page
    taken = client.post(
        "/business-plan/priorities/new/",
        {"year": "2017/18", "number": "3", "title": "Exploitation", "outcome": "Safe"},
    )
    assert "There is already a priority 3 in 2017/18" in taken.content.decode()
    made = client.post(
        "/business-plan/priorities/new/",
        {"year": "2017/18", "number": "4", "title": "Exploitation", "outcome": "Safe"},
    )
    assert made.status_code == 302
    assert Priority.objects.get(number=4).year == Y2017


def test_an_action_is_added_and_progress_reported_through_the_pages(world, plan):
    manager, subgroup, priority = plan
    client = signed_in_client(manager)
    bad = client.post(
        f"/business-plan/priorities/{priority.pk}/add-action/",
        {
            "description": "Launch",
            "owning_organisation": world.own.pk,
            "milestone_on-day": "31",
            "milestone_on-month": "2",
            "milestone_on-year": "2018",
            "status": "not_started",
        },
    )
    assert bad.status_code == 400
    assert "must be a real date" in bad.content.decode()
    made = client.post(
        f"/business-plan/priorities/{priority.pk}/add-action/",
        {
            "description": "Launch",
            "owning_organisation": world.own.pk,
            "responsible_group": subgroup.pk,
            "milestone_on-day": "30",
            "milestone_on-month": "11",
            "milestone_on-year": "2017",
            "status": "not_started",
        },
    )
    action = PlanAction.objects.get()
    assert made["Location"] == f"/business-plan/actions/{action.pk}/"
    page = client.get(f"/business-plan/actions/{action.pk}/").content.decode()
    assert "Overdue" in page and "30 November 2017" in page and "Report progress" in page
    missing = client.post(
        f"/business-plan/actions/{action.pk}/progress/",
        {
            "reported_on-day": "10",
            "reported_on-month": "10",
            "reported_on-year": "2017",
            "rag": "",
            "status": "in_progress",
            "narrative": "Drafted",
        },
    )
    assert missing.status_code == 400
    assert "Select a RAG rating" in missing.content.decode()
    assert "Drafted" in missing.content.decode()
    client.post(
        f"/business-plan/actions/{action.pk}/progress/",
        {
            "reported_on-day": "10",
            "reported_on-month": "10",
            "reported_on-year": "2017",
            "rag": "amber",
            "status": "in_progress",
            "narrative": "Drafted",
        },
    )
    page = client.get(f"/business-plan/actions/{action.pk}/").content.decode()
    assert "10 October 2017" in page
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    plan_page = client.get("/business-plan/?year=2017/18").content.decode()
    assert "Amber</strong> 1" in plan_page
    assert client.get("/business-plan/?year=2017").status_code == 400


def test_a_highlight_report_draws_together_its_subgroups_actions(world, plan):
    manager, subgroup, priority = plan
    chair = make_member(Role.SUBGROUP_CHAIR, world.own, partnership=world.partnership)
    mine = _action(
        manager, priority, world.own, description="Subgroup action", responsible_group=subgroup
    )
    _action(manager, priority, world.own, description="Another group's action")
    services.progress_report(
        actor=chair, action=mine, reported_on=datetime.date(2017, 9, 1), rag="green", narrative="x"
    )
    client = signed_in_client(chair)
    made = client.post(
        "/business-plan/highlight-reports/new/",
        {
            "group": subgroup.pk,
            "year": "2017/18",
            "quarter": "2",
            "summary": "On track",
            "risks": "",
            "decisions_needed": "Agree the launch date",
        },
    )
    report = HighlightReport.objects.get()
    assert made["Location"] == f"/business-plan/highlight-reports/{report.pk}/"
    page = client.get(made["Location"]).content.decode()
    assert "Subgroup action" in page and "Another group's action" not in page
    assert "govuk-tag--green" in page and "Agree the launch date" in page
    again = client.post(
        "/business-plan/highlight-reports/new/",
        {"group": subgroup.pk, "year": "2017/18", "quarter": "2", "summary": "Again"},
    )
    assert again.status_code == 400
    assert "already has a report for July to September 2017/18" in again.content.decode()


def test_the_impact_record_accepts_only_masa_pages_and_web_addresses_as_evidence(world, plan):
    manager, _, priority = plan
    client = signed_in_client(manager)
    url = f"/business-plan/priorities/{priority.pk}/impact/"
    bad = client.post(url, {"what_we_did": "Launched", "evidence_links": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert "Line 1 of the evidence must start with a MASA page" in bad.content.decode()
    good = client.post(
        url, {"what_we_did": "Launched", "evidence_links": "/meetings/4/ Board minutes"}
    )
    assert good.status_code == 302
    page = client.get(f"/business-plan/priorities/{priority.pk}/").content.decode()
    assert '<a class="govuk-link" href="/meetings/4/">Board minutes</a>' in page


# -- Queries do not grow with the plan -------------------------------------------------------


def _grow(manager, world, subgroup, times):
    for n in range(times):
        priority = services.priority_create(
            actor=manager,
            partnership=world.partnership,
            year=Y2017,
            number=10 + n + 100 * times,
            title=f"P{n}",
            outcome="O",
        )
        for organisation in (world.own, world.other):
            action = _action(manager, priority, organisation, responsible_group=subgroup)
            services.progress_report(
                actor=manager,
                action=action,
                reported_on=datetime.date(2017, 10, 1),
                rag="amber",
                narrative="x",
            )
        services.highlight_report_write(
            actor=manager,
            group=Group.objects.create(
                partnership=world.partnership, name=f"G{n}-{times}", kind=GroupKind.SUBGROUP
            ),
            year=Y2017,
            quarter=1,
            summary="s",
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_list_pages_take_the_same_number_of_queries_however_big_the_plan(world, plan):
    manager, subgroup, priority = plan
    client = signed_in_client(manager)
    report = services.highlight_report_write(
        actor=manager, group=subgroup, year=Y2017, quarter=4, summary="s"
    )
    urls = [
        "/business-plan/?year=2017/18",
        f"/business-plan/priorities/{priority.pk}/",
        "/business-plan/highlight-reports/",
        f"/business-plan/highlight-reports/{report.pk}/",
        "/api/v1/priorities/",
        "/api/v1/plan-actions/",
        "/api/v1/progress-updates/",
    ]
    for organisation in (world.own, world.other):
        _action(manager, priority, organisation, responsible_group=subgroup)
    _grow(manager, world, subgroup, 1)
    small = [_queries(client, url) for url in urls]
    for organisation in (world.own, world.other):
        for _ in range(9):
            _action(manager, priority, organisation, responsible_group=subgroup)
    _grow(manager, world, subgroup, 9)
    assert [_queries(client, url) for url in urls] == small


# -- The API ---------------------------------------------------------------------------------


def test_the_api_reads_and_writes_the_plan_through_the_services(world, plan):
    manager, subgroup, priority = plan
    client = signed_in_client(manager)
    listing = client.get("/api/v1/priorities/?year=2017/18").json()
    assert [row["title"] for row in listing["results"]] == ["Neglect"]
    made = client.post(
        "/api/v1/plan-actions/",
        {
            "priority": priority.pk,
            "description": "Launch the toolkit",
            "owning_organisation": world.own.pk,
            "responsible_group": subgroup.pk,
            "milestone_on": "2017-11-30",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    action_id = made.json()["id"]
    assert made.json()["overdue"] is True and made.json()["status"] == "not_started"
    assert client.get(f"/api/v1/plan-actions/{action_id}/").json()["description"] == (
        "Launch the toolkit"
    )
    changed = client.patch(
        f"/api/v1/plan-actions/{action_id}/",
        {"status": "complete"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["overdue"] is False
    reported = client.post(
        "/api/v1/progress-updates/",
        {"action": action_id, "reported_on": "2017-12-01", "rag": "green", "narrative": "Done"},
        content_type="application/json",
    )
    assert reported.status_code == 201
    assert client.get(f"/api/v1/progress-updates/?action={action_id}").json()["count"] == 1
    summary = client.get(f"/api/v1/priorities/{priority.pk}/").json()["rag_summary"]
    assert summary == {"red": 0, "amber": 0, "green": 1, "not_reported": 0, "total": 1}
    assert AuditEvent.objects.filter(action="businessplan.action_changed").count() == 1
    assert (
        client.patch(
            f"/api/v1/progress-updates/{reported.json()['id']}/",
            {"rag": "red"},
            content_type="application/json",
        ).status_code
        == 405
    )


def test_the_api_explains_bad_input_and_keeps_to_the_persons_reach(world, plan):
    manager, _, priority = plan
    client = signed_in_client(manager)
    bad = client.post(
        "/api/v1/plan-actions/",
        {
            "priority": priority.pk,
            "description": "",
            "owning_organisation": world.outside_partnership.pk,
            "milestone_on": "2017-11-30",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    body = bad.json()
    assert body["error"].startswith("The request has problems")
    assert "owning_organisation" in body["fields"] or "description" in body["fields"]
    bad_rag = client.post(
        "/api/v1/progress-updates/",
        {
            "action": _action(manager, priority, world.own).pk,
            "reported_on": "2017-12-01",
            "rag": "purple",
            "narrative": "x",
        },
        content_type="application/json",
    )
    assert bad_rag.status_code == 400 and "rag" in bad_rag.json()["fields"]
    assert client.get("/api/v1/priorities/?year=2017").status_code == 400

    scrutineer = signed_in_client(
        make_member(Role.INDEPENDENT_SCRUTINEER, world.own, partnership=world.partnership)
    )
    assert scrutineer.get(f"/api/v1/priorities/{priority.pk}/").status_code == 200
    refused = scrutineer.patch(
        f"/api/v1/priorities/{priority.pk}/", {"title": "X"}, content_type="application/json"
    )
    assert refused.status_code == 403

    elsewhere = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    assert signed_in_client(elsewhere).get(f"/api/v1/priorities/{priority.pk}/").status_code == 404
    stranger = signed_in_client(elsewhere).post(
        "/api/v1/priorities/",
        {
            "partnership": world.partnership.pk,
            "year": "2018/19",
            "number": 1,
            "title": "T",
            "outcome": "O",
        },
        content_type="application/json",
    )
    assert stranger.status_code == 400 and "partnership" in stranger.json()["fields"]
    own = signed_in_client(elsewhere).post(
        "/api/v1/priorities/",
        {
            "partnership": world.elsewhere.pk,
            "year": "2018/19",
            "number": 1,
            "title": "T",
            "outcome": "O",
        },
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["year"] == "2018/19"
