"""Reads of case audits, their actions, assurance reports and inspections, always scoped to
the person asking. Each list is a fixed number of queries however many rows it has (related
rows come with select_related/prefetch_related; counts are aggregated in the database)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation, OrganisationKind, Person
from masa.accounts.selectors import current_memberships
from masa.assurance.models import (
    ActionStatus,
    AreaJudgement,
    AssuranceReport,
    CaseAudit,
    CaseAuditAction,
    CaseAuditParticipant,
    FollowUpStatus,
    Inspection,
)
from masa.core.permissions import Permission, reach
from masa.partnership.models import Group, LocalAuthority, Meeting, Partnership

ACTION_FILTERS = ("open", "overdue", "done", "all")


def partnerships_for(user: Any, permission: Permission = Permission.MANAGE_ASSURANCE):
    """The partnerships where the person holds `permission` across the partnership."""
    return list(Partnership.objects.filter(pk__in=reach(user, permission).partnership_ids))


def organisations_in(partnerships: list[Partnership]) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(engagement__partnership__in=partnerships)
        .distinct()
        .order_by("name")
    )


def agencies_in(partnerships: list[Partnership]) -> QuerySet[Organisation]:
    """The organisations offered as a case audit's participants: the agencies, not each of
    the hundreds of education settings (the county's education service stands for them)."""
    return organisations_in(partnerships).exclude(kind=OrganisationKind.EDUCATION)


def people_in(partnerships: list[Partnership]) -> QuerySet[Person]:
    people = current_memberships().filter(partnership__in=partnerships).values("person")
    return Person.objects.filter(pk__in=people).order_by("full_name")


def groups_in(partnerships: list[Partnership]) -> QuerySet[Group]:
    return Group.objects.filter(partnership__in=partnerships).order_by("name")


def meetings_in(partnerships: list[Partnership]) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(group__partnership__in=partnerships)
        .select_related("group")
        .order_by("-held_on", "pk")
    )


def local_authorities_in(partnerships: list[Partnership]) -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.filter(partnerships__in=partnerships).distinct()


def partnership_of(organisation: Organisation, partnerships: list[Partnership]) -> Partnership:
    """The one of `partnerships` the organisation works with (the first, if several)."""
    engaged = set(organisation.engagement_set.values_list("partnership_id", flat=True))
    for partnership in partnerships:
        if partnership.pk in engaged:
            return partnership
    return partnerships[0]


# -- Case audits -----------------------------------------------------------------------------


def _action_counts(user: Any, today: datetime.date) -> dict[str, Any]:
    """Counts of the actions the person may see, by audit (aggregated in the database)."""
    visible = CaseAuditAction.objects.visible_to(user).values("pk")
    return {
        "open_actions": Count(
            "actions", filter=Q(actions__in=visible, actions__status=ActionStatus.OPEN)
        ),
        "overdue_actions": Count(
            "actions",
            filter=Q(
                actions__in=visible,
                actions__status=ActionStatus.OPEN,
                actions__due_on__lt=today,
            ),
        ),
        "all_actions": Count("actions", filter=Q(actions__in=visible)),
    }


def case_audits_for(user: Any, today: datetime.date | None = None) -> list[CaseAudit]:
    """The audits the person may see, newest first, with their participants and counts of
    the actions the person may see."""
    today = today or timezone.localdate()
    audit_ids = CaseAudit.objects.visible_to(user).values("pk")
    return list(
        CaseAudit.objects.filter(pk__in=audit_ids)
        .annotate(**_action_counts(user, today))
        .select_related("monitored_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseAuditParticipant.objects.select_related("organisation"),
            )
        )
        .order_by("-audited_on", "pk")
    )


def case_audit_for(user: Any, pk: int) -> CaseAudit | None:
    return (
        CaseAudit.objects.visible_to(user)
        .select_related("partnership", "monitored_by")
        .filter(pk=pk)
        .first()
    )


def case_audit_changeable_by(user: Any, pk: int) -> CaseAudit | None:
    return (
        CaseAudit.objects.changeable_by(user)
        .select_related("partnership", "monitored_by")
        .filter(pk=pk)
        .first()
    )


def can_manage(user: Any, record: Any) -> bool:
    return type(record).objects.changeable_by(user).filter(pk=record.pk).exists()


def participants_of(case_audit: CaseAudit) -> list[Organisation]:
    """Who took part: shown to everyone who may see the audit."""
    return [
        p.organisation
        for p in CaseAuditParticipant.objects.filter(case_audit=case_audit).select_related(
            "organisation"
        )
    ]


def actions_of(user: Any, case_audit: CaseAudit) -> list[CaseAuditAction]:
    """The audit's actions the person may see, soonest due first."""
    return list(
        CaseAuditAction.objects.visible_to(user)
        .filter(case_audit=case_audit)
        .select_related("owning_organisation", "owner")
        .order_by("status", "due_on", "pk")
    )


