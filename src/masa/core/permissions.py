"""The permission policy: one Permission enum; each app's rules.py grants it to roles.

A grant gives a role a Scope for a permission:
- PARTNERSHIP: every record in the partnerships where the person holds that role;
- OWN_ORGANISATION: the records of the organisation through which they hold it.
Anything not granted is refused. Views, selectors and the API all ask this module, and the
permission-matrix test is generated from the same table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db.models import Model, QuerySet

from masa.core.roles import Role

if TYPE_CHECKING:
    from django.db.models import Q

_Model = TypeVar("_Model", bound=Model)


class Permission(StrEnum):
    VIEW_ORGANISATION = "view organisation"
    CHANGE_ORGANISATION = "change organisation"
    VIEW_PERSON = "view person"
    VIEW_MEETINGS = "view meetings"
    MANAGE_MEETINGS = "manage meetings"
    VIEW_BUDGET = "view budget"
    MANAGE_BUDGET = "manage budget"
    # Groups, their terms of reference and members; the relevant agencies register.
    VIEW_GROUPS = "view groups"
    MANAGE_GROUPS = "manage groups"
    VIEW_AGENCY_REGISTER = "view agency register"
    MANAGE_AGENCY_REGISTER = "manage agency register"
    # The published arrangements: drafts, approval of a version (the public reads published ones).
    VIEW_ARRANGEMENT_DRAFTS = "view arrangement drafts"
    EDIT_ARRANGEMENTS = "edit arrangements"
    APPROVE_ARRANGEMENTS = "approve arrangements"
    # The business plan: priorities, their actions, progress updates and highlight reports.
    VIEW_BUSINESS_PLAN = "view business plan"
    MANAGE_BUSINESS_PLAN = "manage business plan"
    REPORT_PROGRESS = "report progress"
    # The risk register and the challenge log.
    VIEW_RISKS = "view risks"
    MANAGE_RISKS = "manage risks"
    VIEW_CHALLENGES = "view challenges"
    RAISE_CHALLENGES = "raise challenges"
    RESPOND_TO_CHALLENGES = "respond to challenges"
    # Learning from serious cases: cases for consideration, notifications and rapid reviews.
    VIEW_CASES = "view cases"
    RAISE_CASES = "raise cases"
    MANAGE_CASES = "manage cases"
    # Local performance submissions: seeing them, and submitting an organisation's figures.
    VIEW_SUBMISSIONS = "view submissions"
    SUBMIT_DATA = "submit data"
    # The performance dashboard and indicator pages; chasing organisations for their figures.
    VIEW_PERFORMANCE = "view performance"
    MANAGE_PERFORMANCE = "manage performance"
    # Practice reviews and other learning reviews: findings, recommendations, publication.
    VIEW_REVIEWS = "view reviews"
    MANAGE_REVIEWS = "manage reviews"
    APPROVE_REVIEW_PUBLICATION = "approve review publication"
    # Assurance audits (Section 11, Section 175/157): frameworks, cycles and returns.
    VIEW_AUDITS = "view audits"
    MANAGE_AUDITS = "manage audits"
    COMPLETE_AUDIT_RETURNS = "complete audit returns"
    # Multi-agency case audits, single-agency assurance reports and inspection judgements.
    VIEW_ASSURANCE = "view assurance"
    MANAGE_ASSURANCE = "manage assurance"


class Scope(IntEnum):
    NONE = 0
    OWN_ORGANISATION = 1
    PARTNERSHIP = 2


POLICY: dict[Permission, dict[Role, Scope]] = {}


def grant(permission: Permission, grants: dict[Role, Scope]) -> None:
    """Declare which roles hold `permission`, and how widely. Called from each app's rules.py."""
    if permission in POLICY:
        raise ValueError(f"{permission} is already declared; declare each permission once")
    POLICY[permission] = dict(grants)


def grant_to(roles: Iterable[Role], scope: Scope) -> dict[Role, Scope]:
    return dict.fromkeys(roles, scope)


@dataclass(frozen=True)
class Reach:
    """Where a person may exercise one permission."""

    partnership_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.partnership_ids and not self.organisation_ids

    def q(self, *, partnership_path: str, organisation_path: str) -> Q:
        """A filter selecting the records this reach covers, given how a model links to both."""
        from django.db.models import Q

        if self.is_empty:
            return Q(pk__in=[])
        condition = Q(**{f"{organisation_path}__in": self.organisation_ids})
        if self.partnership_ids:
            condition |= Q(**{f"{partnership_path}__in": self.partnership_ids})
        return condition

    def covers(self, *, partnership_ids: Iterable[int], organisation_ids: Iterable[int]) -> bool:
        return bool(
            self.partnership_ids.intersection(partnership_ids)
            or self.organisation_ids.intersection(organisation_ids)
        )


def reach(user: Any, permission: Permission) -> Reach:
    """Where `user` may exercise `permission`, from their current memberships."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach()
    grants = POLICY.get(permission, {})
    partnership_ids: set[int] = set()
    organisation_ids: set[int] = set()
    for membership in user.current_memberships():
        scope = grants.get(Role(membership.role), Scope.NONE)
        if scope == Scope.PARTNERSHIP:
            partnership_ids.add(membership.partnership_id)
        elif scope == Scope.OWN_ORGANISATION:
            organisation_ids.add(membership.organisation_id)
    return Reach(frozenset(partnership_ids), frozenset(organisation_ids))


def permits(user: Any, permission: Permission) -> bool:
    """Whether `user` may use `permission` anywhere at all (to show a page or a link)."""
    return not reach(user, permission).is_empty


class ScopedQuerySet(QuerySet[_Model]):
    """`visible_to(user)` and `changeable_by(user)` from the policy, for a model that names the
    permissions and how its rows reach a partnership and an organisation. Models whose scope
    has more to it (a person's own actions, memberships in force) write their own."""

    view_permission: ClassVar[Permission]
    change_permission: ClassVar[Permission | None] = None
    partnership_path: ClassVar[str]
    organisation_path: ClassVar[str]
    # Set when organisation_path crosses a to-many relation, which would repeat rows.
    distinct_rows: ClassVar[bool] = False

    def _within_reach(self, user: Any, permission: Permission | None) -> Self:
        if permission is None:
            return self.none()
        rows = self.filter(
            reach(user, permission).q(
                partnership_path=self.partnership_path, organisation_path=self.organisation_path
            )
        )
        return rows.distinct() if self.distinct_rows else rows

    def visible_to(self, user: Any) -> Self:
        return self._within_reach(user, self.view_permission)

    def changeable_by(self, user: Any) -> Self:
        return self._within_reach(user, self.change_permission)
