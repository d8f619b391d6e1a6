"""Reads of people and organisations, scoped to the person asking."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import (
    STATUTORY_PARTNER_KINDS,
    Membership,
    Organisation,
    Person,
)
from masa.partnership.models import Partnership

DEMO_EMAIL_DOMAIN = "demo.masa.invalid"


def current_memberships() -> QuerySet[Membership]:
    today = timezone.localdate()
    return Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
    ).select_related("organisation", "partnership")


def statutory_partners(partnership: Partnership) -> list[Organisation]:
    """Public knowledge: the three statutory partners named in the published arrangements."""
    return list(
        Organisation.objects.filter(
            partnerships=partnership, kind__in=STATUTORY_PARTNER_KINDS
        ).order_by("kind")
    )


def organisations_for(user: Person, *, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user)
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(name__icontains=query)
    return organisations.order_by("name")


def organisation_counts_by_kind(user: Person) -> dict[str, int]:
    rows = (
        Organisation.objects.visible_to(user)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["kind"]: row["n"] for row in rows}


def organisation_for(user: Person, pk: int) -> Organisation | None:
    return Organisation.objects.visible_to(user).filter(pk=pk).first()


def members_of(user: Person, organisation: Organisation) -> list[Membership]:
    """The current memberships of `organisation` whose people `user` may see."""
    visible_people = Person.objects.visible_to(user).values("pk")
    return list(
        current_memberships()
        .filter(organisation=organisation, person__in=visible_people, person__is_active=True)
        .select_related("person")
        .order_by("person__full_name", "role")
    )


def people_for(user: Person, *, query: str = "") -> QuerySet[Person]:
    people = Person.objects.visible_to(user).filter(is_active=True)
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(job_title__icontains=query))
    return people.prefetch_related(
        Prefetch("memberships", queryset=current_memberships(), to_attr="listed_memberships")
    ).order_by("full_name")


def person_for(user: Person, pk: int) -> Person | None:
    return (
        Person.objects.visible_to(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("memberships", queryset=current_memberships(), to_attr="listed_memberships")
        )
        .first()
    )


@dataclass(frozen=True)
class DemoPersona:
    person: Person
    memberships: list[Membership]


def demo_personas() -> list[DemoPersona]:
    people = (
        Person.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
        .prefetch_related(
            Prefetch("memberships", queryset=current_memberships(), to_attr="listed_memberships")
        )
        .order_by("pk")
    )
    return [DemoPersona(p, p.listed_memberships) for p in people]


def organisation_changeable_by(user: Person, pk: int) -> Organisation | None:
    return Organisation.objects.changeable_by(user).filter(pk=pk).first()


def can_change(user: Person, organisation: Organisation) -> bool:
    return Organisation.objects.changeable_by(user).filter(pk=organisation.pk).exists()
