"""SECURITY.md T6 with Hypothesis: in randomly built partnerships, what each person can see
through the scoped querysets equals what a plain reading of the policy says they may see."""

from __future__ import annotations

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masa.accounts.models import Engagement, Membership, Organisation, Person
from masa.core.permissions import POLICY, Permission, Scope
from masa.core.roles import Role
from masa.partnership.models import Partnership

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=400)
FUTURE = TODAY + datetime.timedelta(days=30)

membership_plan = st.tuples(
    st.integers(min_value=0, max_value=5),  # organisation index
    st.sampled_from(list(Role)),
    st.sampled_from(["current", "ended", "not yet started"]),
)
world_plan = st.lists(
    st.lists(membership_plan, min_size=0, max_size=3),  # each person's memberships
    min_size=1,
    max_size=6,
)


class Rollback(Exception):
    pass


def build(plan):
    """Two partnerships; organisations 0-3 in the first, 4-5 in the second, 3 in both."""
    first = Partnership.objects.create(name="First", short_name="P1")
    second = Partnership.objects.create(name="Second", short_name="P2")
    organisations = [Organisation.objects.create(name=f"Org {i}", kind="other") for i in range(6)]
    for index, organisation in enumerate(organisations):
        if index <= 3:
            Engagement.objects.create(partnership=first, organisation=organisation)
        if index >= 3:
            Engagement.objects.create(partnership=second, organisation=organisation)
    people = []
    for number, memberships in enumerate(plan):
        person = Person.objects.create_user(email=f"p{number}@example.org", full_name=f"P{number}")
        for org_index, role, state in memberships:
            organisation = organisations[org_index]
            partnership = first if org_index <= 3 else second
            Membership.objects.get_or_create(
                person=person,
                organisation=organisation,
                partnership=partnership,
                role=role,
                defaults={
                    "started_on": FUTURE if state == "not yet started" else PAST,
                    "ended_on": PAST + datetime.timedelta(days=1) if state == "ended" else None,
                },
            )
        people.append(person)
    return organisations, people


def in_force(membership: Membership) -> bool:
    return membership.started_on <= TODAY and (
        membership.ended_on is None or membership.ended_on >= TODAY
    )


def expected_reach(person: Person, permission: Permission) -> tuple[set[int], set[int]]:
    partnerships, organisations = set(), set()
    for membership in Membership.objects.filter(person=person):
        if not in_force(membership):
            continue
        scope = POLICY[permission].get(Role(membership.role), Scope.NONE)
        if scope == Scope.PARTNERSHIP:
            partnerships.add(membership.partnership_id)
        elif scope == Scope.OWN_ORGANISATION:
            organisations.add(membership.organisation_id)
    return partnerships, organisations


def expected_organisations(person: Person) -> set[int]:
    partnerships, organisations = expected_reach(person, Permission.VIEW_ORGANISATION)
    engaged = set(
        Engagement.objects.filter(partnership_id__in=partnerships).values_list(
            "organisation_id", flat=True
        )
    )
    return engaged | organisations


def expected_people(viewer: Person, everyone: list[Person]) -> set[int]:
    partnerships, organisations = expected_reach(viewer, Permission.VIEW_PERSON)
    visible = set()
    for other in everyone:
        for membership in Membership.objects.filter(person=other):
            if in_force(membership) and (
                membership.partnership_id in partnerships
                or membership.organisation_id in organisations
            ):
                visible.add(other.pk)
    return visible


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=world_plan)
def test_scoped_querysets_match_the_policy_in_random_worlds(db, plan):
    try:
        with transaction.atomic():
            _, people = build(plan)
            for person in people:
                person = Person.objects.get(
                    pk=person.pk
                )  # fresh: memberships are cached per object
                assert set(
                    Organisation.objects.visible_to(person).values_list("pk", flat=True)
                ) == (expected_organisations(person))
                assert set(Person.objects.visible_to(person).values_list("pk", flat=True)) == (
                    expected_people(person, people)
                )
            raise Rollback
    except Rollback:
        pass
