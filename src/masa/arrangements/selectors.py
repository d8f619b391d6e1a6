"""Reads of the arrangements. Drafts and milestones are scoped by the policy; published
versions are public, so reading them needs no scope (they are read here, explicitly)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from masa.arrangements.models import Arrangements, DraftSection, Milestone, Version
from masa.core.permissions import Permission, reach
from masa.partnership.models import Partnership
from masa.partnership.selectors import public_partnership

# Everything but the snapshot, for lists of versions.
_VERSION_LIST_FIELDS = (
    "pk",
    "arrangements_id",
    "number",
    "approved_by_name",
    "approved_by_role",
    "approved_at",
    "published_on",
)


# -- Drafts -----------------------------------------------------------------------------------


def drafts_for(user: Any) -> list[Arrangements]:
    """The arrangements `user` may see, each with its latest version number and how many of
    its milestones are overdue."""
    today = timezone.localdate()
    return list(
        Arrangements.objects.visible_to(user)
        .select_related("partnership")
        .annotate(
            latest_number=Max("versions__number"),
            overdue=Count(
                "partnership__arrangement_milestones",
                filter=Q(
                    partnership__arrangement_milestones__done_on__isnull=True,
                    partnership__arrangement_milestones__due_on__lt=today,
                ),
                distinct=True,
            ),
        )
        .order_by("partnership__name")
    )


def partnerships_without_arrangements(user: Any) -> list[Partnership]:
    """Partnerships where `user` may start the arrangements and none have been started."""
    ids = reach(user, Permission.EDIT_ARRANGEMENTS).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids, arrangements__isnull=True).order_by("name"))


def draft_for(user: Any, pk: int) -> Arrangements | None:
    return (
        Arrangements.objects.visible_to(user)
        .select_related("partnership")
        .prefetch_related("sections")
        .filter(pk=pk)
        .first()
    )


def draft_changeable_by(user: Any, pk: int) -> Arrangements | None:
    return (
        Arrangements.objects.changeable_by(user).select_related("partnership").filter(pk=pk).first()
    )


def draft_approvable_by(user: Any, pk: int) -> Arrangements | None:
    return (
        Arrangements.objects.approvable_by(user).select_related("partnership").filter(pk=pk).first()
    )


def section_changeable_by(user: Any, pk: int) -> DraftSection | None:
    return (
        DraftSection.objects.changeable_by(user)
        .select_related("arrangements__partnership")
        .filter(pk=pk)
        .first()
    )


def sections_of(arrangements: Arrangements) -> list[DraftSection]:
    return sorted(arrangements.sections.all(), key=lambda s: s.number)


def can(user: Any, permission: Permission, arrangements: Arrangements) -> bool:
    return arrangements.partnership_id in reach(user, permission).partnership_ids


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    overdue: bool
    late: bool


def milestones_for(user: Any, partnership_id: int) -> list[MilestoneRow]:
    today = timezone.localdate()
    return [
        MilestoneRow(m, m.is_overdue(today), m.was_late())
        for m in Milestone.objects.visible_to(user).filter(partnership_id=partnership_id)
    ]


def milestone_changeable_by(user: Any, pk: int) -> Milestone | None:
    return Milestone.objects.changeable_by(user).select_related("partnership").filter(pk=pk).first()


def overdue_milestones_for(user: Any, today: datetime.date | None = None) -> list[Milestone]:
    today = today or timezone.localdate()
    return list(Milestone.objects.visible_to(user).filter(done_on__isnull=True, due_on__lt=today))


# -- Published versions (public) --------------------------------------------------------------


def versions_of(arrangements_id: int) -> list[Version]:
    return list(
        Version.objects.filter(arrangements_id=arrangements_id)
        .only(*_VERSION_LIST_FIELDS)
        .order_by("-number")
    )


def published_arrangements() -> tuple[Partnership | None, Version | None, list[Version]]:
    """The public page's partnership (as the landing page takes it), its latest published
    version, and all its versions newest first."""
    partnership = public_partnership()
    if partnership is None:
        return None, None, []
    today = timezone.localdate()
    arrangements = Arrangements.objects.filter(partnership=partnership).first()
    if arrangements is None:
        return partnership, None, []
    versions = [v for v in versions_of(arrangements.pk) if v.published_on <= today]
    latest = (
        Version.objects.filter(pk=versions[0].pk).select_related("arrangements").first()
        if versions
        else None
    )
    return partnership, latest, versions


def published_version(pk: int) -> Version | None:
    return (
        Version.objects.select_related("arrangements__partnership")
        .filter(pk=pk, published_on__lte=timezone.localdate())
        .first()
    )


def version_before(version: Version) -> Version | None:
    return (
        Version.objects.filter(arrangements_id=version.arrangements_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def published_versions() -> Any:
    """Every published version, for the public API."""
    return (
        Version.objects.filter(published_on__lte=timezone.localdate())
        .select_related("arrangements__partnership")
        .order_by("arrangements__partnership__name", "-number")
    )
