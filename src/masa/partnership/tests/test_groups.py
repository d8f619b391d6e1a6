"""Groups: the demo structure against the seeds, the structure and group pages, the forms, the
services' rules and audit events, scoping, query counts and the API."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import Organisation
from masa.accounts.tests.factories import (
    make_member,
    make_organisation,
    make_partnership,
    signed_in_client,
)
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership import demo, demo_structure
from masa.partnership.demo_meetings import BOARD_NAME, TABLE_1
from masa.partnership.models import (
    Group,
    GroupKind,
    GroupMember,
    MeetingFrequency,
    ScrutinyRole,
)
from masa.partnership.structure import (
    group_create,
    group_update,
    member_add,
    member_remove,
    scrutiny_role_update,
)


@pytest.fixture
def loaded(db):
    return demo.load_demo()


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def _demo_manager():
    from masa.accounts.models import Person

    return Person.objects.get(email="tomasz.nowak@demo.masa.invalid")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- The demo against the seeds ---------------------------------------------------------------


def test_the_demo_structure_follows_the_seeds(loaded):
    groups = {g.name: g for g in Group.objects.select_related("chair", "parent")}
    assert len(groups) == 14
    executive = groups["Partnership Executive"]
    # Seed 002: the council's delegated partner chairs the Executive, which the Lead
    # Safeguarding Partners delegate to; they meet once a year in Somerset.
    assert executive.chair.full_name == "Priya Raman"
    assert executive.parent.name == "Lead Safeguarding Partners"
    assert groups["Lead Safeguarding Partners"].meeting_frequency == MeetingFrequency.YEARLY
    # Seed 001 §5.6 (Somerset's seeds give no figure): every two months.
    assert executive.meeting_frequency == MeetingFrequency.EVERY_TWO_MONTHS
    # Every subgroup reports to the Executive.
    subgroups = [g for g in groups.values() if g.kind == GroupKind.SUBGROUP]
    assert len(subgroups) == 7
    assert {g.parent.name for g in subgroups} == {"Partnership Executive"}
    # Seed 003 App. D: the designated nurse (the ICB's) chairs the health group.
    assert groups["Health Safeguarding"].chair.full_name == "Samira Haddad"
    # Seed 002: termly DSL meetings; seed 003 §11: four housing provider meetings a year.
    assert groups["Designated Safeguarding Lead meetings"].meeting_frequency == "termly"
    assert groups["Housing Providers Safeguarding meetings"].meeting_frequency == "quarterly"
    assert groups[BOARD_NAME].meeting_frequency == MeetingFrequency.QUARTERLY
    assert all(g.meeting_frequency for g in groups.values())
    assert all(g.terms_of_reference for g in groups.values() if g.name != BOARD_NAME)


def test_the_demo_seats_the_executive_the_board_and_an_education_representative(loaded):
    def members(name):
        return {
            m.organisation.name: m
            for m in GroupMember.objects.filter(group__name=name).select_related(
                "organisation", "person"
            )
        }

    executive = members("Partnership Executive")
    # Seed 002: three delegated partners and an education representative; the scrutineer
    # attends.
    assert {
        "Somerset Council",
        "NHS Somerset Integrated Care Board",
        "Avon and Somerset Constabulary",
        demo.DSL_SCHOOL,
        demo.SCRUTINEER_PRACTICE,
    } == set(executive)
    assert executive["Avon and Somerset Constabulary"].person.full_name == "Joanna Whitcombe"
    # Seed 003 Table 1: the Board's 15 attending bodies.
    assert set(members(BOARD_NAME)) == {name for name, _ in TABLE_1}
    # Seed 002: an education representative on each partnership group.
    for group in Group.objects.filter(kind__in=[GroupKind.EXECUTIVE, GroupKind.SUBGROUP]).exclude(
        name__in=[BOARD_NAME, "Partnership Business Group"]
    ):
        assert demo.DSL_SCHOOL in members(group.name), group.name
    # Seed 003 §11: seven named housing providers, coordinated by the district councils.
    assert len(members("Housing Providers Safeguarding meetings")) == 8


def test_the_demo_commissions_15_days_of_scrutiny_and_no_secure_estate_role(loaded):
    (role,) = ScrutinyRole.objects.select_related("scrutineer")
    assert role.days_per_year == 15  # seed 001 §5.13
    assert role.scrutineer.full_name == "Ruth Achterberg"
    assert len(role.activity_list) == len(demo_structure.SCRUTINY_ACTIVITIES)
    assert any("Executive" in activity for activity in role.activity_list)


def test_loading_the_structure_twice_changes_nothing(loaded):
    counts = (GroupMember.objects.count(), ScrutinyRole.objects.count())
    again = demo.load_demo()
    assert not again.changed_anything
    assert (GroupMember.objects.count(), ScrutinyRole.objects.count()) == counts


# -- Pages --------------------------------------------------------------------------------------


def test_the_structure_page_shows_groups_by_kind_with_chair_frequency_and_members(loaded):
    response = signed_in_client(_demo_manager()).get("/groups/")
    assert response.status_code == 200
    text = _text(response)
    assert "Executive" in text and "Subgroups" in text and "Panel" in text
    assert re.search(r"Partnership Executive .*Priya Raman Every two months 5 ", text)
    assert "Independent scrutiny of the partnership" in text
    assert "Days commissioned a year 15" in text
    assert "Add a group" in text


def test_the_board_page_shows_members_and_each_meetings_attendance(loaded):
    board = Group.objects.get(name=BOARD_NAME)
    response = signed_in_client(_demo_manager()).get(f"/groups/{board.pk}/")
    text = _text(response)
    assert "Meetings in 2016/17" in text
    # Seed 003 Table 1, meeting by meeting: 10, 13, 12 and 14 of 15; 49 of 60 (82%) overall.
    for attended, percent in ((10, 67), (13, 87), (12, 80), (14, 93)):
        assert f"15 {attended} {percent}%" in text
    assert "The year 60 49 82%" in text
    assert "CAFCASS 4 2 50%" in text


def test_a_bad_year_on_the_group_page_is_explained(loaded):
    board = Group.objects.get(name=BOARD_NAME)
    response = signed_in_client(_demo_manager()).get(f"/groups/{board.pk}/?year=2016")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert 'value="2016"' in response.content.decode()


def test_a_joint_subgroup_is_marked_with_its_neighbour(world, manager):
    neighbour = make_partnership("Kentshire Safeguarding Children Partnership")
    group = group_create(
        actor=manager,
        partnership=world.partnership,
        name="Exploitation (joint)",
        kind=GroupKind.JOINT_SUBGROUP,
        shared_with=neighbour,
    )
    client = signed_in_client(manager)
    assert "Joint with" in client.get("/groups/").content.decode()
    assert "Shared with Kentshire" in client.get(f"/groups/{group.pk}/").content.decode()


def test_an_agency_lead_sees_only_the_groups_their_organisation_sits_on(world):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    theirs = Group.objects.create(partnership=world.partnership, name="Ours", kind="subgroup")
    GroupMember.objects.create(group=theirs, organisation=world.own)
    GroupMember.objects.create(group=theirs, organisation=world.other)
    other = Group.objects.create(partnership=world.partnership, name="Not ours", kind="subgroup")
    GroupMember.objects.create(group=other, organisation=world.other)
    client = signed_in_client(lead)
    listing = client.get("/groups/").content.decode()
    assert "Ours" in listing and "Not ours" not in listing
    # Both members of a group they sit on are shown, and counted.
    page = client.get(f"/groups/{theirs.pk}/").content.decode()
    assert world.other.name in page
    assert client.get(f"/groups/{other.pk}/").status_code == 404
    assert client.get(f"/groups/{theirs.pk}/change/").status_code == 403


def test_a_parent_group_out_of_reach_is_named_but_not_linked(world):
    """The load test found agency leads following "Reports to" links into a 404."""
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, partnership=world.partnership)
    executive = Group.objects.create(
        partnership=world.partnership, name="Partnership Executive", kind="executive"
    )
    theirs = Group.objects.create(
        partnership=world.partnership, name="Ours", kind="subgroup", parent=executive
    )
    GroupMember.objects.create(group=theirs, organisation=world.own)

    page = signed_in_client(lead).get(f"/groups/{theirs.pk}/").content.decode()

    assert "Partnership Executive" in page
    assert f'href="/groups/{executive.pk}/"' not in page


def test_the_structure_page_takes_the_same_queries_however_many_groups(world, manager):
    client = signed_in_client(manager)

    def add_groups(count, start):
        for number in range(start, start + count):
            group = Group.objects.create(
                partnership=world.partnership,
                name=f"Subgroup {number}",
                kind="subgroup",
                chair=manager,
            )
            GroupMember.objects.create(group=group, organisation=world.own, person=manager)
            GroupMember.objects.create(group=group, organisation=world.other)
        ScrutinyRole.objects.get_or_create(partnership=world.partnership, name=f"Role {start}")

    add_groups(1, 0)
    client.get("/groups/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/groups/").status_code == 200
    add_groups(10, 1)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/groups/").status_code == 200
    assert len(one) == len(ten)


def test_the_group_page_takes_the_same_queries_however_many_members(world, manager):
    client = signed_in_client(manager)
    group = Group.objects.create(partnership=world.partnership, name="Board", kind="executive")

    def seat(count):
        for _ in range(count):
            organisation = make_organisation(world.partnership)
            GroupMember.objects.create(group=group, organisation=organisation)

    seat(1)
    client.get(f"/groups/{group.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/groups/{group.pk}/")
    seat(10)
    with CaptureQueriesContext(connection) as ten:
        client.get(f"/groups/{group.pk}/")
    assert len(one) == len(ten)


# -- Forms --------------------------------------------------------------------------------------


def test_adding_a_group_through_the_form_with_mistakes_keeps_what_was_typed(world, manager):
    client = signed_in_client(manager)
    assert client.get("/groups/add/").status_code == 200
    bad = client.post(
        "/groups/add/",
        {
            "name": "",
            "kind": "subgroup",
            "purpose": "Neglect strategy",
            "terms_reviewed_on-day": "31",
            "terms_reviewed_on-month": "2",
            "terms_reviewed_on-year": "2024",
        },
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Enter the name of the group" in page
    assert "The date the terms of reference were last reviewed must be a real date" in page
    assert (
        "Neglect strategy" in page
        and 'name="terms_reviewed_on-day" type="text" inputmode="numeric" value="31"' in page
    )

    good = client.post(
        "/groups/add/",
        {
            "name": "Neglect",
            "kind": "subgroup",
            "meeting_frequency": "quarterly",
            "chair": manager.pk,
            "terms_reviewed_on-day": "1",
            "terms_reviewed_on-month": "4",
            "terms_reviewed_on-year": "2024",
            "terms_next_review_on-day": "1",
            "terms_next_review_on-month": "4",
            "terms_next_review_on-year": "2025",
            "terms_of_reference": "Leads the neglect strategy.",
        },
    )
    assert good.status_code == 302
    group = Group.objects.get(name="Neglect")
    assert group.terms_next_review_on == datetime.date(2025, 4, 1)
    assert group.chair == manager
    assert AuditEvent.objects.filter(action="structure.group_created", object_id=str(group.pk))


def test_editing_a_group_refuses_a_loop_of_parents(world, manager):
    top = group_create(
        actor=manager, partnership=world.partnership, name="Executive", kind="executive"
    )
    sub = group_create(
        actor=manager, partnership=world.partnership, name="Subgroup", kind="subgroup", parent=top
    )
    response = signed_in_client(manager).post(
        f"/groups/{top.pk}/change/", {"name": "Executive", "kind": "executive", "parent": sub.pk}
    )
    assert response.status_code == 400
    assert "cannot report to itself or to one of its own subgroups" in response.content.decode()


def test_adding_and_removing_a_member_through_the_pages(world, manager):
    group = group_create(
        actor=manager, partnership=world.partnership, name="Health", kind="subgroup"
    )
    client = signed_in_client(manager)
    assert client.get(f"/groups/{group.pk}/add-member/").status_code == 200
    added = client.post(
        f"/groups/{group.pk}/add-member/",
        {"organisation": world.own.pk, "person": manager.pk, "role_note": "Business manager"},
    )
    assert added.status_code == 302
    member = GroupMember.objects.get(group=group)
    deputy_without_person = client.post(
        f"/groups/{group.pk}/add-member/", {"organisation": world.own.pk, "is_deputy": "on"}
    )
    assert deputy_without_person.status_code == 400
    assert "Select the person who deputises" in deputy_without_person.content.decode()
    assert client.get(f"/groups/members/{member.pk}/remove/").status_code == 405
    removed = client.post(f"/groups/members/{member.pk}/remove/")
    assert removed.status_code == 302
    assert not GroupMember.objects.filter(group=group).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="structure.member").values_list(
            "action", flat=True
        )
    )
    assert actions == ["structure.member_added", "structure.member_removed"]


def test_changing_the_scrutiny_role(world, manager):
    role = ScrutinyRole.objects.create(partnership=world.partnership, name="Independent scrutiny")
    client = signed_in_client(manager)
    bad = client.post(
        f"/groups/scrutiny/{role.pk}/change/",
        {"name": "Independent scrutiny", "days_per_year": "lots"},
    )
    assert bad.status_code == 400
    assert "Enter the days a year as a whole number" in bad.content.decode()
    good = client.post(
        f"/groups/scrutiny/{role.pk}/change/",
        {
            "name": "Independent scrutiny",
            "days_per_year": "15",
            "scrutineer": manager.pk,
            "activities": "Attend the Executive\nReview the yearly report",
        },
    )
    assert good.status_code == 302
    role.refresh_from_db()
    assert role.days_per_year == 15 and role.activity_list == [
        "Attend the Executive",
        "Review the yearly report",
    ]
    event = AuditEvent.objects.get(action="structure.scrutiny_changed")
    assert event.detail == {"fields": ["activities", "days_per_year", "scrutineer"]}


# -- Services -----------------------------------------------------------------------------------


def test_group_services_check_their_rules_and_audit_each_change(world, manager):
    group = group_create(
        actor=manager, partnership=world.partnership, name="Policy", kind="subgroup"
    )
    with pytest.raises(ValidationError) as duplicate:
        group_create(actor=manager, partnership=world.partnership, name="policy", kind="subgroup")
    assert "already has a group called policy" in str(duplicate.value)
    with pytest.raises(ValidationError) as shared:
        group_update(actor=manager, group=group, shared_with=world.elsewhere)
    assert "Only a joint subgroup" in str(shared.value)
    outsider = make_member(Role.PRACTITIONER, world.outside_partnership)
    with pytest.raises(ValidationError) as chair:
        group_update(actor=manager, group=group, chair=outsider)
    assert "current role in the partnership" in str(chair.value)

    group_update(actor=manager, group=group, meeting_frequency="monthly", purpose="Procedures")
    group_update(actor=manager, group=group, meeting_frequency="monthly")  # no change, no event
    changed = AuditEvent.objects.filter(action="structure.group_changed")
    assert [e.detail for e in changed] == [{"fields": ["meeting_frequency", "purpose"]}]

    member = member_add(actor=manager, group=group, organisation=world.own, person=manager)
    with pytest.raises(ValidationError) as twice:
        member_add(actor=manager, group=group, organisation=world.own)
    assert "already has a member" in str(twice.value)
    with pytest.raises(ValidationError) as wrong_person:
        member_add(actor=manager, group=group, organisation=world.other, person=manager)
    assert "through Testshire Probation Service" in str(wrong_person.value)
    with pytest.raises(ValidationError) as outside:
        member_add(actor=manager, group=group, organisation=world.outside_partnership)
    assert "works with the partnership" in str(outside.value)
    deputy = member_add(
        actor=manager, group=group, organisation=world.own, person=manager, is_deputy=True
    )
    member_remove(actor=manager, member=member)
    assert list(GroupMember.objects.filter(group=group)) == [deputy]
    with pytest.raises(ValidationError):
        scrutiny_role_update(
            actor=manager,
            role=ScrutinyRole.objects.create(partnership=world.partnership, name="Scrutiny"),
            days_per_year=400,
        )


# -- API ----------------------------------------------------------------------------------------


def test_the_groups_api_reads_and_writes_as_the_pages_do(world, manager):
    client = signed_in_client(manager)
    group = group_create(
        actor=manager, partnership=world.partnership, name="Executive", kind="executive"
    )
    member_add(actor=manager, group=group, organisation=world.own, person=manager)

    listing = client.get("/api/v1/groups/").json()
    assert [g["name"] for g in listing["results"]] == ["Executive"]
    detail = client.get(f"/api/v1/groups/{group.pk}/").json()
    assert detail["members"][0]["organisation_name"] == world.own.name
    assert detail["member_count"] == 1

    created = client.post(
        "/api/v1/groups/",
        {
            "name": "Learning",
            "kind": "subgroup",
            "parent": group.pk,
            "meeting_frequency": "quarterly",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["parent"] == group.pk
    assert AuditEvent.objects.filter(action="structure.group_created").count() == 2

    patched = client.patch(
        f"/api/v1/groups/{created.json()['id']}/",
        {"terms_of_reference": "Reviews cases."},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["terms_of_reference"] == "Reviews cases."

    duplicate = client.post(
        "/api/v1/groups/",
        {"name": "Executive", "kind": "subgroup"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert "already has a group called Executive" in duplicate.json()["fields"]["name"][0]

    seated = client.post(
        f"/api/v1/groups/{group.pk}/members/",
        {"organisation": world.other.pk},
        content_type="application/json",
    )
    assert seated.status_code == 201, seated.json()
    assert AuditEvent.objects.filter(action="structure.member_added").count() == 2


def test_the_groups_api_refuses_writes_without_the_permission_and_hides_other_partnerships(world):
    chair = make_member(Role.SUBGROUP_CHAIR, world.own, partnership=world.partnership)
    group = Group.objects.create(partnership=world.partnership, name="Health", kind="subgroup")
    client = signed_in_client(chair)
    assert client.get(f"/api/v1/groups/{group.pk}/").status_code == 200
    refused = client.patch(
        f"/api/v1/groups/{group.pk}/", {"name": "Renamed"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "manage groups" in refused.json()["error"]

    manager = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    elsewhere = Group.objects.create(partnership=world.elsewhere, name="Theirs", kind="subgroup")
    manager_client = signed_in_client(manager)
    assert manager_client.get(f"/api/v1/groups/{elsewhere.pk}/").status_code == 404
    assert (
        manager_client.patch(
            f"/api/v1/groups/{elsewhere.pk}/", {"name": "Mine"}, content_type="application/json"
        ).status_code
        == 404
    )
    other_org = Organisation.objects.get(pk=world.outside_partnership.pk)
    bad_parent = manager_client.post(
        "/api/v1/groups/",
        {"name": "New", "kind": "subgroup", "parent": elsewhere.pk, "chair": None},
        content_type="application/json",
    )
    assert bad_parent.status_code == 400 and "parent" in bad_parent.json()["fields"]
    assert other_org.name not in bad_parent.content.decode()
