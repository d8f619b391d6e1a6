"""Changes to frameworks, cycles and returns. Each takes the acting person as `actor=` and
writes its audit event in the same transaction; a refused change raises Django's
ValidationError naming the field (or the standard) to correct."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from masa.accounts.models import Membership, Organisation
from masa.audits.models import (
    GOOD_OR_BETTER,
    GRADES,
    Answer,
    AuditInvitation,
    AuditReturn,
    Cycle,
    Evidence,
    FollowUp,
    FollowUpStatus,
    Framework,
    FrameworkVersion,
    Question,
    QuestionKind,
    ReturnKind,
    ReturnStatus,
    Standard,
    SubStandard,
    VersionStatus,
)
from masa.core import audit
from masa.core.reminders import Reminder, send_reminders
from masa.core.roles import Role

COMPLETING_ROLES = (Role.AGENCY_SAFEGUARDING_LEAD, Role.EDUCATION_DSL)

# -- Frameworks ------------------------------------------------------------------------------


def framework_create(
    *,
    actor: Any,
    partnership: Any,
    title: str,
    lineage: str,
    scale: str,
    organisation_kinds: Iterable[str] = (),
    setting_types: Iterable[str] = (),
) -> Framework:
    if not title.strip():
        raise ValidationError({"title": "Enter the title of the framework"})
    if scale not in GRADES:
        raise ValidationError({"scale": "Select a grading scale"})
    with transaction.atomic():
        framework = Framework.objects.create(
            partnership=partnership,
            title=title.strip(),
            lineage=lineage,
            scale=scale,
            organisation_kinds=sorted(organisation_kinds),
            setting_types=sorted(setting_types),
        )
        FrameworkVersion.objects.create(framework=framework, number=1)
        audit.record(
            actor=actor,
            action="audit_framework.created",
            target=framework,
            detail={"lineage": lineage, "scale": scale},
        )
    return framework


def _copy_contents(source: FrameworkVersion, target: FrameworkVersion) -> None:
    for standard in source.standards.prefetch_related("substandards__questions"):
        new_standard = Standard.objects.create(
            version=target, number=standard.number, title=standard.title, guidance=standard.guidance
        )
        for sub in standard.substandards.all():
            new_sub = SubStandard.objects.create(
                standard=new_standard,
                number=sub.number,
                statement=sub.statement,
                guidance=sub.guidance,
                evidence_expected=sub.evidence_expected,
            )
            Question.objects.bulk_create(
                Question(
                    substandard=new_sub,
                    order=q.order,
                    text=q.text,
                    kind=q.kind,
                    guidance=q.guidance,
                    key=q.key,
                )
                for q in sub.questions.all()
            )


def version_new(*, actor: Any, framework: Framework) -> FrameworkVersion:
    """A new draft version, starting as a copy of the last."""
    with transaction.atomic():
        versions = FrameworkVersion.objects.select_for_update().filter(framework=framework)
        if versions.filter(status=VersionStatus.DRAFT).exists():
            raise ValidationError("Finish or publish the draft version before starting another")
        last = versions.order_by("-number").first()
        version = FrameworkVersion.objects.create(
            framework=framework, number=(last.number + 1) if last else 1
        )
        if last is not None:
            _copy_contents(last, version)
        audit.record(
            actor=actor,
            action="audit_framework.version_started",
            target=version,
            detail={"framework": framework.pk, "copied_from": last.pk if last else None},
        )
    return version


def version_publish(*, actor: Any, version: FrameworkVersion) -> FrameworkVersion:
    if version.is_frozen:
        return version
    if not Question.objects.filter(substandard__standard__version=version).exists():
        raise ValidationError("Add at least one question before publishing the framework")
    with transaction.atomic():
        version.status = VersionStatus.PUBLISHED
        version.published_on = timezone.localdate()
        version.save(update_fields=["status", "published_on"])
        audit.record(
            actor=actor,
            action="audit_framework.version_published",
            target=version,
            detail={"framework": version.framework_id, "number": version.number},
        )
    return version


def _refuse_if_frozen(version: FrameworkVersion) -> None:
    if version.is_frozen:
        raise ValidationError(
            "This version is published and cannot be changed. Start a new version to change it"
        )


def standard_save(
    *,
    actor: Any,
    version: FrameworkVersion,
    title: str,
    guidance: str = "",
    standard: Standard | None = None,
) -> Standard:
    _refuse_if_frozen(version)
    if not title.strip():
        raise ValidationError({"title": "Enter the standard"})
    with transaction.atomic():
        if standard is None:
            last = version.standards.aggregate(last=Max("number"))["last"] or 0
            standard = Standard.objects.create(
                version=version, number=last + 1, title=title.strip(), guidance=guidance
            )
            action = "audit_standard.added"
        else:
            standard.title = title.strip()
            standard.guidance = guidance
            standard.save(update_fields=["title", "guidance"])
            action = "audit_standard.changed"
        audit.record(
            actor=actor,
            action=action,
            target=standard,
            detail={"version": version.pk, "number": standard.number},
        )
    return standard


def substandard_save(
    *,
    actor: Any,
    standard: Standard,
    statement: str,
    guidance: str = "",
    evidence_expected: str = "",
    substandard: SubStandard | None = None,
) -> SubStandard:
    _refuse_if_frozen(standard.version)
    if not statement.strip():
        raise ValidationError({"statement": "Enter the sub-standard"})
    with transaction.atomic():
        fields = {
            "statement": statement.strip(),
            "guidance": guidance,
            "evidence_expected": evidence_expected,
        }
        if substandard is None:
            last = standard.substandards.aggregate(last=Max("number"))["last"] or 0
            substandard = SubStandard.objects.create(standard=standard, number=last + 1, **fields)
            action = "audit_substandard.added"
        else:
            for name, value in fields.items():
                setattr(substandard, name, value)
            substandard.save(update_fields=list(fields))
            action = "audit_substandard.changed"
        audit.record(
            actor=actor,
            action=action,
            target=substandard,
            detail={"standard": standard.pk, "code": f"{standard.number}.{substandard.number}"},
        )
    return substandard


def question_save(
    *,
    actor: Any,
    substandard: SubStandard,
    text: str,
    kind: str = QuestionKind.GRADED,
    guidance: str = "",
    question: Question | None = None,
) -> Question:
    _refuse_if_frozen(substandard.standard.version)
    if not text.strip():
        raise ValidationError({"text": "Enter the question"})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Select how the question is answered"})
    with transaction.atomic():
        if question is None:
            last = substandard.questions.aggregate(last=Max("order"))["last"] or 0
            code = f"{substandard.standard.number}.{substandard.number}"
            question = Question.objects.create(
                substandard=substandard,
                order=last + 1,
                text=text.strip(),
                kind=kind,
                guidance=guidance,
                key=f"{code}.{last + 1}",
            )
            action = "audit_question.added"
        else:
            question.text = text.strip()
            question.kind = kind
            question.guidance = guidance
            question.save(update_fields=["text", "kind", "guidance"])
            action = "audit_question.changed"
        audit.record(
            actor=actor,
            action=action,
            target=question,
            detail={"substandard": substandard.pk, "key": question.key},
        )
    return question


# -- Cycles ----------------------------------------------------------------------------------


def cycle_create(
    *,
    actor: Any,
    partnership: Any,
    version: FrameworkVersion,
    title: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    organisations: Iterable[Organisation],
) -> Cycle:
    if not version.is_frozen:
        raise ValidationError({"version": "Publish the framework version before starting a cycle"})
    if not title.strip():
        raise ValidationError({"title": "Enter the title of the cycle"})
    if deadline < opens_on:
        raise ValidationError({"deadline": "The deadline must be on or after the day it opens"})
    invited = list(organisations)
    if not invited:
        raise ValidationError({"organisations": "Choose at least one organisation to invite"})
    with transaction.atomic():
        cycle = Cycle.objects.create(
            partnership=partnership,
            version=version,
            title=title.strip(),
            opens_on=opens_on,
            deadline=deadline,
        )
        AuditInvitation.objects.bulk_create(
            AuditInvitation(cycle=cycle, organisation=organisation) for organisation in invited
        )
        audit.record(
            actor=actor,
            action="audit_cycle.created",
            target=cycle,
            detail={"version": version.pk, "invited": len(invited)},
        )
    return cycle


def reminders_send(*, actor: Any, cycle: Cycle) -> int:
    """Remind each organisation that has not returned; record when each was reminded."""
    with transaction.atomic():
        waiting = list(
            cycle.invitations.select_for_update(of=("self",))
            .exclude(audit_return__status__in=[ReturnStatus.SUBMITTED, ReturnStatus.VALIDATED])
            .values_list("pk", "organisation_id")
        )
        if not waiting:
            return 0
        today = timezone.localdate()
        people = [
            m.person
            for m in Membership.objects.filter(
                partnership=cycle.partnership,
                organisation_id__in=[org for _, org in waiting],
                role__in=COMPLETING_ROLES,
                started_on__lte=today,
            )
            .exclude(ended_on__lt=today)
            .select_related("person")
        ]
        unique = list({p.pk: p for p in people}.values())
        sent = send_reminders(
            actor=actor,
            recipients=unique,
            reminder=Reminder(
                subject=f"Reminder: {cycle.title} return due {cycle.deadline:%-d %B %Y}",
                body=(
                    f"Your organisation's {cycle.title} self-assessment is due by "
                    f"{cycle.deadline:%-d %B %Y}. Sign in to MASA to complete it."
                ),
                link_path=reverse("audits:my-returns"),
            ),
            action="audit_cycle.reminded",
            target=cycle,
            detail={"invitations": [pk for pk, _ in waiting]},
        )
        AuditInvitation.objects.filter(pk__in=[pk for pk, _ in waiting]).update(
            last_reminded_at=timezone.now()
        )
        for invitation in AuditInvitation.objects.filter(pk__in=[pk for pk, _ in waiting]):
            invitation.reminders_sent += 1
            invitation.save(update_fields=["reminders_sent"])
    return sent


# -- Returns ---------------------------------------------------------------------------------


def _previous_answers(organisation: Organisation, cycle: Cycle) -> dict[str, Answer]:
    """The organisation's last return of the same lineage, answers by question key."""
    previous = (
        AuditReturn.objects.filter(
            organisation=organisation,
            version__framework__lineage=cycle.version.framework.lineage,
            status__in=[ReturnStatus.SUBMITTED, ReturnStatus.VALIDATED],
            kind=ReturnKind.FULL,
        )
        .exclude(cycle=cycle)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if previous is None:
        return {}
    return {a.question.key: a for a in previous.answers.select_related("question")}


def return_start(*, actor: Any, invitation: AuditInvitation) -> AuditReturn:
    """The invitation's return, started with the answers of the organisation's previous
    return of the same lineage carried forward for review."""
    if invitation.audit_return_id is not None:
        return invitation.audit_return  # type: ignore[return-value]
    cycle = invitation.cycle
    with transaction.atomic():
        audit_return = AuditReturn.objects.create(
            organisation=invitation.organisation, version=cycle.version, cycle=cycle
        )
        invitation.audit_return = audit_return
        invitation.save(update_fields=["audit_return"])
        carried = _previous_answers(invitation.organisation, cycle)
        questions = Question.objects.filter(substandard__standard__version=cycle.version)
        Answer.objects.bulk_create(
            Answer(
                audit_return=audit_return,
                question=q,
                grade=carried[q.key].grade,
                yes_no=carried[q.key].yes_no,
                narrative=carried[q.key].narrative,
                action_what=carried[q.key].action_what,
                action_owner=carried[q.key].action_owner,
                action_due_on=carried[q.key].action_due_on,
                carried_forward=True,
            )
            for q in questions
            if q.key in carried
        )
        audit.record(
            actor=actor,
            action="audit_return.started",
            target=audit_return,
            organisation=invitation.organisation,
            detail={"cycle": cycle.pk, "carried_forward": len(carried)},
        )
    return audit_return


def _refuse_unless_draft(audit_return: AuditReturn) -> None:
    if audit_return.status != ReturnStatus.DRAFT:
        raise ValidationError("This return has been submitted and can no longer be changed")


def answers_save(
    *, actor: Any, audit_return: AuditReturn, answers: dict[int, dict[str, Any]]
) -> list[Answer]:
    """Save answers as a draft, keyed by question id; saving an answer confirms it (it is
    no longer marked as carried forward). Nothing is checked for completeness until submit."""
    _refuse_unless_draft(audit_return)
    scale = audit_return.version.framework.scale
    grades = {value for value, _ in GRADES[scale]}
    questions = {
        q.pk: q
        for q in Question.objects.filter(
            substandard__standard__version=audit_return.version, pk__in=list(answers)
        )
    }
    errors: dict[str, str] = {}
    for question_id, values in answers.items():
        if question_id not in questions:
            errors[f"q{question_id}"] = "That question is not part of this return's framework"
            continue
        grade = values.get("grade") or ""
        if grade and grade not in grades:
            errors[f"q{question_id}-grade"] = "Select a grade from the framework's scale"
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        _refuse_unless_draft(AuditReturn.objects.select_for_update().get(pk=audit_return.pk))
        existing = {a.question_id: a for a in audit_return.answers.filter(question__in=questions)}
        for question_id, values in answers.items():
            answer = existing.get(question_id) or Answer(
                audit_return=audit_return, question=questions[question_id]
            )
            answer.grade = values.get("grade") or ""
            answer.yes_no = values.get("yes_no")
            answer.narrative = values.get("narrative") or ""
            answer.action_what = values.get("action_what") or ""
            answer.action_owner = values.get("action_owner") or ""
            answer.action_due_on = values.get("action_due_on")
            answer.carried_forward = False
            answer.save()
            saved.append(answer)
        audit.record(
            actor=actor,
            action="audit_return.answers_saved",
            target=audit_return,
            organisation=audit_return.organisation_id,
            detail={"questions": sorted(answers)},
        )
    return saved


def return_set_overall(*, actor: Any, audit_return: AuditReturn, grade: str) -> AuditReturn:
    _refuse_unless_draft(audit_return)
    scale = audit_return.version.framework.scale
    if grade and grade not in {value for value, _ in GRADES[scale]}:
        raise ValidationError({"overall_grade": "Select an overall grade from the scale"})
    with transaction.atomic():
        _refuse_unless_draft(AuditReturn.objects.select_for_update().get(pk=audit_return.pk))
        audit_return.overall_grade = grade
        audit_return.save(update_fields=["overall_grade"])
        audit.record(
            actor=actor,
            action="audit_return.overall_graded",
            target=audit_return,
            organisation=audit_return.organisation_id,
            detail={"grade": grade},
        )
    return audit_return


def submission_problems(audit_return: AuditReturn) -> dict[str, str]:
    """What stops the return being submitted, by field: each message names the standard."""
    if audit_return.kind == ReturnKind.NIL:
        return {} if audit_return.nil_reason.strip() else {"nil_reason": "Enter why it is nil"}
    if audit_return.kind == ReturnKind.NATIONAL:
        if audit_return.national_note.strip():
            return {}
        return {"national_note": "Say what the national return covers"}
    scale = audit_return.version.framework.scale
    good = GOOD_OR_BETTER[scale]
    answers = {a.question_id: a for a in audit_return.answers.all()}
    problems: dict[str, str] = {}
    questions = Question.objects.filter(
        substandard__standard__version=audit_return.version
    ).select_related("substandard__standard")
    for q in questions:
        code = f"{q.substandard.standard.number}.{q.substandard.number}"
        where = f"standard {code}"
        answer = answers.get(q.pk)
        field = f"q{q.pk}"
        if answer is None or (
            (q.kind == QuestionKind.GRADED and not answer.grade)
            or (q.kind == QuestionKind.YES_NO and answer.yes_no is None)
        ):
            problems[field] = f"Answer the question for {where}"
            continue
        if answer.carried_forward:
            problems[field] = f"Review the answer carried forward for {where}"
            continue
        if q.kind == QuestionKind.GRADED and answer.grade not in good:
            if not (answer.action_what.strip() and answer.action_owner.strip()):
                problems[field] = (
                    f"Add an action, its owner and due date for {where}: it is graded below Good"
                )
            elif answer.action_due_on is None:
                problems[field] = f"Enter the action's due date for {where}"
    if not audit_return.overall_grade:
        problems["overall_grade"] = "Select the organisation's overall grade"
    return problems


def return_submit(*, actor: Any, audit_return: AuditReturn) -> AuditReturn:
    with transaction.atomic():
        locked = AuditReturn.objects.select_for_update().get(pk=audit_return.pk)
        _refuse_unless_draft(locked)
        problems = submission_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.status = ReturnStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit.record(
            actor=actor,
            action="audit_return.submitted",
            target=locked,
            organisation=locked.organisation_id,
            detail={"cycle": locked.cycle_id, "kind": locked.kind},
        )
    return locked


def return_make_special(
    *, actor: Any, invitation: AuditInvitation, kind: str, reason: str
) -> AuditReturn:
    """A nil return (with its reason) or a national return (seed 003 §6.4), as a draft."""
    if kind not in (ReturnKind.NIL, ReturnKind.NATIONAL):
        raise ValidationError({"kind": "Choose a nil return or a national return"})
    field = "nil_reason" if kind == ReturnKind.NIL else "national_note"
    if not reason.strip():
        message = (
            "Enter why your organisation is making a nil return"
            if kind == ReturnKind.NIL
            else "Say what the national return covers and where it is held"
        )
        raise ValidationError({field: message})
    audit_return = return_start(actor=actor, invitation=invitation)
    _refuse_unless_draft(audit_return)
    with transaction.atomic():
        audit_return.kind = kind
        setattr(audit_return, field, reason.strip())
        audit_return.save(update_fields=["kind", field])
        audit.record(
            actor=actor,
            action=f"audit_return.made_{kind}",
            target=audit_return,
            organisation=audit_return.organisation_id,
            detail={"cycle": audit_return.cycle_id},
        )
    return audit_return


def shareable_invitations(audit_return: AuditReturn) -> list[AuditInvitation]:
    """Open invitations of the same organisation, in other partnerships' cycles of the same
    lineage, that have no return yet."""
    today = timezone.localdate()
    return list(
        AuditInvitation.objects.filter(
            organisation=audit_return.organisation,
            audit_return__isnull=True,
            cycle__version__framework__lineage=audit_return.version.framework.lineage,
            cycle__deadline__gte=today,
        )
        .exclude(cycle=audit_return.cycle)
        .select_related("cycle__partnership")
    )


def return_share(
    *, actor: Any, audit_return: AuditReturn, invitation: AuditInvitation
) -> AuditInvitation:
    """Submit once, share with another partnership's cycle: its invitation counts this return."""
    if not audit_return.is_returned:
        raise ValidationError("Submit the return before sharing it")
    if invitation.pk not in {i.pk for i in shareable_invitations(audit_return)}:
        raise ValidationError(
            {"invitation": "Choose an open cycle your organisation is invited to"}
        )
    with transaction.atomic():
        invitation.audit_return = audit_return
        invitation.shared = True
        invitation.save(update_fields=["audit_return", "shared"])
        audit.record(
            actor=actor,
            action="audit_return.shared",
            target=audit_return,
            organisation=audit_return.organisation_id,
            detail={"cycle": invitation.cycle_id, "invitation": invitation.pk},
        )
    return invitation


def return_validate(
    *,
    actor: Any,
    audit_return: AuditReturn,
    desk_review: str,
    moderated_overall_grade: str = "",
    moderated: dict[int, str] | None = None,
) -> AuditReturn:
    """The business unit's desk-top review, with moderated grades beside the self grades.
    Whoever submitted the return cannot validate it (maker-checker, T10)."""
    audit_return.refresh_from_db(fields=["status", "submitted_by"])
    if audit_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be validated")
    if audit_return.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError("You submitted this return, so someone else must validate it")
    if not desk_review.strip():
        raise ValidationError({"desk_review": "Enter the desk-top review"})
    scale = audit_return.version.framework.scale
    grades = {value for value, _ in GRADES[scale]}
    if moderated_overall_grade and moderated_overall_grade not in grades:
        raise ValidationError({"moderated_overall_grade": "Select a grade from the scale"})
    with transaction.atomic():
        locked = AuditReturn.objects.select_for_update().get(pk=audit_return.pk)
        if locked.status != ReturnStatus.SUBMITTED:
            raise ValidationError("Only a submitted return can be validated")
        for answer in audit_return.answers.filter(question_id__in=list(moderated or {})):
            grade = (moderated or {})[answer.question_id]
            if grade and grade not in grades:
                raise ValidationError({f"m{answer.question_id}": "Select a grade from the scale"})
            answer.moderated_grade = grade
            answer.save(update_fields=["moderated_grade"])
        audit_return.desk_review = desk_review.strip()
        audit_return.moderated_overall_grade = moderated_overall_grade
        audit_return.status = ReturnStatus.VALIDATED
        audit_return.validated_at = timezone.now()
        audit_return.validated_by = actor
        audit_return.save(
            update_fields=[
                "desk_review",
                "moderated_overall_grade",
                "status",
                "validated_at",
                "validated_by",
            ]
        )
        audit.record(
            actor=actor,
            action="audit_return.validated",
            target=audit_return,
            organisation=audit_return.organisation_id,
            detail={"moderated": sorted(moderated or {})},
        )
    return audit_return


def evidence_add(
    *,
    actor: Any,
    answer: Answer,
    description: str,
    link: str = "",
    file: IO[bytes] | Any = None,
    filename: str = "",
) -> Evidence:
    """A link or description, or a file through masa.documents' upload checks."""
    from masa.documents import uploads

    _refuse_unless_draft(answer.audit_return)
    if not description.strip():
        raise ValidationError({"description": "Describe the evidence"})
    stored = None
    if file is not None:
        try:
            stored = uploads.accept(
                actor=actor,
                file=file,
                filename=filename,
                target=answer.audit_return,
                detail={"answer": answer.pk},
            )
        except uploads.UploadRefused as refusal:
            raise ValidationError({"file": refusal.message}) from None
    file_fields = {} if stored is None else stored.fields()
    with uploads.kept_only_if_recorded(stored), transaction.atomic():
        evidence = Evidence.objects.create(
            answer=answer,
            description=description.strip(),
            link=link,
            added_by=actor,
            added_at=timezone.now(),
            **file_fields,
        )
        audit.record(
            actor=actor,
            action="audit_evidence.added",
            target=evidence,
            organisation=answer.audit_return.organisation_id,
            detail={
                "answer": answer.pk,
                "file": stored is not None,
                "sha256": stored.sha256 if stored else None,
            },
        )
    return evidence


def follow_up_set(*, actor: Any, answer: Answer, status: str) -> FollowUp:
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": "Select the follow-up status"})
    with transaction.atomic():
        follow_up, _ = FollowUp.objects.update_or_create(
            answer=answer, defaults={"status": status, "updated_at": timezone.now()}
        )
        audit.record(
            actor=actor,
            action="audit_follow_up.set",
            target=follow_up,
            organisation=answer.audit_return.organisation_id,
            detail={"answer": answer.pk, "status": status},
        )
    return follow_up


def evidence_download_opened(*, actor: Any, evidence: Evidence) -> IO[bytes]:
    """Open an evidence file for someone allowed to read its return; the read is audited."""
    from masa.documents import uploads

    handle = uploads.open_stored(evidence.stored_name)
    audit.record_read(actor=actor, target=evidence)
    return handle
