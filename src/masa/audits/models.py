"""Assurance audits: Section 11 and Section 175/157 self-assessments (seed 003 §6.3–6.5).

- A **framework** (one lineage, like "Section 11") has numbered **versions**; a version holds
  standards, their sub-standards ("8.3") and the questions under each. A draft version can be
  changed; a published one is frozen, and a new version starts as a copy of the last.
- A **cycle** ("Section 11 2016/17") uses one published version and **invites**
  organisations; an invitation is answered by a **return** (draft, submitted, validated).
- An organisation working with several partnerships submits one return and **shares** it:
  the other cycle's invitation then points at the same return, so it counts in both.
- Answers carry forward from the organisation's last return of the same lineage, marked for
  review until the organisation confirms them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from masa.core.permissions import Permission, ScopedQuerySet, reach


class Lineage(models.TextChoices):
    SECTION_11 = "section_11", "Section 11 (Children Act 2004)"
    SECTION_175_157 = "section_175_157", "Section 175/157 (Education Act 2002)"
    OTHER = "other", "Other self-assessment"


class Scale(models.TextChoices):
    OFSTED = "ofsted", "Outstanding, Good, Requires improvement, Inadequate"
    RAG = "rag", "Red, amber, green"
    SCORE = "score", "Self score 0 to 3, with a separate moderated score 0 to 3"


# Each scale's grades, best first; the ones "below Good" need an action before submitting.
GRADES: dict[str, list[tuple[str, str]]] = {
    Scale.OFSTED: [
        ("outstanding", "Outstanding"),
        ("good", "Good"),
        ("requires_improvement", "Requires improvement"),
        ("inadequate", "Inadequate"),
    ],
    Scale.RAG: [("green", "Green"), ("amber", "Amber"), ("red", "Red")],
    Scale.SCORE: [("3", "3"), ("2", "2"), ("1", "1"), ("0", "0")],
}
GOOD_OR_BETTER: dict[str, frozenset[str]] = {
    Scale.OFSTED: frozenset({"outstanding", "good"}),
    Scale.RAG: frozenset({"green"}),
    Scale.SCORE: frozenset({"3", "2"}),
}
WORST: dict[str, str] = {Scale.OFSTED: "inadequate", Scale.RAG: "red", Scale.SCORE: "0"}
BEST: dict[str, str] = {Scale.OFSTED: "outstanding", Scale.RAG: "green", Scale.SCORE: "3"}


def grade_label(scale: str, grade: str) -> str:
    return dict(GRADES.get(scale, [])).get(grade, "")


class FrameworkQuerySet(QuerySet["Framework"]):
    def visible_to(self, user: Any) -> FrameworkQuerySet:
        """The partnership's frameworks; an organisation's lead sees those it was invited to
        complete."""
        where = reach(user, Permission.VIEW_AUDITS)
        return self.filter(
            where.q(
                partnership_path="partnership",
                organisation_path="versions__cycles__invitations__organisation",
            )
        ).distinct()

    def changeable_by(self, user: Any) -> FrameworkQuerySet:
        where = reach(user, Permission.MANAGE_AUDITS)
        return self.filter(Q(partnership__in=where.partnership_ids))


class Framework(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="audit_frameworks"
    )
    title = models.CharField(max_length=200)
    lineage = models.CharField(max_length=20, choices=Lineage.choices)
    scale = models.CharField("grading scale", max_length=10, choices=Scale.choices)
    # Which organisations it applies to: kinds of organisation and, for education, setting types.
    organisation_kinds = models.JSONField(default=list, blank=True)
    setting_types = models.JSONField(default=list, blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FrameworkVersionQuerySet(QuerySet["FrameworkVersion"]):
    def visible_to(self, user: Any) -> FrameworkVersionQuerySet:
        return self.filter(framework__in=Framework.objects.visible_to(user).values("pk"))

    def changeable_by(self, user: Any) -> FrameworkVersionQuerySet:
        return self.filter(framework__in=Framework.objects.changeable_by(user).values("pk"))


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="one_framework_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.title}, version {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Standard(models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="standards"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="one_standard_per_number")
        ]

    def __str__(self) -> str:
        return f"Standard {self.number}: {self.title}"


class SubStandard(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="substandards")
    number = models.PositiveSmallIntegerField()
    statement = models.CharField(max_length=400)
    guidance = models.TextField(blank=True)
    evidence_expected = models.TextField(blank=True)

    class Meta:
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"], name="one_substandard_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"

    @property
    def code(self) -> str:
        return f"{self.standard.number}.{self.number}"


class QuestionKind(models.TextChoices):
    GRADED = "graded", "Graded on the framework's scale"
    YES_NO = "yes_no", "Yes or no"


class Question(models.Model):
    substandard = models.ForeignKey(SubStandard, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default="graded")
    guidance = models.TextField(blank=True)
    # The same question across versions and lineages' copies, for carry-forward: "8.3a".
    key = models.CharField(max_length=40)

    class Meta:
        ordering = ["substandard", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class CycleQuerySet(QuerySet["Cycle"]):
    def visible_to(self, user: Any) -> CycleQuerySet:
        where = reach(user, Permission.VIEW_AUDITS)
        return self.filter(
            where.q(partnership_path="partnership", organisation_path="invitations__organisation")
        ).distinct()

    def changeable_by(self, user: Any) -> CycleQuerySet:
        where = reach(user, Permission.MANAGE_AUDITS)
        return self.filter(Q(partnership__in=where.partnership_ids))


class Cycle(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="audit_cycles"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="cycles")
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    deadline = models.DateField()

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def scale(self) -> str:
        return self.version.framework.scale


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    VALIDATED = "validated", "Validated"


RETURNED = (ReturnStatus.SUBMITTED, ReturnStatus.VALIDATED)


class ReturnKind(models.TextChoices):
    FULL = "full", "Self-assessment"
    NIL = "nil", "Nil return"
    NATIONAL = "national", "National return"


class AuditReturnQuerySet(QuerySet["AuditReturn"]):
    def _within(self, user: Any, permission: Permission) -> AuditReturnQuerySet:
        where = reach(user, permission)
        if where.is_empty:
            return self.none()
        return self.filter(
            Q(organisation__in=where.organisation_ids)
            | Q(invitations__cycle__partnership__in=where.partnership_ids)
        ).distinct()

    def visible_to(self, user: Any) -> AuditReturnQuerySet:
        return self._within(user, Permission.VIEW_AUDITS)

    def changeable_by(self, user: Any) -> AuditReturnQuerySet:
        """Returns the person may complete: their own organisation's."""
        return self._within(user, Permission.COMPLETE_AUDIT_RETURNS)

    def validatable_by(self, user: Any) -> AuditReturnQuerySet:
        return self._within(user, Permission.MANAGE_AUDITS)


