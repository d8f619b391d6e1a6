"""Multi-agency case audits, single-agency assurance reports and inspection judgements
(seed 003 §6.9, §6.10 and Appendix D; DOMAIN.md functions 8 and 9).

A case audit is themed ("Unborn babies") and counts the cases it looked at; it never holds a
child's name or case number. The organisations that took part are `CaseAuditParticipant`
rows: an agency lead sees the audits their organisation took part in, and the actions their
organisation owns. Actions are closed only with evidence of what was done.

An inspection carries its overall judgement and one `AreaJudgement` per judged area. The
Ofsted ILACS rows loaded by `masa import-ofsted` keep the file and row they came from.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from masa.core.permissions import Permission, ScopedQuerySet, reach


def _user_pk(user: Any) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


# -- Multi-agency case audits ----------------------------------------------------------------


class CaseAuditQuerySet(ScopedQuerySet["CaseAudit"]):
    """The whole partnership's audits for read-across roles; for an agency lead, the audits
    their organisation took part in."""

    view_permission = Permission.VIEW_ASSURANCE
    change_permission = Permission.MANAGE_ASSURANCE
    partnership_path = "partnership"
    organisation_path = "participants__organisation"
    distinct_rows = True


class CaseAudit(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="case_audits"
    )
    theme = models.CharField(max_length=200)
    scope = models.TextField(
        "what the audit looked at",
        blank=True,
        help_text="Which practice the audit examined; never a child's name or case number.",
    )
    audited_on = models.DateField()
    cases_audited = models.PositiveSmallIntegerField()
    strengths = models.JSONField(default=list, blank=True)
    key_lessons = models.JSONField(default=list, blank=True)
    impact = models.JSONField(default=list, blank=True)
    monitored_by = models.ForeignKey(
        "partnership.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitored_case_audits",
        help_text="The group that monitors the action plan (the Quality and Performance subgroup).",
    )

    objects = CaseAuditQuerySet.as_manager()

    class Meta:
        ordering = ["-audited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.theme}, {self.audited_on:%B %Y}"


class CaseAuditParticipantQuerySet(ScopedQuerySet["CaseAuditParticipant"]):
    view_permission = Permission.VIEW_ASSURANCE
    change_permission = Permission.MANAGE_ASSURANCE
    partnership_path = "case_audit__partnership"
    organisation_path = "organisation"


class CaseAuditParticipant(models.Model):
    """An organisation that took part in a case audit."""

    case_audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_audit_places"
    )

    objects = CaseAuditParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_audit", "organisation"], name="one_participation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.case_audit}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class CaseAuditActionQuerySet(QuerySet["CaseAuditAction"]):
    def _within(self, user: Any, permission: Permission) -> CaseAuditActionQuerySet:
        condition = reach(user, permission).q(
            partnership_path="case_audit__partnership", organisation_path="owning_organisation"
        )
        owner = _user_pk(user)
        if owner is not None:
            condition |= Q(owner_id=owner)
        return self.filter(condition)

    def visible_to(self, user: Any) -> CaseAuditActionQuerySet:
        """Every action for read-across roles; the owning organisation's for its lead; and
        always the person's own."""
        return self._within(user, Permission.VIEW_ASSURANCE)

    def changeable_by(self, user: Any) -> CaseAuditActionQuerySet:
        """The business unit changes any action; the owner may close their own."""
        return self._within(user, Permission.MANAGE_ASSURANCE)

    def overdue(self, today: datetime.date) -> CaseAuditActionQuerySet:
        return self.filter(status=ActionStatus.OPEN, due_on__lt=today)


class CaseAuditAction(models.Model):
    case_audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_audit_actions"
    )
    owner = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_audit_actions",
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    objects = CaseAuditActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False) & ~Q(evidence=""))
                | (Q(status="open") & Q(completed_on__isnull=True)),
                name="case_audit_action_closed_with_date_and_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today


# -- Single-agency assurance reports ---------------------------------------------------------


class FollowUpStatus(models.TextChoices):
    NONE = "none", "No follow-up needed"
    OPEN = "open", "Follow-up open"
    DONE = "done", "Follow-up done"


class AssuranceReportQuerySet(ScopedQuerySet["AssuranceReport"]):
    view_permission = Permission.VIEW_ASSURANCE
    change_permission = Permission.MANAGE_ASSURANCE
    partnership_path = "partnership"
    organisation_path = "organisation"


class AssuranceReport(models.Model):
    """A report an organisation gave the partnership about its own safeguarding work."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="assurance_reports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="assurance_reports"
    )
    received_on = models.DateField()
    subject = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    follow_up = models.TextField("follow-up required", blank=True)
    follow_up_status = models.CharField(
        max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.NONE
    )
    presented_to = models.CharField(
        "presented to",
        max_length=200,
        blank=True,
        help_text="The board, group or meeting that received it, in words.",
    )
    group = models.ForeignKey(
        "partnership.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assurance_reports",
    )
    meeting = models.ForeignKey(
        "partnership.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assurance_reports",
    )

    objects = AssuranceReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.organisation})"


# -- Inspections -----------------------------------------------------------------------------


class InspectionBody(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission (CQC)"
    HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"
    JOINT = "joint", "Joint targeted area inspection (JTAI)"
    PROBATION = "probation", "HM Inspectorate of Probation"
    OTHER = "other", "Other"


class Judgement(models.TextChoices):
    """The four-point scale Ofsted, the CQC and HMICFRS share (Ofsted writes the third as
    'Requires improvement to be good')."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# The areas an Ofsted ILACS inspection judges, in the order the data files give them.
ILACS_AREAS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
)


class InspectionQuerySet(ScopedQuerySet["Inspection"]):
    view_permission = Permission.VIEW_ASSURANCE
    change_permission = Permission.MANAGE_ASSURANCE
    partnership_path = "partnership"
    organisation_path = "organisation"


class Inspection(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="inspections"
    )
    body = models.CharField(max_length=12, choices=InspectionBody.choices)
    inspection_type = models.CharField(
        "type of inspection", max_length=200, help_text="For example, ILACS Standard Inspection"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="The organisation inspected; empty when it is only the local authority area.",
    )
    local_authority = models.ForeignKey(
        "partnership.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField("inspection date", null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    overall = models.CharField(
        "overall judgement", max_length=24, choices=Judgement.choices, blank=True
    )
    summary = models.TextField(blank=True)
    areas_for_improvement = models.JSONField(default=list, blank=True)
    web_link = models.CharField(max_length=200, blank=True)
    # Where an imported row came from (file name and data row, 1 = the first after the header).
    source_file = models.CharField(max_length=200, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-inspected_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspected_on__isnull=False) | Q(published_on__isnull=False),
                name="inspection_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.inspection_type}"

    @property
    def date(self) -> datetime.date | None:
        return self.published_on or self.inspected_on


class AreaJudgementQuerySet(ScopedQuerySet["AreaJudgement"]):
    view_permission = Permission.VIEW_ASSURANCE
    change_permission = Permission.MANAGE_ASSURANCE
    partnership_path = "inspection__partnership"
    organisation_path = "inspection__organisation"


class AreaJudgement(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField()
    area = models.CharField(max_length=200)
    judgement = models.CharField(max_length=24, choices=Judgement.choices)

    objects = AreaJudgementQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="one_area_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_judgement_display()}"
