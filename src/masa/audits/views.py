"""Pages for assurance audits: frameworks (and editing a draft version), cycles (return rates,
who is missing, reminders, analysis, validation, follow-up, exports) and returns (the task
list, one page per standard, evidence, nil and national returns, submitting and sharing)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.audits import challenges, exports, selectors, services
from masa.audits import frameworks as shipped
from masa.audits.forms import (
    CycleForm,
    EvidenceForm,
    FollowUpForm,
    FrameworkForm,
    PeerChallengeActionForm,
    PeerChallengeForm,
    QuestionForm,
    SpecialReturnForm,
    StandardAnswersForm,
    StandardForm,
    SubStandardForm,
    ValidationForm,
    WorkshopForm,
)
from masa.audits.models import (
    GOOD_OR_BETTER,
    GRADES,
    RETURNED,
    Answer,
    AuditInvitation,
    AuditReturn,
    ChallengeActionStatus,
    Cycle,
    Framework,
    FrameworkVersion,
    PeerChallenge,
    PeerChallengeAction,
    PeerChallengeWorkshop,
    Question,
    QuestionKind,
    ReturnKind,
    ReturnStatus,
    Standard,
    SubStandard,
    VersionStatus,
    grade_label,
)
from masa.core.access import SignedInRequest, requires
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits, reach

# -- Helpers ---------------------------------------------------------------------------------


def _reads_across(user: Any, partnership_id: int) -> bool:
    return partnership_id in reach(user, Permission.VIEW_AUDITS).partnership_ids


def _cycle_read_across(user: Any, pk: int) -> Cycle:
    """A cycle whose whole results the person may see (the business unit, executive and
    scrutineer); anyone else gets 404."""
    cycle = (
        Cycle.objects.visible_to(user)
        .select_related("version__framework", "partnership")
        .filter(pk=pk)
        .first()
    )
    if cycle is None or not _reads_across(user, cycle.partnership_id):
        raise Http404
    return cycle


def _return_for(user: Any, pk: int) -> AuditReturn:
    found = (
        AuditReturn.objects.visible_to(user)
        .select_related("organisation", "cycle__partnership", "version__framework", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _return_to_complete(user: Any, pk: int) -> AuditReturn:
    if not permits(user, Permission.COMPLETE_AUDIT_RETURNS):
        raise PermissionDenied
    found = (
        AuditReturn.objects.changeable_by(user)
        .select_related("organisation", "cycle", "version__framework")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _standards_of(version: FrameworkVersion) -> list[Standard]:
    return list(
        version.standards.prefetch_related(
            Prefetch(
                "substandards",
                queryset=SubStandard.objects.prefetch_related("questions").select_related(
                    "standard"
                ),
            )
        )
    )


# -- Index and frameworks --------------------------------------------------------------------


@requires(Permission.VIEW_AUDITS)
@require_safe
def index(request: SignedInRequest) -> HttpResponse:
    cycles = (
        Cycle.objects.visible_to(request.user)
        .select_related("version__framework")
        .annotate(
            invited=Count("invitations", distinct=True),
            returned=Count(
                "invitations",
                filter=Q(invitations__audit_return__status__in=RETURNED),
                distinct=True,
            ),
        )
    )
    return render(
        request,
        "audits/index.html",
        {
            "cycles": [(c, selectors.percent(c.returned, c.invited)) for c in cycles],
            "frameworks": Framework.objects.visible_to(request.user).annotate(
                version_count=Count("versions", distinct=True)
            ),
            "can_manage": permits(request.user, Permission.MANAGE_AUDITS),
            "can_complete": permits(request.user, Permission.COMPLETE_AUDIT_RETURNS),
        },
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def framework_add(request: SignedInRequest) -> HttpResponse:
    partnerships = sorted(reach(request.user, Permission.MANAGE_AUDITS).partnership_ids)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from masa.partnership.models import Partnership

        partnership = Partnership.objects.get(pk=partnerships[0])
        try:
            if data["start_from"]:
                framework = shipped.install(
                    actor=request.user,
                    partnership=partnership,
                    which=data["start_from"],
                    published=False,
                )
            else:
                framework = services.framework_create(
                    actor=request.user,
                    partnership=partnership,
                    title=data["title"],
                    lineage=data["lineage"] or "other",
                    scale=data["scale"],
                )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{framework.title} has been added as a draft.")
            return redirect("audits:framework", pk=framework.pk)
    return render(
        request, "audits/framework_form.html", {"form": form}, status=400 if form.errors else 200
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def framework_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    framework = Framework.objects.visible_to(request.user).filter(pk=pk).first()
    if framework is None:
        raise Http404
    versions = list(framework.versions.all())
    chosen = request.GET.get("version", "")
    version = next(
        (v for v in versions if str(v.number) == chosen), versions[-1] if versions else None
    )
    can_manage = Framework.objects.changeable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "audits/framework.html",
        {
            "framework": framework,
            "versions": versions,
            "version": version,
            "standards": _standards_of(version) if version else [],
            "can_manage": can_manage,
            "can_edit": can_manage and version is not None and not version.is_frozen,
            "has_draft": any(v.status == VersionStatus.DRAFT for v in versions),
            "grades": GRADES[framework.scale],
        },
    )


@requires(Permission.MANAGE_AUDITS)
@require_POST
def version_new(request: SignedInRequest, pk: int) -> HttpResponse:
    framework = Framework.objects.changeable_by(request.user).filter(pk=pk).first()
    if framework is None:
        raise Http404
    try:
        version = services.version_new(actor=request.user, framework=framework)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("audits:framework", pk=pk)
    messages.success(request, f"Version {version.number} has been started as a copy of the last.")
    return redirect(f"{reverse('audits:framework', args=[pk])}?version={version.number}")


@requires(Permission.MANAGE_AUDITS)
@require_POST
def version_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    version = FrameworkVersion.objects.changeable_by(request.user).filter(pk=pk).first()
    if version is None:
        raise Http404
    try:
        services.version_publish(actor=request.user, version=version)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"Version {version.number} is published and now frozen.")
    return redirect(
        f"{reverse('audits:framework', args=[version.framework_id])}?version={version.number}"
    )


def _edit_page(
    request: SignedInRequest,
    *,
    form: Any,
    heading: str,
    version: FrameworkVersion,
    save: Any,
) -> HttpResponse:
    back = f"{reverse('audits:framework', args=[version.framework_id])}?version={version.number}"
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Saved.")
            return redirect(back)
    return render(
        request,
        "audits/edit_form.html",
        {"form": form, "heading": heading, "back": back, "frozen": version.is_frozen},
        status=400 if form.errors else 200,
    )


def _draft_version(user: Any, pk: int) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.changeable_by(user)
        .select_related("framework")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def standard_add(request: SignedInRequest, pk: int) -> HttpResponse:
    version = _draft_version(request.user, pk)
    return _edit_page(
        request,
        form=StandardForm(request.POST or None),
        heading="Add a standard",
        version=version,
        save=lambda d: services.standard_save(
            actor=request.user, version=version, title=d["title"], guidance=d["guidance"]
        ),
    )


def _standard(user: Any, pk: int) -> Standard:
    found = (
        Standard.objects.filter(version__in=FrameworkVersion.objects.changeable_by(user))
        .select_related("version")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _substandard(user: Any, pk: int) -> SubStandard:
    found = (
        SubStandard.objects.filter(
            standard__version__in=FrameworkVersion.objects.changeable_by(user)
        )
        .select_related("standard__version")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def standard_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    standard = _standard(request.user, pk)
    form = StandardForm(
        request.POST or None, initial={"title": standard.title, "guidance": standard.guidance}
    )
    return _edit_page(
        request,
        form=form,
        heading=f"Change standard {standard.number}",
        version=standard.version,
        save=lambda d: services.standard_save(
            actor=request.user,
            version=standard.version,
            title=d["title"],
            guidance=d["guidance"],
            standard=standard,
        ),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def substandard_add(request: SignedInRequest, pk: int) -> HttpResponse:
    standard = _standard(request.user, pk)
    return _edit_page(
        request,
        form=SubStandardForm(request.POST or None),
        heading=f"Add a sub-standard to standard {standard.number}",
        version=standard.version,
        save=lambda d: services.substandard_save(actor=request.user, standard=standard, **d),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def substandard_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    sub = _substandard(request.user, pk)
    form = SubStandardForm(
        request.POST or None,
        initial={
            "statement": sub.statement,
            "guidance": sub.guidance,
            "evidence_expected": sub.evidence_expected,
        },
    )
    return _edit_page(
        request,
        form=form,
        heading=f"Change sub-standard {sub.code}",
        version=sub.standard.version,
        save=lambda d: services.substandard_save(
            actor=request.user, standard=sub.standard, substandard=sub, **d
        ),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def question_add(request: SignedInRequest, pk: int) -> HttpResponse:
    sub = _substandard(request.user, pk)
    return _edit_page(
        request,
        form=QuestionForm(request.POST or None),
        heading=f"Add a question to sub-standard {sub.code}",
        version=sub.standard.version,
        save=lambda d: services.question_save(actor=request.user, substandard=sub, **d),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def question_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    question = (
        Question.objects.filter(
            substandard__standard__version__in=FrameworkVersion.objects.changeable_by(request.user)
        )
        .select_related("substandard__standard__version")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404
    form = QuestionForm(
        request.POST or None,
        initial={"text": question.text, "kind": question.kind, "guidance": question.guidance},
    )
    return _edit_page(
        request,
        form=form,
        heading=f"Change question {question.key}",
        version=question.substandard.standard.version,
        save=lambda d: services.question_save(
            actor=request.user, substandard=question.substandard, question=question, **d
        ),
    )


# -- Cycles ----------------------------------------------------------------------------------


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def cycle_add(request: SignedInRequest) -> HttpResponse:
    versions = list(
        FrameworkVersion.objects.changeable_by(request.user)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("framework")
    )
    form = CycleForm(request.POST or None, versions=versions)
    count = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = form.versions[data["version"]]
        invited = selectors.invitable(
            version.framework.partnership_id,
            data.get("kinds") or [],
            data.get("setting_types") or [],
        )
        count = len(invited)
        if request.POST.get("confirm") == str(count):
            try:
                cycle = services.cycle_create(
                    actor=request.user,
                    partnership=version.framework.partnership,
                    version=version,
                    title=data["title"],
                    opens_on=data["opens_on"],
                    deadline=data["deadline"],
                    organisations=invited,
                )
            except ValidationError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, f"{cycle.title} has invited {count} organisations.")
                return redirect("audits:cycle", pk=cycle.pk)
    return render(
        request,
        "audits/cycle_form.html",
        {"form": form, "count": count},
        status=400 if form.errors else 200,
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = (
        Cycle.objects.visible_to(request.user)
        .select_related("version__framework", "partnership")
        .filter(pk=pk)
        .first()
    )
    if cycle is None:
        raise Http404
    across = _reads_across(request.user, cycle.partnership_id)
    context: dict[str, Any] = {"cycle": cycle, "across": across}
    if across:
        overall, by_group = selectors.return_rates(cycle)
        context.update(
            overall=overall,
            by_group=by_group,
            missing=selectors.missing(cycle),
            can_manage=Cycle.objects.changeable_by(request.user).filter(pk=pk).exists(),
            workshops=challenges.workshops_of(request.user, cycle),
        )
    else:
        context["own"] = (
            AuditInvitation.objects.visible_to(request.user)
            .filter(cycle=cycle)
            .select_related("organisation", "audit_return")
        )
        context["own_challenges"] = challenges.challenges_of_own(
            request.user, cycle, reach(request.user, Permission.VIEW_AUDITS).organisation_ids
        )
    return render(request, "audits/cycle.html", context)


@requires(Permission.MANAGE_AUDITS)
@require_POST
def cycle_remind(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = Cycle.objects.changeable_by(request.user).filter(pk=pk).first()
    if cycle is None:
        raise Http404
    try:
        sent = services.reminders_send(actor=request.user, cycle=cycle)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"{sent} reminder{'s' if sent != 1 else ''} sent.")
    return redirect("audits:cycle", pk=pk)


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_analysis(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = _cycle_read_across(request.user, pk)
    return render(
        request,
        "audits/analysis.html",
        {
            "cycle": cycle,
            "analysis": selectors.analysis(cycle),
            "with_worst": selectors.organisations_with_worst(cycle),
            "themes": selectors.comment_themes(cycle, request.user),
        },
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_validation(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = _cycle_read_across(request.user, pk)
    scale = cycle.scale
    sample = selectors.validation_sample(cycle)
    return render(
        request,
        "audits/validation.html",
        {
            "cycle": cycle,
            "rows": [
                (
                    r,
                    grade_label(scale, r.overall_grade),
                    grade_label(scale, r.moderated_overall_grade),
                )
                for r in sample
            ],
            "can_manage": permits(request.user, Permission.MANAGE_AUDITS),
        },
    )


@requires(Permission.VIEW_AUDITS)
@require_http_methods(["GET", "POST"])
def cycle_follow_up(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = _cycle_read_across(request.user, pk)
    questions = list(
        Question.objects.filter(substandard__standard__version=cycle.version).select_related(
            "substandard__standard"
        )
    )
    chosen = next((q for q in questions if str(q.pk) == request.GET.get("question")), None)
    if request.method == "POST":
        if not permits(request.user, Permission.MANAGE_AUDITS):
            raise PermissionDenied
        if not Cycle.objects.changeable_by(request.user).filter(pk=pk).exists() or chosen is None:
            raise Http404
        answer = (
            selectors.follow_up_answers(cycle, chosen, "")
            .filter(pk=request.POST.get("answer") or 0)
            .first()
        )
        form = FollowUpForm(request.POST)
        if answer is not None and form.is_valid():
            services.follow_up_set(
                actor=request.user, answer=answer, status=form.cleaned_data["status"]
            )
            messages.success(request, f"Follow-up of {answer.audit_return.organisation} saved.")
        return redirect(f"{reverse('audits:cycle-follow-up', args=[pk])}?question={chosen.pk}")
    rows = []
    summary = None
    if chosen is not None:
        summary = selectors.question_summary(cycle, chosen)
        rows = [
            (a, selectors.follow_up_label(a), grade_label(cycle.scale, a.grade))
            for a in selectors.follow_up_answers(cycle, chosen, "")
        ]
    return render(
        request,
        "audits/follow_up.html",
        {
            "cycle": cycle,
            "questions": questions,
            "chosen": chosen,
            "summary": summary,
            "rows": rows,
            "form": FollowUpForm(),
            "can_manage": permits(request.user, Permission.MANAGE_AUDITS),
        },
    )


def _export_rows(user: Any, cycle: Cycle) -> tuple[list[str], list[list[str]]]:
    returns = AuditReturn.objects.visible_to(user).filter(
        pk__in=selectors.returns_in(cycle).values("pk")
    )
    _, header, rows = exports.results_table(cycle, returns)
    return header, rows


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_export_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = _cycle_read_across(request.user, pk)
    header, rows = _export_rows(request.user, cycle)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-cycle-{cycle.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_export_pdf(request: SignedInRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    cycle = _cycle_read_across(request.user, pk)
    overall, by_group = selectors.return_rates(cycle)
    html = render_to_string(
        "audits/cycle_pdf.html",
        {
            "cycle": cycle,
            "overall": overall,
            "by_group": by_group,
            "analysis": selectors.analysis(cycle),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="audit-cycle-{cycle.pk}.pdf"'
    return response


# -- Returns ---------------------------------------------------------------------------------


@requires(Permission.VIEW_AUDITS)
@require_safe
def return_list(request: SignedInRequest) -> HttpResponse:
    """The person's own organisation's invitations, or for the business unit every return."""
    completing = reach(request.user, Permission.COMPLETE_AUDIT_RETURNS).organisation_ids
    own = (
        selectors.invitations_to_complete(request.user)
        .select_related("cycle__version__framework", "organisation", "audit_return")
        .order_by("-cycle__opens_on", "organisation__name")
    )
    returns = (
        AuditReturn.objects.visible_to(request.user)
        .exclude(organisation__in=completing)
        .select_related("organisation", "cycle")
        .order_by("-cycle__opens_on", "organisation__name")[:200]
    )
    return render(request, "audits/returns.html", {"own": own, "returns": returns})


@requires(Permission.COMPLETE_AUDIT_RETURNS)
@require_POST
def return_start(request: SignedInRequest, pk: int) -> HttpResponse:
    invitation = (
        selectors.invitations_to_complete(request.user)
        .select_related("cycle__version", "organisation", "audit_return")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise Http404
    audit_return = services.return_start(actor=request.user, invitation=invitation)
    return redirect("audits:return", pk=audit_return.pk)


def _task_list(audit_return: AuditReturn) -> list[dict[str, Any]]:
    answers = {a.question_id: a for a in audit_return.answers.all()}
    good = GOOD_OR_BETTER[audit_return.version.framework.scale]
    tasks = []
    for standard in _standards_of(audit_return.version):
        questions = [q for s in standard.substandards.all() for q in s.questions.all()]
        given = [answers.get(q.pk) for q in questions]
        answered = [
            a
            for q, a in zip(questions, given, strict=True)
            if a is not None
            and (
                (q.kind == QuestionKind.GRADED and a.grade)
                or (q.kind == QuestionKind.YES_NO and a.yes_no is not None)
            )
        ]
        carried = any(a is not None and a.carried_forward for a in given)
        missing_action = any(
            a is not None
            and q.kind == QuestionKind.GRADED
            and a.grade
            and a.grade not in good
            and not (a.action_what and a.action_owner and a.action_due_on)
            for q, a in zip(questions, given, strict=True)
        )
        if carried:
            status, colour = "Carried forward – review", "yellow"
        elif not answered:
            status, colour = "Not started", "grey"
        elif len(answered) < len(questions) or missing_action:
            status, colour = "In progress", "light-blue"
        else:
            status, colour = "Completed", ""
        tasks.append({"standard": standard, "status": status, "colour": colour})
    return tasks


@requires(Permission.VIEW_AUDITS)
@require_safe
def return_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = _return_for(request.user, pk)
    can_complete = (
        audit_return.status == ReturnStatus.DRAFT
        and AuditReturn.objects.changeable_by(request.user).filter(pk=pk).exists()
    )
    can_share = (
        audit_return.is_returned
        and AuditReturn.objects.changeable_by(request.user).filter(pk=pk).exists()
    )
    scale = audit_return.version.framework.scale
    return render(
        request,
        "audits/return.html",
        {
            "r": audit_return,
            "tasks": _task_list(audit_return) if audit_return.kind == ReturnKind.FULL else [],
            "can_complete": can_complete,
            "grades": GRADES[scale],
            "overall_label": grade_label(scale, audit_return.overall_grade),
            "moderated_label": grade_label(scale, audit_return.moderated_overall_grade),
            "special_form": SpecialReturnForm(),
            "shareable": services.shareable_invitations(audit_return) if can_share else [],
            "shared_with": audit_return.invitations.exclude(
                cycle=audit_return.cycle
            ).select_related("cycle__partnership"),
            "can_validate": audit_return.status == ReturnStatus.SUBMITTED
            and selectors.returns_to_validate(request.user).filter(pk=pk).exists(),
            "problems": request.session.pop(f"audit-return-{pk}-problems", None),
        },
    )


def _standard_number(request: SignedInRequest) -> int:
    """The standard's number from ?number=; the first standard when it is left out."""
    text = request.GET.get("number", "1")
    if not (text.isascii() and text.isdigit()):
        raise Http404
    return int(text)