class AuditReturn(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="audit_returns"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="returns")
    # The cycle it was started for; it may be shared with others through their invitations.
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="home_returns")
    kind = models.CharField(max_length=10, choices=ReturnKind.choices, default="full")
    nil_reason = models.TextField(blank=True)
    national_note = models.TextField("what the national return covers", blank=True)
    overall_grade = models.CharField(max_length=30, blank=True)
    moderated_overall_grade = models.CharField(max_length=30, blank=True)
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_returns_submitted",
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_returns_validated",
    )
    desk_review = models.TextField("desk-top review", blank=True)

    objects = AuditReturnQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="one_return_per_cycle_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.cycle}"

    @property
    def is_returned(self) -> bool:
        return self.status in RETURNED


class AuditInvitationQuerySet(ScopedQuerySet["AuditInvitation"]):
    view_permission = Permission.VIEW_AUDITS
    change_permission = Permission.MANAGE_AUDITS
    partnership_path = "cycle__partnership"
    organisation_path = "organisation"


class AuditInvitation(models.Model):
    """An organisation asked for a return in a cycle: the denominator of the return rate."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="audit_invitations"
    )
    audit_return = models.ForeignKey(
        AuditReturn,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    shared = models.BooleanField(default=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    objects = AuditInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="one_audit_invitation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} invited to {self.cycle}"


class Answer(models.Model):
    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    grade = models.CharField(max_length=30, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    carried_forward = models.BooleanField(default=False)
    moderated_grade = models.CharField(max_length=30, blank=True)
    action_what = models.TextField("action", blank=True)
    action_owner = models.CharField(max_length=200, blank=True)
    action_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["audit_return", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_return", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.grade or self.yes_no}"


class Evidence(models.Model):
    """A file (checked and stored by masa.documents.uploads) or a link or description."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(max_length=300)
    link = models.URLField(blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    stored_name = models.CharField(max_length=32, blank=True)
    added_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["answer", "added_at", "pk"]

    def __str__(self) -> str:
        return self.description


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "To follow up"
    CONTACTED = "contacted", "Contacted"
    RESOLVED = "resolved", "Resolved"


class FollowUp(models.Model):
    """A gap the business unit follows up: one answer (e.g. "no" to private fostering)."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="follow_up")
    status = models.CharField(
        max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Follow-up of answer {self.answer_id}: {self.status}"


# -- Peer challenge workshops (seed 003 §6.4 Next steps) --------------------------------------


def _challenge_reach_q(user: Any, permission: Permission, prefix: str = "") -> Q | None:
    """Rows of the partnerships the person reads across, and, at their own organisation, the
    challenges of its own return and those it made. None when they reach nothing."""
    where = reach(user, permission)
    if where.is_empty:
        return None
    condition = Q(**{f"{prefix}workshop__cycle__partnership__in": where.partnership_ids})
    if where.organisation_ids:
        condition |= Q(**{f"{prefix}audit_return__organisation__in": where.organisation_ids})
        condition |= Q(**{f"{prefix}challenger_organisation__in": where.organisation_ids})
    return condition


class WorkshopQuerySet(QuerySet["PeerChallengeWorkshop"]):
    def visible_to(self, user: Any) -> WorkshopQuerySet:
        where = reach(user, Permission.VIEW_AUDITS)
        if where.is_empty:
            return self.none()
        condition = Q(cycle__partnership__in=where.partnership_ids)
        if where.organisation_ids:
            condition |= Q(challenges__audit_return__organisation__in=where.organisation_ids)
            condition |= Q(challenges__challenger_organisation__in=where.organisation_ids)
        return self.filter(condition).distinct()

    def changeable_by(self, user: Any) -> WorkshopQuerySet:
        where = reach(user, Permission.MANAGE_AUDITS)
        return self.filter(cycle__partnership__in=where.partnership_ids)


class PeerChallengeWorkshop(models.Model):
    """A peer challenge workshop of a cycle: who ran it, when, and what it noted."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="workshops")
    held_on = models.DateField()
    facilitator = models.CharField(max_length=200)
    notes = models.TextField(blank=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Peer challenge workshop, {self.held_on:%-d %B %Y}"


class ChallengerKind(models.TextChoices):
    ORGANISATION = "organisation", "Another organisation"
    BUSINESS_UNIT = "business_unit", "The business unit"
    SCRUTINEER = "scrutineer", "The independent scrutineer or a lay member"


class ChallengeOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Grade confirmed"
    CHANGED = "changed", "Grade changed"
    FURTHER_EVIDENCE = "further_evidence", "Further evidence requested"


class PeerChallengeQuerySet(QuerySet["PeerChallenge"]):
    def visible_to(self, user: Any) -> PeerChallengeQuerySet:
        condition = _challenge_reach_q(user, Permission.VIEW_AUDITS)
        return self.none() if condition is None else self.filter(condition).distinct()

    def changeable_by(self, user: Any) -> PeerChallengeQuerySet:
        where = reach(user, Permission.MANAGE_AUDITS)
        return self.filter(workshop__cycle__partnership__in=where.partnership_ids)


class PeerChallenge(models.Model):
    """One pairing at a workshop: an organisation's return challenged by another organisation
    (or the business unit, or the scrutineer), the evidence seen and the outcome."""

    workshop = models.ForeignKey(
        PeerChallengeWorkshop, on_delete=models.CASCADE, related_name="challenges"
    )
    audit_return = models.ForeignKey(
        AuditReturn, on_delete=models.PROTECT, related_name="peer_challenges"
    )
    challenger_kind = models.CharField(max_length=20, choices=ChallengerKind.choices)
    challenger_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_challenges_made",
    )
    evidence_seen = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ChallengeOutcome.choices)
    moderated_grade = models.CharField(max_length=30, blank=True)

    objects = PeerChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["workshop", "audit_return__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "audit_return"], name="one_challenge_per_return_per_workshop"
            )
        ]

    def __str__(self) -> str:
        return f"Peer challenge of {self.audit_return.organisation}"

    @property
    def challenger_name(self) -> str:
        if self.challenger_kind == ChallengerKind.ORGANISATION and self.challenger_organisation:
            return self.challenger_organisation.name
        return ChallengerKind(self.challenger_kind).label.removeprefix("The ").capitalize()


class ChallengeActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class PeerChallengeActionQuerySet(QuerySet["PeerChallengeAction"]):
    def visible_to(self, user: Any) -> PeerChallengeActionQuerySet:
        condition = _challenge_reach_q(user, Permission.VIEW_AUDITS, prefix="challenge__")
        return self.none() if condition is None else self.filter(condition).distinct()

    def changeable_by(self, user: Any) -> PeerChallengeActionQuerySet:
        where = reach(user, Permission.MANAGE_AUDITS)
        return self.filter(challenge__workshop__cycle__partnership__in=where.partnership_ids)


class PeerChallengeAction(models.Model):
    """A follow-up action agreed at a challenge: closing it needs the evidence it was done."""

    challenge = models.ForeignKey(PeerChallenge, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="peer_challenge_actions"
    )
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ChallengeActionStatus.choices, default=ChallengeActionStatus.OPEN
    )
    closing_evidence = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    objects = PeerChallengeActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Peer challenge action {self.pk}"

    def is_overdue(self, today: Any) -> bool:
        return self.status != ChallengeActionStatus.CLOSED and self.due_on < today
