"""Reads of cases, always scoped to the person asking (a list is one query however long)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from masa.accounts.models import Organisation
from masa.core.permissions import Permission, reach
from masa.learning.models import Case, CaseInfoRequest
from masa.partnership.models import Partnership


def cases_for(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("raised_by_organisation", "partnership")


def case_for(user: Any, pk: int) -> Case | None:
    return (
        cases_for(user)
        .select_related("raised_by")
        .prefetch_related(
            "agencies_involved",
            Prefetch(
                "info_requests",
                queryset=CaseInfoRequest.objects.visible_to(user).select_related("organisation"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def case_changeable_by(user: Any, pk: int) -> Case | None:
    return (
        Case.objects.changeable_by(user)
        .select_related("raised_by_organisation", "partnership")
        .filter(pk=pk)
        .first()
    )


def can_manage(user: Any, case: Case) -> bool:
    return Case.objects.changeable_by(user).filter(pk=case.pk).exists()


def info_request_changeable_by(user: Any, pk: int) -> CaseInfoRequest | None:
    return (
        CaseInfoRequest.objects.changeable_by(user)
        .select_related("case", "organisation")
        .filter(pk=pk)
        .first()
    )


def cases_needing(user: Any) -> list[Case]:
    """Cases the business unit must act on: raised and not yet started, awaiting the
    notification, or awaiting the rapid review (one query)."""
    if not reach(user, Permission.MANAGE_CASES).partnership_ids:
        return []
    rows = Case.objects.changeable_by(user).select_related("raised_by_organisation")
    needing = rows.not_yet_started() | rows.awaiting_notification() | rows.awaiting_rapid_review()
    return list(needing.order_by("raised_on", "pk"))


def raising_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations this person may raise a case for."""
    raising = reach(user, Permission.RAISE_CASES)
    return (
        Organisation.objects.filter(
            raising.q(partnership_path="partnerships", organisation_path="pk")
        )
        .distinct()
        .order_by("name")
    )


def organisations_of(partnership_ids: set[int] | frozenset[int]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships__in=partnership_ids).distinct().order_by("name")


def partnerships_of_reach(user: Any, permission: Permission) -> list[Partnership]:
    ids = set(reach(user, permission).partnership_ids)
    ids |= {
        m.partnership_id
        for m in user.current_memberships()
        if m.organisation_id in reach(user, permission).organisation_ids
    }
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))
