"""What each person's home page shows: who they are here, and what needs them now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from masa.core.permissions import Permission, permits
from masa.core.roles import READ_ACROSS_ROLES


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    description: str


@dataclass(frozen=True)
class HomePage:
    name: str
    memberships: list
    reads_across: bool
    needs: list = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def home_for(user: Any) -> HomePage:
    memberships = user.current_memberships()
    links = []
    if permits(user, Permission.VIEW_ORGANISATION):
        links.append(
            Link(
                "Organisations",
                reverse("accounts:organisations"),
                "The partners, agencies and schools in the partnership.",
            )
        )
    if permits(user, Permission.VIEW_PERSON):
        links.append(
            Link(
                "People", reverse("accounts:people"), "Who holds which role, and how to reach them."
            )
        )
    links.append(
        Link(
            "Your account",
            reverse("accounts:account"),
            "Two-factor sign-in, recovery codes and API tokens.",
        )
    )
    return HomePage(
        name=user.full_name,
        memberships=memberships,
        reads_across=bool(user.roles() & READ_ACROSS_ROLES),
        links=links,
    )
