"""Pages for the business plan: the plan by year, a priority, an action with its progress,
the forms that change them, subgroup highlight reports and the yearly impact record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from masa.businessplan import selectors, services
from masa.businessplan.forms import (
    HighlightReportForm,
    ImpactForm,
    PlanActionForm,
    PriorityForm,
    ProgressForm,
)
from masa.businessplan.models import HighlightReport, PlanAction, Priority
from masa.core.access import SignedInRequest, requires, signed_in
from masa.core.calendar import ReportingYear
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits


def _status(form: Any) -> int:
    return 400 if form.errors else 200


# -- The plan and its priorities -------------------------------------------------------------


@requires(Permission.VIEW_BUSINESS_PLAN)
@require_safe
def plan(request: SignedInRequest) -> HttpResponse:
    years = selectors.plan_years(request.user)
    label = request.GET.get("year", "").strip()
    year = years[0] if years else ReportingYear.containing(timezone.localdate())
    if label:
        try:
            year = ReportingYear.parse(label)
        except ValueError as problem:
            return render(
                request,
                "businessplan/plan.html",
                {"error": str(problem), "year_label": label, "years": years},
                status=400,
            )
    priorities = list(selectors.priorities_for(request.user, year))
    summaries = selectors.rag_summaries(request.user, [p.pk for p in priorities])
    return render(
        request,
        "businessplan/plan.html",
        {
            "year": year,
            "year_label": year.label,
            "years": years,
            "rows": [(p, summaries.get(p.pk, selectors.RagSummary())) for p in priorities],
            "can_manage": permits(request.user, Permission.MANAGE_BUSINESS_PLAN),
        },
    )


@requires(Permission.VIEW_BUSINESS_PLAN)
@require_safe
def priority_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_for(request.user, pk)
    if priority is None:
        raise Http404
    today = timezone.localdate()
    actions = selectors.actions_of(request.user, priority)
    reportable = selectors.reportable_ids(request.user, priority)
    impact = selectors.impact_of(request.user, priority)
    return render(
        request,
        "businessplan/priority.html",
        {
            "priority": priority,
            "actions": [(a, a.is_overdue(today), a.pk in reportable) for a in actions],
            "summary": selectors.rag_summaries(request.user, [priority.pk]).get(
                priority.pk, selectors.RagSummary()
            ),
            "impact": impact,
            "evidence": selectors.evidence_links(impact) if impact else [],
            "can_manage": Priority.objects.changeable_by(request.user).filter(pk=pk).exists(),
        },
    )


@requires(Permission.MANAGE_BUSINESS_PLAN)
@require_http_methods(["GET", "POST"])
def priority_create(request: SignedInRequest) -> HttpResponse:
    partnerships = selectors.manageable_partnerships(request.user)
    years = selectors.plan_years(request.user)
    initial = {"year": years[0].label if years else ""}
    form = PriorityForm(
        request.POST or None, initial=initial, partnerships=partnerships, creating=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = data.get("partnership") or partnerships.first()
        if partnership is None:
            raise Http404
        try:
            priority = services.priority_create(
                actor=request.user,
                partnership=partnership,
                year=data["year"],
                number=data["number"],
                title=data["title"],
                outcome=data["outcome"],
                approach=data["approach"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Priority {priority.number} has been added.")
            return redirect("businessplan:priority", pk=priority.pk)
    return render(
        request,
        "businessplan/priority_form.html",
        {"form": form, "priority": None},
        status=_status(form),
    )


@requires(Permission.MANAGE_BUSINESS_PLAN)
@require_http_methods(["GET", "POST"])
def priority_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_changeable_by(request.user, pk)
    if priority is None:
        raise Http404
    initial = {
        "number": priority.number,
        "title": priority.title,
        "outcome": priority.outcome,
        "approach": priority.approach,
    }
    form = PriorityForm(request.POST or None, initial=initial, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_change(actor=request.user, priority=priority, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Priority {priority.number} has been saved.")
            return redirect("businessplan:priority", pk=priority.pk)
    return render(
        request,
        "businessplan/priority_form.html",
        {"form": form, "priority": priority},
        status=_status(form),
    )


# -- Plan actions ----------------------------------------------------------------------------


def _action_form(request: SignedInRequest, priority: Priority, **kwargs: Any) -> PlanActionForm:
    partnership = priority.partnership
    return PlanActionForm(
        request.POST or None,
        organisations=selectors.organisations_of(partnership),
        people=selectors.people_of(partnership),
        groups=selectors.groups_of(partnership),
        **kwargs,
    )


@requires(Permission.MANAGE_BUSINESS_PLAN)
@require_http_methods(["GET", "POST"])
def action_create(request: SignedInRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_changeable_by(request.user, pk)
    if priority is None:
        raise Http404
    form = _action_form(request, priority, initial={"status": "not_started"})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.plan_action_create(
                actor=request.user, priority=priority, **form.cleaned_data
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been added to the plan.")
            return redirect("businessplan:action", pk=action.pk)
    return render(
        request,
        "businessplan/action_form.html",
        {"form": form, "priority": priority, "action": None},
        status=_status(form),
    )


@requires(Permission.MANAGE_BUSINESS_PLAN)
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.action_changeable_by(request.user, pk)
    if action is None:
        raise Http404
    initial = {
        "description": action.description,
        "owning_organisation": action.owning_organisation_id,
        "owner": action.owner_id,
        "responsible_group": action.responsible_group_id,
        "milestone_on": action.milestone_on,
        "measure_of_success": action.measure_of_success,
        "status": action.status,
    }
    form = _action_form(request, action.priority, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_change(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("businessplan:action", pk=action.pk)
    return render(
        request,
        "businessplan/action_form.html",
        {"form": form, "priority": action.priority, "action": action},
        status=_status(form),
    )


def _progress_form(request: SignedInRequest, action: PlanAction) -> ProgressForm:
    today = timezone.localdate()
    return ProgressForm(
        request.POST or None, initial={"reported_on": today, "status": action.status}
    )


@requires(Permission.VIEW_BUSINESS_PLAN)
@require_safe
def action_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.action_for(request.user, pk)
    if action is None:
        raise Http404
    can_report = selectors.can_report(request.user, action)
    return render(
        request,
        "businessplan/action.html",
        {
            "action": action,
            "overdue": action.is_overdue(timezone.localdate()),
            "updates": selectors.updates_of(request.user, action),
            "can_change": PlanAction.objects.changeable_by(request.user).filter(pk=pk).exists(),
            "can_report": can_report,
            "form": _progress_form(request, action) if can_report else None,
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def action_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    """The business unit, subgroup chairs and the owning agency's lead report progress, and so
    does an action's owner whatever their role (a delegated partner may own one)."""
    action = selectors.action_reportable_by(request.user, pk)
    if action is None:
        if not permits(request.user, Permission.REPORT_PROGRESS):
            raise PermissionDenied
        raise Http404
    form = _progress_form(request, action)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your progress update has been added.")
            return redirect("businessplan:action", pk=action.pk)
    return render(
        request,
        "businessplan/progress_form.html",
        {"form": form, "action": action, "overdue": action.is_overdue(timezone.localdate())},
        status=_status(form),
    )


