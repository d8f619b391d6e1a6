"""Pages for the risk register and the challenge log, and their forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits
from masa.risks import presenters, selectors, services
from masa.risks.forms import (
    AssessForm,
    AssuranceForm,
    ChallengeRaiseForm,
    RespondForm,
    RiskForm,
)
from masa.risks.models import ChallengeStatus

# -- Risks -----------------------------------------------------------------------------------


@requires(Permission.VIEW_RISKS)
@require_safe
def register(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in selectors.RISK_FILTERS:
        status = "open"
    today = timezone.localdate()
    rows = [
        presenters.risk_row(risk, today) for risk in selectors.risk_register(request.user, status)
    ]
    return render(
        request,
        "risks/register.html",
        {
            "rows": rows,
            "status": status,
            "counts": selectors.risk_counts(request.user),
            "can_manage": permits(request.user, Permission.MANAGE_RISKS),
        },
    )


@requires(Permission.VIEW_RISKS)
@require_safe
def risk_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_for(request.user, pk)
    if risk is None:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "risks/risk.html",
        {
            "risk": risk,
            "row": presenters.risk_row(risk, today),
            "history": presenters.assessment_rows(selectors.assessments_for(request.user, risk)),
            "can_manage": selectors.can_manage_risk(request.user, risk),
        },
    )


def _risk_choices(user: Any) -> dict[str, Any]:
    partnerships = selectors.partnerships_for(user, Permission.MANAGE_RISKS)
    return {
        "organisations": selectors.organisations_in(partnerships),
        "people": selectors.people_in(partnerships),
    }


@requires(Permission.MANAGE_RISKS)
@require_http_methods(["GET", "POST"])
def risk_add(request: SignedInRequest) -> HttpResponse:
    partnerships = selectors.partnerships_for(request.user, Permission.MANAGE_RISKS)
    form = RiskForm(request.POST or None, adding=True, **_risk_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            risk = services.risk_create(
                actor=request.user,
                partnership=selectors.partnership_of(data["owning_organisation"], partnerships),
                title=data["title"],
                description=data["description"].strip(),
                cause=data["cause"].strip(),
                consequence=data["consequence"].strip(),
                mitigation=data["mitigation"].strip(),
                owner=data["owner"],
                owning_organisation=data["owning_organisation"],
                review_on=data["review_on"],
                likelihood=data["likelihood"],
                impact=data["impact"],
                note=data["note"].strip(),
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The risk has been added to the register.")
            return redirect("risks:risk", pk=risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"form": form, "risk": None},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_RISKS)
@require_http_methods(["GET", "POST"])
def risk_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_changeable_by(request.user, pk)
    if risk is None:
        raise Http404
    initial = {
        name: getattr(risk, name)
        for name in ("title", "description", "cause", "consequence", "mitigation", "review_on")
    }
    initial |= {
        "owning_organisation": risk.owning_organisation_id,
        "owner": risk.owner_id,
        "status": risk.status,
    }
    form = RiskForm(
        request.POST or None, initial=initial, adding=False, **_risk_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in initial}
        for name in ("description", "cause", "consequence", "mitigation"):
            changes[name] = changes[name].strip()
        try:
            services.risk_change(actor=request.user, risk=risk, changes=changes)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The risk has been saved.")
            return redirect("risks:risk", pk=risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"form": form, "risk": risk},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_RISKS)
@require_http_methods(["GET", "POST"])
def risk_assess(request: SignedInRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_changeable_by(request.user, pk)
    if risk is None:
        raise Http404
    form = AssessForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_assess(
                actor=request.user,
                risk=risk,
                likelihood=data["likelihood"],
                impact=data["impact"],
                assessed_on=data["assessed_on"],
                note=data["note"].strip(),
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The new assessment has been saved.")
            return redirect("risks:risk", pk=risk.pk)
    return render(
        request,
        "risks/risk_assess.html",
        {"form": form, "risk": risk, "row": presenters.risk_row(risk, timezone.localdate())},
        status=400 if form.errors else 200,
    )


# -- Challenges ------------------------------------------------------------------------------


@requires(Permission.VIEW_CHALLENGES)
@require_safe
def challenge_log(request: SignedInRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in selectors.CHALLENGE_FILTERS:
        show = "open"
    today = timezone.localdate()
    rows = [
        presenters.challenge_row(challenge, today)
        for challenge in selectors.challenge_log(request.user, show, today)
    ]
    return render(
        request,
        "risks/challenges.html",
        {
            "rows": rows,
            "show": show,
            "counts": selectors.challenge_counts(request.user, today),
            "can_raise": permits(request.user, Permission.RAISE_CHALLENGES),
        },
    )


@requires(Permission.VIEW_CHALLENGES)
@require_safe
def challenge_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    if challenge is None:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "risks/challenge.html",
        {
            "challenge": challenge,
            "row": presenters.challenge_row(challenge, today),
            "events": selectors.events_for(request.user, challenge),
            "can_change": selectors.challenge_changeable_by(request.user, pk) is not None,
            "can_respond": challenge.status == ChallengeStatus.OPEN
            and selectors.challenge_respondable_by(request.user, pk) is not None,
        },
    )


@requires(Permission.RAISE_CHALLENGES)
@require_http_methods(["GET", "POST"])
def challenge_raise(request: SignedInRequest) -> HttpResponse:
    partnerships = selectors.partnerships_for(request.user, Permission.RAISE_CHALLENGES)
    form = ChallengeRaiseForm(
        request.POST or None,
        organisations=selectors.organisations_in(partnerships),
        initial={"raised_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            challenge = services.challenge_raise(
                actor=request.user,
                partnership=selectors.partnership_of(data["organisation"], partnerships),
                organisation=data["organisation"],
                subject=data["subject"],
                detail=data["detail"].strip(),
                raised_on=data["raised_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The challenge has been raised.")
            return redirect("risks:challenge", pk=challenge.pk)
    return render(
        request, "risks/challenge_raise.html", {"form": form}, status=400 if form.errors else 200
    )


@requires(Permission.RESPOND_TO_CHALLENGES)
@require_http_methods(["GET", "POST"])
def challenge_respond(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_respondable_by(request.user, pk)
    if challenge is None:
        raise Http404
    form = RespondForm(
        request.POST or None,
        initial={"responded_on": timezone.localdate(), "response": challenge.response},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_respond(
                actor=request.user,
                challenge=challenge,
                response=form.cleaned_data["response"],
                responded_on=form.cleaned_data["responded_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The response has been recorded.")
            if selectors.challenge_for(request.user, pk) is None:
                return redirect("core:home")
            return redirect("risks:challenge", pk=challenge.pk)
    return render(
        request,
        "risks/challenge_respond.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


@requires(Permission.RAISE_CHALLENGES)
@require_http_methods(["GET", "POST"])
def challenge_assurance(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_changeable_by(request.user, pk)
    if challenge is None:
        raise Http404
    form = AssuranceForm(request.POST or None, initial={"assured_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_record_assurance(
                actor=request.user,
                challenge=challenge,
                assurance_received=form.cleaned_data["assurance_received"],
                assurance=form.cleaned_data["assurance"],
                assured_on=form.cleaned_data["assured_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The assurance has been recorded.")
            return redirect("risks:challenge", pk=challenge.pk)
    return render(
        request,
        "risks/challenge_assurance.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


def _state_change(request: SignedInRequest, pk: int, change: Any, done: str) -> HttpResponse:
    challenge = selectors.challenge_changeable_by(request.user, pk)
    if challenge is None:
        raise Http404
    try:
        change(actor=request.user, challenge=challenge)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("risks:challenge", pk=challenge.pk)


@requires(Permission.RAISE_CHALLENGES)
@require_POST
def challenge_close(request: SignedInRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.challenge_close, "The challenge has been closed.")


@requires(Permission.RAISE_CHALLENGES)
@require_POST
def challenge_reopen(request: SignedInRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.challenge_reopen, "The challenge has been reopened.")
