"""SECURITY.md T6, generated from the declared policy (masa.core.permissions.POLICY).

For every permission, every role and every relation between the person and the record (their
own organisation, another organisation in their partnership, an organisation in another
partnership), the pages, the API and the lists must show the record exactly when the policy
grants it. So the test proves the duty to share (those who need a record get it) as well as
the boundary (nobody else does). Each area's probes are in tests/probes/; a permission
without a probe fails the suite.
"""

from __future__ import annotations

import pytest
from tests.probes import all_probes
from tests.probes.common import RELATIONS

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.permissions import POLICY, Permission, Scope
from masa.core.roles import Role


def expected_visible(permission: Permission, role: Role, relation: str) -> bool:
    scope = POLICY[permission].get(role, Scope.NONE)
    if scope == Scope.PARTNERSHIP:
        return relation != "other partnership"
    if scope == Scope.OWN_ORGANISATION:
        return relation == "own organisation"
    return False


PROBES = all_probes()


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
    # lacks the permission altogether. Never a 500, never a partial page. (201: the API
    # created what a probe posted.)
    holds_permission = POLICY[permission].get(role, Scope.NONE) != Scope.NONE
    for status in seen.statuses:
        assert status in ({200, 201, 302, 404} if holds_permission else {403}), seen.statuses


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
