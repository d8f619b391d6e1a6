"""Pages for multi-agency case audits and their actions, single-agency assurance reports and
inspection judgements, and the business unit's forms for each."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.assurance import selectors, services
from masa.assurance.forms import (
    ActionForm,
    AssuranceReportForm,
    CaseAuditForm,
    CloseActionForm,
    InspectionForm,
    case_audit_initial,
    ilacs_initial,
    inspection_initial,
)
from masa.assurance.models import ActionStatus, AssuranceReport, Inspection
from masa.assurance.ofsted_import import ATTRIBUTION
from masa.core.access import SignedInRequest, requires, signed_in
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits


def _form_page(
    request: SignedInRequest, template: str, form: forms.Form, **context: Any
) -> HttpResponse:
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def overview(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "assurance/overview.html",
        {"counts": selectors.overview_counts(request.user)},
    )


# -- Case audits -----------------------------------------------------------------------------


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def case_audits(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "assurance/case_audits.html",
        {
            "audits": selectors.case_audits_for(request.user),
            "can_manage": permits(request.user, Permission.MANAGE_ASSURANCE),
        },
    )


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def case_audit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.case_audit_for(request.user, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "assurance/case_audit.html",
        {
            "audit": found,
            "participants": selectors.participants_of(found),
            "actions": selectors.actions_of(request.user, found),
            "today": timezone.localdate(),
            "can_manage": selectors.can_manage(request.user, found),
        },
    )


def _audit_choices(user: Any) -> dict[str, Any]:
    partnerships = selectors.partnerships_for(user)
    return {
        "organisations": selectors.agencies_in(partnerships),
        "groups": selectors.groups_in(partnerships),
    }


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def case_audit_add(request: SignedInRequest) -> HttpResponse:
    partnerships = selectors.partnerships_for(request.user)
    form = CaseAuditForm(request.POST or None, **_audit_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.case_audit_create(
                actor=request.user,
                partnership=data["monitored_by"].partnership
                if data["monitored_by"]
                else partnerships[0],
                theme=data["theme"],
                audited_on=data["audited_on"],
                cases_audited=data["cases_audited"],
                participants=data["participants"],
                scope=data["scope"],
                strengths=data["strengths"],
                key_lessons=data["key_lessons"],
                impact=data["impact"],
                monitored_by=data["monitored_by"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The case audit has been recorded.")
            return redirect("assurance:case-audit", pk=created.pk)
    return _form_page(request, "assurance/case_audit_form.html", form, audit=None)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def case_audit_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.case_audit_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    form = CaseAuditForm(
        request.POST or None, initial=case_audit_initial(found), **_audit_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_audit_change(
                actor=request.user,
                case_audit=found,
                participants=data["participants"],
                **{name: data[name] for name in services.CASE_AUDIT_FIELDS},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The case audit has been saved.")
            return redirect("assurance:case-audit", pk=found.pk)
    return _form_page(request, "assurance/case_audit_form.html", form, audit=found)


def _action_choices(user: Any) -> dict[str, Any]:
    partnerships = selectors.partnerships_for(user)
    return {
        "organisations": selectors.organisations_in(partnerships),
        "people": selectors.people_in(partnerships),
    }


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.case_audit_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    form = ActionForm(request.POST or None, **_action_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_audit_action_add(
                actor=request.user,
                case_audit=found,
                description=data["description"],
                owning_organisation=data["owning_organisation"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been added to the audit's action plan.")
            return redirect("assurance:case-audit", pk=found.pk)
    return _form_page(request, "assurance/action_form.html", form, audit=found, action=None)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.action_manageable_by(request.user, pk)
    if action is None:
        raise Http404
    initial = {
        "description": action.description,
        "owning_organisation": action.owning_organisation_id,
        "owner": action.owner_id,
        "due_on": action.due_on,
    }
    form = ActionForm(request.POST or None, initial=initial, **_action_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_audit_action_change(
                actor=request.user,
                action=action,
                description=data["description"],
                owning_organisation=data["owning_organisation"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("assurance:case-audit", pk=action.case_audit_id)
    return _form_page(
        request, "assurance/action_form.html", form, audit=action.case_audit, action=action
    )


@signed_in
@require_http_methods(["GET", "POST"])
def action_close(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner of an action, or the business unit, closes it with evidence."""
    action = selectors.action_changeable_by(request.user, pk)
    if action is None:
        raise Http404
    if action.status == ActionStatus.DONE:
        messages.info(request, "This action is already done.")
        return redirect("assurance:case-audit-actions")
    form = CloseActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_audit_action_close(
                actor=request.user,
                action=action,
                completed_on=form.cleaned_data["completed_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been closed with its evidence.")
            if selectors.case_audit_for(request.user, action.case_audit_id) is not None:
                return redirect("assurance:case-audit", pk=action.case_audit_id)
            return redirect("core:home")
    return _form_page(
        request,
        "assurance/action_close.html",
        form,
        action=action,
        overdue=action.is_overdue(timezone.localdate()),
    )


@requires(Permission.MANAGE_ASSURANCE)
@require_POST
def action_reopen(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.action_manageable_by(request.user, pk)
    if action is None:
        raise Http404
    try:
        services.case_audit_action_reopen(actor=request.user, action=action)
    except ValidationError:
        messages.info(request, "This action is already open.")
    else:
        messages.success(request, "The action has been reopened.")
    return redirect("assurance:case-audit", pk=action.case_audit_id)


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def case_audit_actions(request: SignedInRequest) -> HttpResponse:
    """Every case-audit action the person may see: what the Quality and Performance subgroup
    monitors. ?show=open (the default), overdue, done or all."""
    show = request.GET.get("show", "open")
    if show not in selectors.ACTION_FILTERS:
        show = "open"
    today = timezone.localdate()
    return render(
        request,
        "assurance/case_audit_actions.html",
        {
            "actions": selectors.case_audit_actions(request.user, show, today),
            "counts": selectors.action_counts(request.user, today),
            "show": show,
            "today": today,
        },
    )


# -- Assurance reports -----------------------------------------------------------------------


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def reports(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "assurance/reports.html",
        {
            "reports": selectors.reports_for(request.user),
            "can_manage": permits(request.user, Permission.MANAGE_ASSURANCE),
        },
    )


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def report(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.report_for(request.user, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "assurance/report.html",
        {"report": found, "can_manage": selectors.can_manage(request.user, found)},
    )


def _report_form(request: SignedInRequest, found: AssuranceReport | None) -> HttpResponse:
    partnerships = selectors.partnerships_for(request.user)
    initial: dict[str, Any] = {"follow_up_status": "none"}
    if found is not None:
        initial = {name: getattr(found, name) for name in services.REPORT_FIELDS}
        for name in ("organisation", "group", "meeting"):
            initial[name] = getattr(found, f"{name}_id")
    form = AssuranceReportForm(
        request.POST or None,
        initial=initial,
        organisations=selectors.organisations_in(partnerships),
        groups=selectors.groups_in(partnerships),
        meetings=selectors.meetings_in(partnerships),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REPORT_FIELDS}
        try:
            if found is None:
                saved = services.assurance_report_create(
                    actor=request.user,
                    partnership=selectors.partnership_of(data["organisation"], partnerships),
                    **data,
                )
            else:
                saved = services.assurance_report_change(actor=request.user, report=found, **data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The assurance report has been saved.")
            return redirect("assurance:report", pk=saved.pk)
    return _form_page(request, "assurance/report_form.html", form, report=found)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def report_add(request: SignedInRequest) -> HttpResponse:
    return _report_form(request, None)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def report_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.report_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    return _report_form(request, found)


# -- Inspections -----------------------------------------------------------------------------


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def inspections(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "assurance/inspections.html",
        {
            "inspections": selectors.inspections_for(request.user),
            "can_manage": permits(request.user, Permission.MANAGE_ASSURANCE),
            "attribution": ATTRIBUTION,
        },
    )


@requires(Permission.VIEW_ASSURANCE)
@require_safe
def inspection(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.inspection_for(request.user, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "assurance/inspection.html",
        {
            "inspection": found,
            "can_manage": selectors.can_manage(request.user, found),
            "attribution": ATTRIBUTION,
        },
    )


def _inspection_form(request: SignedInRequest, found: Inspection | None) -> HttpResponse:
    partnerships = selectors.partnerships_for(request.user)
    form = InspectionForm(
        request.POST or None,
        initial=ilacs_initial() if found is None else inspection_initial(found),
        organisations=selectors.organisations_in(partnerships),
        authorities=selectors.local_authorities_in(partnerships),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in services.INSPECTION_FIELDS
            if name != "web_link"
        }
        try:
            if found is None:
                organisation = data["organisation"]
                saved = services.inspection_create(
                    actor=request.user,
                    partnership=selectors.partnership_of(organisation, partnerships)
                    if organisation is not None
                    else partnerships[0],
                    areas=form.areas(),
                    **data,
                )
            else:
                saved = services.inspection_change(
                    actor=request.user, inspection=found, areas=form.areas(), **data
                )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The inspection has been saved.")
            return redirect("assurance:inspection", pk=saved.pk)
    return _form_page(request, "assurance/inspection_form.html", form, inspection=found)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def inspection_add(request: SignedInRequest) -> HttpResponse:
    return _inspection_form(request, None)


@requires(Permission.MANAGE_ASSURANCE)
@require_http_methods(["GET", "POST"])
def inspection_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.inspection_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    return _inspection_form(request, found)
