"""What every probe module shares: the three relations and the records standing for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from masa.accounts.models import Organisation, Person
from masa.accounts.tests.factories import make_member
from masa.core.roles import Role

RELATIONS = ("own organisation", "other organisation", "other partnership")


@dataclass
class Seen:
    """What one probe observed: whether the record was shown, and every status seen."""

    shown: list[bool]
    statuses: list[int]


def organisation_for(world: Any, relation: str) -> Organisation:
    return {
        "own organisation": world.own,
        "other organisation": world.other,
        "other partnership": world.outside_partnership,
    }[relation]


def partnership_for(world: Any, relation: str) -> Any:
    return world.elsewhere if relation == "other partnership" else world.partnership


def person_in(world: Any, relation: str) -> Person:
    return make_member(
        Role.PRACTITIONER,
        organisation_for(world, relation),
        partnership=partnership_for(world, relation),
        full_name="Target Person",
    )