# -- Highlight reports -----------------------------------------------------------------------


@requires(Permission.VIEW_BUSINESS_PLAN)
@require_safe
def highlight_reports(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "businessplan/highlight_reports.html",
        {
            "reports": selectors.highlight_reports_for(request.user),
            "can_write": selectors.reporting_groups_for(request.user).exists(),
        },
    )


@requires(Permission.VIEW_BUSINESS_PLAN)
@require_safe
def highlight_report_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    report = selectors.highlight_report_for(request.user, pk)
    if report is None:
        raise Http404
    today = timezone.localdate()
    actions = selectors.actions_of_group(request.user, report)
    return render(
        request,
        "businessplan/highlight_report.html",
        {
            "report": report,
            "actions": [(a, a.is_overdue(today)) for a in actions],
            "can_change": HighlightReport.objects.changeable_by(request.user)
            .filter(pk=pk)
            .exists(),
        },
    )


def _highlight_form(
    request: SignedInRequest, report: HighlightReport | None
) -> tuple[HttpResponse | None, HighlightReportForm]:
    groups = selectors.reporting_groups_for(request.user)
    if report is None:
        years = selectors.plan_years(request.user)
        initial: dict[str, Any] = {"year": years[0].label if years else ""}
    else:
        initial = {
            "year": report.year.label,
            "quarter": report.quarter,
            "summary": report.summary,
            "risks": report.risks,
            "decisions_needed": report.decisions_needed,
        }
    form = HighlightReportForm(
        request.POST or None, initial=initial, groups=groups, changing=report is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.highlight_report_write(
                actor=request.user,
                group=report.group if report is not None else data["group"],
                year=data["year"],
                quarter=data["quarter"],
                summary=data["summary"],
                risks=data["risks"],
                decisions_needed=data["decisions_needed"],
                report=report,
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The highlight report from {saved.group.name} is saved.")
            return redirect("businessplan:highlight-report", pk=saved.pk), form
    return None, form


@requires(Permission.REPORT_PROGRESS)
@require_http_methods(["GET", "POST"])
def highlight_report_create(request: SignedInRequest) -> HttpResponse:
    done, form = _highlight_form(request, None)
    if done is not None:
        return done
    return render(
        request,
        "businessplan/highlight_report_form.html",
        {
            "form": form,
            "report": None,
            "can_write": selectors.reporting_groups_for(request.user).exists(),
        },
        status=_status(form),
    )


@requires(Permission.REPORT_PROGRESS)
@require_http_methods(["GET", "POST"])
def highlight_report_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    report = selectors.highlight_report_changeable_by(request.user, pk)
    if report is None:
        raise Http404
    done, form = _highlight_form(request, report)
    if done is not None:
        return done
    return render(
        request,
        "businessplan/highlight_report_form.html",
        {"form": form, "report": report, "can_write": True},
        status=_status(form),
    )


# -- What we did, how well, what difference it made ------------------------------------------


@requires(Permission.MANAGE_BUSINESS_PLAN)
@require_http_methods(["GET", "POST"])
def impact_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_changeable_by(request.user, pk)
    if priority is None:
        raise Http404
    existing = selectors.impact_of(request.user, priority)
    initial = {}
    if existing is not None:
        initial = {
            "what_we_did": existing.what_we_did,
            "how_well": existing.how_well,
            "difference_made": existing.difference_made,
            "evidence_links": existing.evidence_links,
        }
    form = ImpactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.impact_record(actor=request.user, priority=priority, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, "What was done, how well and what difference it made is saved."
            )
            return redirect("businessplan:priority", pk=priority.pk)
    return render(
        request,
        "businessplan/impact_form.html",
        {"form": form, "priority": priority},
        status=_status(form),
    )
