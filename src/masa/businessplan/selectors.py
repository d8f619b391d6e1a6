"""Reading the business plan, always scoped to the person (`visible_to`), with counts made in
the database so a page takes the same number of queries however big the plan grows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation, Person
from masa.accounts.selectors import current_memberships
from masa.businessplan.models import (
    ActionStatus,
    HighlightReport,
    ImpactRecord,
    PlanAction,
    Priority,
    ProgressUpdate,
    Rag,
)
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, permits, reach
from masa.partnership.models import Group, Partnership


@dataclass(frozen=True)
class RagSummary:
    """How many of a priority's actions (those the person may see) stand at each RAG."""

    red: int = 0
    amber: int = 0
    green: int = 0
    not_reported: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.not_reported

    def as_dict(self) -> dict[str, int]:
        return {
            "red": self.red,
            "amber": self.amber,
            "green": self.green,
            "not_reported": self.not_reported,
            "overdue": self.overdue,
            "total": self.total,
        }


def _actions(user: Any) -> QuerySet[PlanAction]:
    return PlanAction.objects.visible_to(user)


def rag_summaries(
    user: Any, priority_ids: list[int], today: datetime.date | None = None
) -> dict[int, RagSummary]:
    """One query for any number of priorities."""
    today = today or timezone.localdate()
    overdue = Q(milestone_on__lt=today) & ~Q(status=ActionStatus.COMPLETE)
    rows = (
        _actions(user)
        .filter(priority_id__in=priority_ids)
        .order_by()
        .values("priority_id")
        .annotate(
            red=Count("pk", filter=Q(rag=Rag.RED)),
            amber=Count("pk", filter=Q(rag=Rag.AMBER)),
            green=Count("pk", filter=Q(rag=Rag.GREEN)),
            not_reported=Count("pk", filter=Q(rag="")),
            overdue=Count("pk", filter=overdue),
        )
    )
    return {
        row["priority_id"]: RagSummary(
            red=row["red"],
            amber=row["amber"],
            green=row["green"],
            not_reported=row["not_reported"],
            overdue=row["overdue"],
        )
        for row in rows
    }


def plan_years(user: Any) -> list[ReportingYear]:
    years = (
        Priority.objects.visible_to(user)
        .order_by("-start_year")
        .values_list("start_year", flat=True)
        .distinct()
    )
    return [ReportingYear(year) for year in years]


def priorities_for(user: Any, year: ReportingYear | None = None) -> QuerySet[Priority]:
    priorities = Priority.objects.visible_to(user).select_related("partnership")
    if year is not None:
        priorities = priorities.in_year(year)
    return priorities.order_by("-start_year", "partnership__name", "number")


def priority_for(user: Any, pk: int) -> Priority | None:
    return Priority.objects.visible_to(user).select_related("partnership").filter(pk=pk).first()


def priority_changeable_by(user: Any, pk: int) -> Priority | None:
    return Priority.objects.changeable_by(user).select_related("partnership").filter(pk=pk).first()


def can_manage_partnership(user: Any, partnership_id: int) -> bool:
    return partnership_id in reach(user, Permission.MANAGE_BUSINESS_PLAN).partnership_ids


def manageable_partnerships(user: Any) -> QuerySet[Partnership]:
    ids = reach(user, Permission.MANAGE_BUSINESS_PLAN).partnership_ids
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def actions_of(user: Any, priority: Priority) -> list[PlanAction]:
    return list(
        _actions(user)
        .filter(priority=priority)
        .select_related("owner", "owning_organisation", "responsible_group")
        .order_by("milestone_on", "pk")
    )


def action_for(user: Any, pk: int) -> PlanAction | None:
    return (
        _actions(user)
        .select_related(
            "priority__partnership", "owner", "owning_organisation", "responsible_group"
        )
        .filter(pk=pk)
        .first()
    )


def action_changeable_by(user: Any, pk: int) -> PlanAction | None:
    return (
        PlanAction.objects.changeable_by(user)
        .select_related("priority__partnership", "owning_organisation")
        .filter(pk=pk)
        .first()
    )