def case_audit_actions(
    user: Any, show: str = "open", today: datetime.date | None = None
) -> QuerySet[CaseAuditAction]:
    """The actions across audits the Quality and Performance subgroup monitors."""
    today = today or timezone.localdate()
    actions = CaseAuditAction.objects.visible_to(user).select_related(
        "case_audit", "owning_organisation", "owner"
    )
    if show == "open":
        actions = actions.filter(status=ActionStatus.OPEN)
    elif show == "overdue":
        actions = actions.overdue(today)
    elif show == "done":
        actions = actions.filter(status=ActionStatus.DONE)
    return actions.order_by("status", "due_on", "pk")


def action_counts(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = CaseAuditAction.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=ActionStatus.OPEN, due_on__lt=today)),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        all=Count("pk"),
    )
    return {name: counts[name] or 0 for name in ACTION_FILTERS}


def action_for(user: Any, pk: int) -> CaseAuditAction | None:
    return (
        CaseAuditAction.objects.visible_to(user)
        .select_related("case_audit__partnership", "owning_organisation", "owner")
        .filter(pk=pk)
        .first()
    )


def action_changeable_by(user: Any, pk: int) -> CaseAuditAction | None:
    return (
        CaseAuditAction.objects.changeable_by(user)
        .select_related("case_audit__partnership", "owning_organisation", "owner")
        .filter(pk=pk)
        .first()
    )


def action_manageable_by(user: Any, pk: int) -> CaseAuditAction | None:
    """An action the person may change as the business unit (not merely as its owner)."""
    where = reach(user, Permission.MANAGE_ASSURANCE)
    return (
        CaseAuditAction.objects.filter(
            where.q(
                partnership_path="case_audit__partnership",
                organisation_path="owning_organisation",
            )
        )
        .select_related("case_audit__partnership", "owning_organisation", "owner")
        .filter(pk=pk)
        .first()
    )


def overdue_case_audit_actions_for(
    person: Any, today: datetime.date | None = None
) -> list[CaseAuditAction]:
    """The person's own open case-audit actions past their due date (one query)."""
    if not getattr(person, "is_authenticated", False):
        return []
    return list(
        CaseAuditAction.objects.filter(owner=person)
        .overdue(today or timezone.localdate())
        .select_related("case_audit")
        .order_by("due_on", "pk")
    )


# -- Assurance reports -----------------------------------------------------------------------


def reports_for(user: Any, show: str = "all") -> QuerySet[AssuranceReport]:
    reports = AssuranceReport.objects.visible_to(user).select_related(
        "organisation", "group", "meeting__group"
    )
    if show in FollowUpStatus.values:
        reports = reports.filter(follow_up_status=show)
    return reports.order_by("-received_on", "pk")


def report_for(user: Any, pk: int) -> AssuranceReport | None:
    return (
        AssuranceReport.objects.visible_to(user)
        .select_related("organisation", "group", "meeting__group", "partnership")
        .filter(pk=pk)
        .first()
    )


def report_changeable_by(user: Any, pk: int) -> AssuranceReport | None:
    return (
        AssuranceReport.objects.changeable_by(user)
        .select_related("organisation", "group", "meeting__group", "partnership")
        .filter(pk=pk)
        .first()
    )


# -- Inspections -----------------------------------------------------------------------------

_AREAS = Prefetch("areas", queryset=AreaJudgement.objects.order_by("order"))


def areas_in_order() -> Prefetch:
    """An inspection's area judgements, in order (prefetched with the inspections)."""
    return Prefetch("areas", queryset=AreaJudgement.objects.order_by("order"))


def participants_in_order() -> Prefetch:
    """A case audit's participants (prefetched with the audits)."""
    return Prefetch("participants", queryset=CaseAuditParticipant.objects.order_by("pk"))


def inspections_for(user: Any) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("organisation", "local_authority")
        .prefetch_related(_AREAS)
        .order_by("-published_on", "-inspected_on", "pk")
    )


def inspection_for(user: Any, pk: int) -> Inspection | None:
    return (
        Inspection.objects.visible_to(user)
        .select_related("organisation", "local_authority", "partnership")
        .prefetch_related(_AREAS)
        .filter(pk=pk)
        .first()
    )


def inspection_changeable_by(user: Any, pk: int) -> Inspection | None:
    return (
        Inspection.objects.changeable_by(user)
        .select_related("organisation", "local_authority", "partnership")
        .prefetch_related(_AREAS)
        .filter(pk=pk)
        .first()
    )


def overview_counts(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    """The figures on the assurance overview page (four queries)."""
    return {
        "case_audits": CaseAudit.objects.visible_to(user).count(),
        "reports": AssuranceReport.objects.visible_to(user).count(),
        "inspections": Inspection.objects.visible_to(user).count(),
        **{f"actions_{k}": v for k, v in action_counts(user, today).items()},
    }
