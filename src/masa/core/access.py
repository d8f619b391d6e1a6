"""Every view says who may reach it; AccessClassificationMiddleware enforces it.

A view without a classification answers 404 and fails the URL-classification test, so a new
page cannot be reachable by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from masa.core.permissions import Permission

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


class Access(StrEnum):
    PUBLIC = "public"
    # Only after the password, before the second factor: the second-factor and enrolment pages.
    SECOND_FACTOR_STEP = "second factor step"
    SIGNED_IN = "signed in"
    PERMISSION = "permission"


def _classify(
    access: Access, permission: Permission | None = None
) -> Callable[[ViewFunc], ViewFunc]:
    def decorate(view: ViewFunc) -> ViewFunc:
        view.masa_access = access  # type: ignore[attr-defined]
        view.masa_permission = permission  # type: ignore[attr-defined]
        return view

    return decorate


public = _classify(Access.PUBLIC)
second_factor_step = _classify(Access.SECOND_FACTOR_STEP)
signed_in = _classify(Access.SIGNED_IN)


def requires(permission: Permission) -> Callable[[ViewFunc], ViewFunc]:
    """Signed in, and holding `permission` somewhere (records are then scoped by selectors)."""
    return _classify(Access.PERMISSION, permission)


def classification(view: Any) -> tuple[Access, Permission | None] | None:
    """The classification of a resolved view: a function view, or an API view class."""
    for candidate in (view, getattr(view, "cls", None), getattr(view, "view_class", None)):
        access = getattr(candidate, "masa_access", None)
        if access is not None:
            return access, getattr(candidate, "masa_permission", None)
    return None


def is_api_view(view: Any) -> bool:
    return hasattr(view, "cls")


if TYPE_CHECKING:
    from django.http import HttpRequest

    from masa.accounts.models import Person

    class SignedInRequest(HttpRequest):
        """A request to a signed-in view: the middleware has made sure `user` is a Person."""

        user: Person
else:
    from django.http import HttpRequest as SignedInRequest  # noqa: F401