def action_reportable_by(user: Any, pk: int) -> PlanAction | None:
    return (
        PlanAction.objects.reportable_by(user)
        .select_related("priority__partnership", "owning_organisation", "owner")
        .filter(pk=pk)
        .first()
    )


def can_report(user: Any, action: PlanAction) -> bool:
    return PlanAction.objects.reportable_by(user).filter(pk=action.pk).exists()


def reportable_ids(user: Any, priority: Priority) -> set[int]:
    return set(
        PlanAction.objects.reportable_by(user)
        .filter(priority=priority)
        .values_list("pk", flat=True)
    )


def updates_of(user: Any, action: PlanAction) -> list[ProgressUpdate]:
    return list(
        ProgressUpdate.objects.visible_to(user)
        .filter(action=action)
        .select_related("reported_by")
        .order_by("-reported_on", "-pk")
    )


def overdue_plan_actions_for(person: Any, today: datetime.date | None = None) -> list[PlanAction]:
    """The person's own actions past their milestone and not complete, that they may open."""
    if not permits(person, Permission.VIEW_BUSINESS_PLAN):
        return []  # the link would lead to a page their roles may not open
    return list(
        PlanAction.objects.visible_to(person)
        .filter(owner=person)
        .overdue(today or timezone.localdate())
        .select_related("priority")
        .order_by("milestone_on", "pk")
    )


# -- Choices for the forms: the priority's partnership's organisations, people and groups ----


def organisations_of(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships=partnership).order_by("name").distinct()


def people_of(partnership: Partnership) -> QuerySet[Person]:
    members = current_memberships().filter(partnership=partnership).values("person_id")
    return Person.objects.filter(pk__in=members, is_active=True).order_by("full_name")


def groups_of(partnership: Partnership) -> QuerySet[Group]:
    return Group.objects.filter(partnership=partnership).order_by("name")


def reporting_groups_for(user: Any) -> QuerySet[Group]:
    from masa.businessplan.services import REPORTING_GROUP_KINDS

    ids = reach(user, Permission.REPORT_PROGRESS).partnership_ids
    return Group.objects.filter(partnership__in=ids, kind__in=REPORTING_GROUP_KINDS).order_by(
        "name"
    )


# -- Highlight reports and impact ------------------------------------------------------------


def highlight_reports_for(user: Any) -> QuerySet[HighlightReport]:
    return (
        HighlightReport.objects.visible_to(user)
        .select_related("group", "written_by")
        .order_by("-start_year", "-quarter", "group__name")
    )


def highlight_report_for(user: Any, pk: int) -> HighlightReport | None:
    return highlight_reports_for(user).filter(pk=pk).first()


def highlight_report_changeable_by(user: Any, pk: int) -> HighlightReport | None:
    return HighlightReport.objects.changeable_by(user).select_related("group").filter(pk=pk).first()


def actions_of_group(user: Any, report: HighlightReport) -> list[PlanAction]:
    """The drawn-together view: the subgroup's actions in the report's plan year, with their
    latest RAG."""
    return list(
        _actions(user)
        .filter(responsible_group=report.group, priority__start_year=report.start_year)
        .select_related("priority", "owner", "owning_organisation")
        .order_by("priority__number", "milestone_on", "pk")
    )


def impact_of(user: Any, priority: Priority) -> ImpactRecord | None:
    return ImpactRecord.objects.visible_to(user).filter(priority=priority).first()


def evidence_links(record: ImpactRecord) -> list[tuple[str, str]]:
    """(address, what it shows) for each evidence line."""
    links = []
    for line in record.evidence_links.splitlines():
        href, _, text = line.strip().partition(" ")
        if href:
            links.append((href, text.strip() or href))
    return links


# -- Records an API client names by id (the services check they belong to the partnership) ---


def organisation_by_id(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def person_by_id(pk: int) -> Person | None:
    return Person.objects.filter(pk=pk, is_active=True).first()


def group_by_id(pk: int) -> Group | None:
    return Group.objects.filter(pk=pk).first()