@requires(Permission.VIEW_AUDITS)
@require_http_methods(["GET", "POST"])
def return_standard(request: SignedInRequest, pk: int) -> HttpResponse:
    """One standard of a return: a form for the organisation's lead while it is a draft, the
    answers read-only for everyone else."""
    if request.method == "POST":
        audit_return = _return_to_complete(request.user, pk)
    else:
        audit_return = _return_for(request.user, pk)
    number = _standard_number(request)
    standards = _standards_of(audit_return.version)
    standard = next((s for s in standards if s.number == number), None)
    if standard is None:
        raise Http404
    questions = [q for s in standard.substandards.all() for q in s.questions.all()]
    answers = {
        a.question_id: a
        for a in audit_return.answers.filter(question__in=questions).prefetch_related("evidence")
    }
    editable = (
        audit_return.status == ReturnStatus.DRAFT
        and AuditReturn.objects.changeable_by(request.user).filter(pk=pk).exists()
    )
    scale = audit_return.version.framework.scale
    form = StandardAnswersForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        scale=scale,
        answers=answers,
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.answers_save(
                actor=request.user, audit_return=audit_return, answers=form.answers()
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Standard {number} has been saved as a draft.")
            following = next((s for s in standards if s.number > number), None)
            if following is not None and request.POST.get("next") == "continue":
                return redirect(
                    f"{reverse('audits:return-standard', args=[pk])}?number={following.number}"
                )
            return redirect("audits:return", pk=pk)
    good = GOOD_OR_BETTER[scale]
    items = [
        {
            "question": q,
            "answer": answers.get(q.pk),
            "fields": form.fields_of(q),
            "grade_label": grade_label(scale, answers[q.pk].grade) if q.pk in answers else "",
            "below_good": q.pk in answers
            and answers[q.pk].grade
            and answers[q.pk].grade not in good,
        }
        for q in questions
    ]
    return render(
        request,
        "audits/return_standard.html",
        {
            "r": audit_return,
            "standard": standard,
            "items": items,
            "form": form,
            "editable": editable,
            "evidence_form": EvidenceForm(),
            "last": standard.number == standards[-1].number,
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.COMPLETE_AUDIT_RETURNS)
@require_POST
def return_evidence(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = _return_to_complete(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    answer = None
    if form.is_valid():
        question_id = form.cleaned_data["question"]
        answer = (
            audit_return.answers.filter(question_id=question_id)
            .select_related("question__substandard__standard", "audit_return")
            .first()
        )
        if answer is None:
            question = Question.objects.filter(
                pk=question_id, substandard__standard__version=audit_return.version
            ).first()
            if question is None:
                raise Http404
            answer = Answer.objects.create(audit_return=audit_return, question=question)
        upload = form.cleaned_data.get("file")
        try:
            services.evidence_add(
                actor=request.user,
                answer=answer,
                description=form.cleaned_data["description"],
                link=form.cleaned_data.get("link") or "",
                file=upload,
                filename=getattr(upload, "name", ""),
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, "The evidence has been added.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    number = answer.question.substandard.standard.number if answer else 1
    return redirect(f"{reverse('audits:return-standard', args=[pk])}?number={number}")


@requires(Permission.COMPLETE_AUDIT_RETURNS)
@require_POST
def return_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = _return_to_complete(request.user, pk)
    try:
        if audit_return.kind == ReturnKind.FULL and "overall_grade" in request.POST:
            services.return_set_overall(
                actor=request.user, audit_return=audit_return, grade=request.POST["overall_grade"]
            )
        services.return_submit(actor=request.user, audit_return=audit_return)
    except ValidationError as refusal:
        problems = (
            refusal.message_dict if hasattr(refusal, "error_dict") else {"": refusal.messages}
        )
        request.session[f"audit-return-{pk}-problems"] = [
            text for texts in problems.values() for text in texts
        ]
        return redirect("audits:return", pk=pk)
    messages.success(request, f"Your {audit_return.cycle.title} return has been submitted.")
    return redirect("audits:return", pk=pk)


@requires(Permission.COMPLETE_AUDIT_RETURNS)
@require_POST
def return_special(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = _return_to_complete(request.user, pk)
    form = SpecialReturnForm(request.POST)
    if form.is_valid():
        invitation = audit_return.invitations.get(cycle=audit_return.cycle)
        try:
            services.return_make_special(
                actor=request.user,
                invitation=invitation,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, "Saved. Submit it when you are ready.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("audits:return", pk=pk)


@requires(Permission.COMPLETE_AUDIT_RETURNS)
@require_POST
def return_share(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = _return_to_complete(request.user, pk)
    invitation = next(
        (
            i
            for i in services.shareable_invitations(audit_return)
            if str(i.pk) == request.POST.get("invitation")
        ),
        None,
    )
    if invitation is None:
        messages.error(request, "Choose an open cycle your organisation is invited to")
        return redirect("audits:return", pk=pk)
    services.return_share(actor=request.user, audit_return=audit_return, invitation=invitation)
    messages.success(
        request, f"Your return is shared with {invitation.cycle.partnership} ({invitation.cycle})."
    )
    return redirect("audits:return", pk=pk)


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def return_validate(request: SignedInRequest, pk: int) -> HttpResponse:
    audit_return = (
        selectors.returns_to_validate(request.user)
        .select_related("organisation", "cycle", "version__framework")
        .filter(pk=pk)
        .first()
    )
    if audit_return is None:
        raise Http404
    scale = audit_return.version.framework.scale
    answers = list(
        audit_return.answers.select_related("question__substandard__standard").order_by(
            "question__substandard__standard__number",
            "question__substandard__number",
            "question__order",
        )
    )
    questions = [a.question for a in answers]
    initial = {
        "desk_review": audit_return.desk_review,
        "moderated_overall_grade": audit_return.moderated_overall_grade,
    }
    initial.update({f"m{a.question_id}": a.moderated_grade for a in answers})
    form = ValidationForm(request.POST or None, scale=scale, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.return_validate(
                actor=request.user,
                audit_return=audit_return,
                desk_review=data["desk_review"],
                moderated_overall_grade=data["moderated_overall_grade"],
                moderated={q.pk: data.get(f"m{q.pk}", "") for q in form.questions},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The return from {audit_return.organisation} is validated.")
            return redirect("audits:return", pk=pk)
    rows = [
        (
            a,
            grade_label(scale, a.grade),
            form[f"m{a.question_id}"] if f"m{a.question_id}" in form.fields else None,
        )
        for a in answers
    ]
    return render(
        request,
        "audits/return_validate.html",
        {
            "r": audit_return,
            "form": form,
            "rows": rows,
            "overall_label": grade_label(scale, audit_return.overall_grade),
            "submitted": audit_return.status == ReturnStatus.SUBMITTED,
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def evidence_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    evidence = selectors.evidence_files_visible_to(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    from masa.documents.uploads import Kind

    try:
        handle = services.evidence_download_opened(actor=request.user, evidence=evidence)
    except (OSError, ValueError):
        raise Http404 from None
    kind = Kind(evidence.kind)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"evidence-{evidence.pk}.{kind.extension}",
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return response


# -- Peer challenge workshops ----------------------------------------------------------------


def _workshop_visible(user: Any, pk: int) -> PeerChallengeWorkshop:
    found = (
        PeerChallengeWorkshop.objects.visible_to(user)
        .select_related("cycle__version__framework", "cycle__partnership")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _workshop_to_change(user: Any, pk: int) -> PeerChallengeWorkshop:
    found = (
        PeerChallengeWorkshop.objects.changeable_by(user)
        .select_related("cycle__version__framework")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _challenge_to_change(user: Any, pk: int) -> PeerChallenge:
    found = (
        PeerChallenge.objects.changeable_by(user)
        .select_related("workshop__cycle__version__framework", "audit_return__organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _form_page(
    request: SignedInRequest,
    template: str,
    context: dict[str, Any],
    *,
    form: Any,
    save: Any,
    done: Any,
) -> HttpResponse:
    """Validate the form, call the service, and show its refusal beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.values() if hasattr(form, "values") else form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Saved.")
            return redirect(done(saved))
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def workshop_add(request: SignedInRequest, pk: int) -> HttpResponse:
    cycle = Cycle.objects.changeable_by(request.user).filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return _form_page(
        request,
        "audits/workshop_form.html",
        {"cycle": cycle, "heading": "Add a peer challenge workshop"},
        form=WorkshopForm(request.POST or None),
        save=lambda d: challenges.workshop_save(actor=request.user, cycle=cycle, **d),
        done=lambda w: reverse("audits:workshop", args=[w.pk]),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def workshop_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    workshop = _workshop_to_change(request.user, pk)
    initial = {
        "held_on": workshop.held_on,
        "facilitator": workshop.facilitator,
        "notes": workshop.notes,
    }
    return _form_page(
        request,
        "audits/workshop_form.html",
        {"cycle": workshop.cycle, "workshop": workshop, "heading": "Change the workshop"},
        form=WorkshopForm(request.POST or None, initial=initial),
        save=lambda d: challenges.workshop_save(
            actor=request.user, cycle=workshop.cycle, workshop=workshop, **d
        ),
        done=lambda w: reverse("audits:workshop", args=[w.pk]),
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def workshop_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    workshop = _workshop_visible(request.user, pk)
    cycle = workshop.cycle
    today = timezone.localdate()
    rows = [
        {
            "challenge": c,
            "self_grade": grade_label(cycle.scale, c.audit_return.overall_grade),
            "agreed_grade": grade_label(cycle.scale, c.moderated_grade),
            "open_actions": sum(1 for a in c.actions.all() if a.status != "closed"),
            "overdue": sum(1 for a in c.actions.all() if a.is_overdue(today)),
        }
        for c in challenges.challenges_in(request.user, workshop)
    ]
    return render(
        request,
        "audits/workshop.html",
        {
            "workshop": workshop,
            "cycle": cycle,
            "rows": rows,
            "across": _reads_across(request.user, cycle.partnership_id),
            "can_manage": PeerChallengeWorkshop.objects.changeable_by(request.user)
            .filter(pk=pk)
            .exists(),
        },
    )


def _challenge_form(request: SignedInRequest, cycle: Cycle, **kwargs: Any) -> PeerChallengeForm:
    return PeerChallengeForm(
        request.POST or None,
        returns=list(challenges.challengeable_returns(cycle)),
        organisations=list(challenges.challenger_organisations(cycle)),
        scale=cycle.scale,
        **kwargs,
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def challenge_add(request: SignedInRequest, pk: int) -> HttpResponse:
    workshop = _workshop_to_change(request.user, pk)
    return _form_page(
        request,
        "audits/challenge_form.html",
        {"workshop": workshop, "cycle": workshop.cycle, "heading": "Record a challenge"},
        form=_challenge_form(request, workshop.cycle),
        save=lambda d: challenges.challenge_save(actor=request.user, workshop=workshop, **d),
        done=lambda c: reverse("audits:peer-challenge", args=[c.pk]),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def challenge_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = _challenge_to_change(request.user, pk)
    workshop = challenge.workshop
    return _form_page(
        request,
        "audits/challenge_form.html",
        {
            "workshop": workshop,
            "cycle": workshop.cycle,
            "challenge": challenge,
            "heading": f"Change the challenge of {challenge.audit_return.organisation.name}",
        },
        form=_challenge_form(
            request, workshop.cycle, initial=PeerChallengeForm.initial_from(challenge)
        ),
        save=lambda d: challenges.challenge_save(
            actor=request.user, workshop=workshop, challenge=challenge, **d
        ),
        done=lambda c: reverse("audits:peer-challenge", args=[c.pk]),
    )


@requires(Permission.VIEW_AUDITS)
@require_safe
def challenge_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = (
        PeerChallenge.objects.visible_to(request.user)
        .select_related(
            "workshop__cycle__version__framework",
            "audit_return__organisation",
            "challenger_organisation",
        )
        .prefetch_related(challenges.actions_prefetch())
        .filter(pk=pk)
        .first()
    )
    if challenge is None:
        raise Http404
    cycle = challenge.workshop.cycle
    today = timezone.localdate()
    return render(
        request,
        "audits/challenge.html",
        {
            "challenge": challenge,
            "workshop": challenge.workshop,
            "cycle": cycle,
            "self_grade": grade_label(cycle.scale, challenge.audit_return.overall_grade),
            "agreed_grade": grade_label(cycle.scale, challenge.moderated_grade),
            "actions": [(a, a.is_overdue(today)) for a in challenge.actions.all()],
            "can_see_return": AuditReturn.objects.visible_to(request.user)
            .filter(pk=challenge.audit_return_id)
            .exists(),
            "can_manage": PeerChallenge.objects.changeable_by(request.user).filter(pk=pk).exists(),
        },
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def challenge_action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = _challenge_to_change(request.user, pk)
    organisations = list(challenges.action_organisations(challenge))
    return _form_page(
        request,
        "audits/challenge_action_form.html",
        {"challenge": challenge, "heading": "Add a follow-up action"},
        form=PeerChallengeActionForm(
            request.POST or None,
            organisations=organisations,
            initial={
                "organisation": str(challenge.audit_return.organisation_id),
                "status": ChallengeActionStatus.OPEN,
            },
        ),
        save=lambda d: challenges.action_save(actor=request.user, challenge=challenge, **d),
        done=lambda a: reverse("audits:peer-challenge", args=[challenge.pk]),
    )


@requires(Permission.MANAGE_AUDITS)
@require_http_methods(["GET", "POST"])
def challenge_action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = (
        PeerChallengeAction.objects.changeable_by(request.user)
        .select_related(
            "challenge__workshop__cycle", "challenge__audit_return__organisation", "organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    challenge = action.challenge
    return _form_page(
        request,
        "audits/challenge_action_form.html",
        {"challenge": challenge, "action": action, "heading": "Change the follow-up action"},
        form=PeerChallengeActionForm(
            request.POST or None,
            organisations=list(challenges.action_organisations(challenge)),
            initial=PeerChallengeActionForm.initial_from(action),
        ),
        save=lambda d: challenges.action_save(
            actor=request.user, challenge=challenge, action=action, **d
        ),
        done=lambda a: reverse("audits:peer-challenge", args=[challenge.pk]),
    )


# -- XLSX exports ----------------------------------------------------------------------------


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Permission.VIEW_AUDITS)
@require_safe
def cycle_export_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    """The whole cycle's results: only for those who read across the partnership (the
    business unit, executive and scrutineer); an organisation exports its own return."""
    cycle = _cycle_read_across(request.user, pk)
    returns = AuditReturn.objects.visible_to(request.user).filter(
        pk__in=selectors.returns_in(cycle).values("pk")
    )
    content = exports.workbook(cycle, returns)
    return _xlsx_response(content, f"audit-cycle-{cycle.pk}.xlsx")


@requires(Permission.VIEW_AUDITS)
@require_safe
def return_export_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    """One return's answers and actions, for anyone who may see the return."""
    audit_return = _return_for(request.user, pk)
    returns = AuditReturn.objects.visible_to(request.user).filter(pk=audit_return.pk)
    content = exports.workbook(audit_return.cycle, returns)
    return _xlsx_response(content, f"audit-return-{audit_return.pk}.xlsx")
