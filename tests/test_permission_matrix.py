"""SECURITY.md T6, generated from the declared policy (masa.core.permissions.POLICY).

For every permission, every role and every relation between the person and the record (their
own organisation, another organisation in their partnership, an organisation in another
partnership), the pages, the API and the lists must show the record exactly when the policy
grants it. So the test proves the duty to share (those who need a record get it) as well as
the boundary (nobody else does). A permission without a probe here fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from masa.accounts.models import Organisation, Person
from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.permissions import POLICY, Permission, Scope
from masa.core.roles import Role

RELATIONS = ("own organisation", "other organisation", "other partnership")


def expected_visible(permission: Permission, role: Role, relation: str) -> bool:
    scope = POLICY[permission].get(role, Scope.NONE)
    if scope == Scope.PARTNERSHIP:
        return relation != "other partnership"
    if scope == Scope.OWN_ORGANISATION:
        return relation == "own organisation"
    return False


def organisation_for(world: Any, relation: str) -> Organisation:
    return {
        "own organisation": world.own,
        "other organisation": world.other,
        "other partnership": world.outside_partnership,
    }[relation]


def person_in(world: Any, relation: str) -> Person:
    return make_member(
        Role.PRACTITIONER,
        organisation_for(world, relation),
        partnership=world.elsewhere if relation == "other partnership" else world.partnership,
        full_name="Target Person",
    )


@dataclass
class Seen:
    """What one probe observed: whether the record was shown, and every status seen."""

    shown: list[bool]
    statuses: list[int]


def probe_view_organisation(client, world, relation) -> Seen:
    target = organisation_for(world, relation)
    page = client.get(f"/organisations/{target.pk}/")
    api = client.get(f"/api/v1/organisations/{target.pk}/")
    listing = client.get("/organisations/?q=" + target.name.split()[0])
    api_list = client.get("/api/v1/organisations/")
    return Seen(
        shown=[
            page.status_code == 200,
            api.status_code == 200,
            listing.status_code == 200 and target.name.encode() in listing.content,
            api_list.status_code == 200
            and target.pk in [o["id"] for o in api_list.json()["results"]],
        ],
        statuses=[page.status_code, api.status_code, listing.status_code, api_list.status_code],
    )


def probe_view_person(client, world, relation) -> Seen:
    target = person_in(world, relation)
    page = client.get(f"/people/{target.pk}/")
    api = client.get(f"/api/v1/people/{target.pk}/")
    listing = client.get("/people/?q=Target")
    api_list = client.get("/api/v1/people/")
    return Seen(
        shown=[
            page.status_code == 200,
            api.status_code == 200,
            listing.status_code == 200 and b"Target Person" in listing.content,
            api_list.status_code == 200
            and target.pk in [p["id"] for p in api_list.json()["results"]],
        ],
        statuses=[page.status_code, api.status_code, listing.status_code, api_list.status_code],
    )


def probe_change_organisation(client, world, relation) -> Seen:
    target = organisation_for(world, relation)
    form = client.get(f"/organisations/{target.pk}/change/")
    posted = client.post(
        f"/organisations/{target.pk}/change/",
        {"name": "Renamed by probe", "agency_category": target.agency_category or "nhs"},
    )
    target.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and target.name == "Renamed by probe",
        ],
        statuses=[form.status_code, posted.status_code],
    )


def budget_in(world, relation):
    from masa.partnership.models import Budget, Contribution

    partnership = world.elsewhere if relation == "other partnership" else world.partnership
    budget, _ = Budget.objects.get_or_create(partnership=partnership, year=2016)
    contribution = Contribution.objects.create(
        budget=budget, organisation=organisation_for(world, relation), amount_pence=1581_00
    )
    return budget, contribution


def probe_view_budget(client, world, relation) -> Seen:
    budget, contribution = budget_in(world, relation)
    name = contribution.organisation.name
    page = client.get(f"/budgets/{budget.pk}/")
    api = client.get("/api/v1/budget?year=2016/17")
    listing = client.get("/budgets/")
    return Seen(
        shown=[
            page.status_code == 200 and name.encode() in page.content,
            api.status_code == 200
            and name in [c["organisation"] for c in api.json()["contributions"]],
            listing.status_code == 200 and b"2016/17" in listing.content,
        ],
        statuses=[page.status_code, api.status_code, listing.status_code],
    )


def probe_manage_budget(client, world, relation) -> Seen:
    _, contribution = budget_in(world, relation)
    url = f"/budgets/contributions/{contribution.pk}/change/"
    form = client.get(url)
    posted = client.post(
        url,
        {
            "source": "organisation",
            "organisation": contribution.organisation_id,
            "amount": "£2,000",
        },
    )
    contribution.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and contribution.amount_pence == 2000_00,
        ],
        statuses=[form.status_code, posted.status_code],
    )


def _probe_meeting(world, relation):
    """A meeting in the relation's partnership at which only the relation's organisation was
    expected."""
    import datetime

    from masa.partnership.models import Group, Invitation, Meeting

    organisation = organisation_for(world, relation)
    partnership = world.elsewhere if relation == "other partnership" else world.partnership
    group = Group.objects.create(partnership=partnership, name="Probe board", kind="executive")
    meeting = Meeting.objects.create(
        group=group, held_on=datetime.date(2016, 7, 19), title="Probe meeting of the board"
    )
    Invitation.objects.create(meeting=meeting, organisation=organisation)
    return meeting, organisation


def probe_view_meetings(client, world, relation) -> Seen:
    meeting, organisation = _probe_meeting(world, relation)
    page = client.get(f"/meetings/{meeting.pk}/")
    listing = client.get("/meetings/")
    report = client.get("/meetings/attendance/?year=2016/17")
    api = client.get("/api/v1/attendance?year=2016/17")
    row = f'<th scope="row" class="govuk-table__header">{organisation.name}</th>'
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and b"Probe meeting of the board" in listing.content,
            report.status_code == 200 and row in report.content.decode(),
            api.status_code == 200
            and organisation.pk in [o["organisation_id"] for o in api.json()["organisations"]],
        ],
        statuses=[page.status_code, listing.status_code, report.status_code, api.status_code],
    )


def probe_manage_meetings(client, world, relation) -> Seen:
    from masa.partnership.models import Attendance

    meeting, organisation = _probe_meeting(world, relation)
    form = client.get(f"/meetings/{meeting.pk}/attendance/")
    posted = client.post(
        f"/meetings/{meeting.pk}/attendance/", {f"org_{organisation.pk}": "attended"}
    )
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302
            and Attendance.objects.filter(meeting=meeting, attended=True).exists(),
        ],
        statuses=[form.status_code, posted.status_code],
    )


PROBES = {
    Permission.VIEW_MEETINGS: probe_view_meetings,
    Permission.MANAGE_MEETINGS: probe_manage_meetings,
    Permission.VIEW_ORGANISATION: probe_view_organisation,
    Permission.VIEW_PERSON: probe_view_person,
    Permission.CHANGE_ORGANISATION: probe_change_organisation,
    Permission.VIEW_BUDGET: probe_view_budget,
    Permission.MANAGE_BUDGET: probe_manage_budget,
}


def test_every_declared_permission_has_a_probe():
    assert set(POLICY) == set(Permission)
    assert set(PROBES) == set(Permission)


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("permission", list(Permission), ids=lambda p: p.value.replace(" ", "_"))
def test_records_are_shown_exactly_when_the_policy_grants_them(world, permission, role, relation):
    person = make_member(role, world.own, partnership=world.partnership)
    seen = PROBES[permission](signed_in_client(person), world, relation)
    expected = expected_visible(permission, role, relation)
    assert seen.shown == [expected] * len(seen.shown), f"statuses seen: {seen.statuses}"
    # Hidden records are indistinguishable from missing ones: 404, or 403 where the role
    # lacks the permission altogether. Never a 500, never a partial page.
    holds_permission = POLICY[permission].get(role, Scope.NONE) != Scope.NONE
    for status in seen.statuses:
        assert status in ({200, 302, 404} if holds_permission else {403}), seen.statuses


def test_a_person_without_any_role_sees_nothing_but_their_home(world):
    from masa.accounts.tests.factories import make_person

    client = signed_in_client(make_person())
    assert client.get("/home/").status_code == 200
    assert client.get("/organisations/").status_code == 403
    assert client.get(f"/organisations/{world.own.pk}/").status_code == 403
    assert client.get("/api/v1/organisations/").status_code == 403


def test_an_ended_membership_grants_nothing(world):
    import datetime

    person = make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)
    person.memberships.update(ended_on=datetime.date(2020, 1, 1))
    client = signed_in_client(person)
    assert client.get(f"/organisations/{world.other.pk}/").status_code == 403
