"""Pages for cases for consideration, notifications and rapid reviews.

Every read of a case is an audit event (SECURITY.md T15). Page titles carry the reference,
never the pseudonym or anything written about the child.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from masa.core import audit
from masa.core.access import SignedInRequest, requires
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits
from masa.learning import selectors, services
from masa.learning.forms import (
    CaseRaiseForm,
    InfoRequestForm,
    NotificationForm,
    RapidReviewForm,
    ReplyForm,
)
from masa.learning.models import NOTIFICATION_CLOCK, RAPID_REVIEW_CLOCK, Case, Criterion, Review
from masa.learning.recurrence import resembling_case


@dataclass(frozen=True)
class Clock:
    what: str
    by_whom: str
    due: datetime.date | None
    done_on: datetime.date | None
    state: str  # "not started", "due", "done", "late", "done late"

    @property
    def tag(self) -> str:
        return {
            "due": "govuk-tag--blue",
            "done": "govuk-tag--green",
            "late": "govuk-tag--red",
            "done late": "govuk-tag--orange",
        }.get(self.state, "govuk-tag--grey")


def _state(due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return "not started"
    if done is not None:
        return "done late" if done > due else "done"
    return "late" if today > due else "due"


def clocks_of(case: Case, today: datetime.date) -> list[Clock]:
    return [
        Clock(
            f"Notify the national Panel ({NOTIFICATION_CLOCK.working_days} working days)",
            "The local authority",
            case.notification_due_on,
            case.notified_on,
            _state(case.notification_due_on, case.notified_on, today),
        ),
        Clock(
            f"Send the rapid review to the Panel ({RAPID_REVIEW_CLOCK.working_days} working days)",
            "The safeguarding partners, through the business unit",
            case.rapid_review_due_on,
            case.rapid_review_sent_on,
            _state(case.rapid_review_due_on, case.rapid_review_sent_on, today),
        ),
    ]


@requires(Permission.VIEW_CASES)
@require_safe
def case_list(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    cases = list(selectors.cases_for(request.user).order_by("-raised_on", "-pk"))
    if cases:
        audit.record(
            actor=request.user,
            action="case_list.read",
            detail={"cases": [case.pk for case in cases]},
        )
    return render(
        request,
        "learning/cases.html",
        {
            "rows": [(case, clocks_of(case, today)) for case in cases],
            "can_raise": permits(request.user, Permission.RAISE_CASES),
        },
    )


@requires(Permission.VIEW_CASES)
@require_safe
def case_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    if case is None:
        raise Http404
    audit.record_read(actor=request.user, target=case)
    today = timezone.localdate()
    return render(
        request,
        "learning/case.html",
        {
            "case": case,
            "clocks": clocks_of(case, today),
            "requests": [(r, r.is_late(today)) for r in case.info_requests.all()],
            "can_manage": selectors.can_manage(request.user, case),
            "reviews": list(
                Review.objects.visible_to(request.user).filter(case=case).order_by("started_on")
            ),
            "can_start_review": permits(request.user, Permission.MANAGE_REVIEWS),
            "matches": resembling_case(request.user, case),
        },
    )


@requires(Permission.RAISE_CASES)
@require_http_methods(["GET", "POST"])
def case_raise(request: SignedInRequest) -> HttpResponse:
    organisations = selectors.raising_organisations(request.user)
    partnerships = selectors.partnerships_of_reach(request.user, Permission.RAISE_CASES)
    form = CaseRaiseForm(
        request.POST or None,
        organisations=organisations,
        agencies=selectors.organisations_of({p.pk for p in partnerships}),
        initial={"raised_by_organisation": organisations[0].pk} if len(organisations) == 1 else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_raise(
                actor=request.user,
                organisation=data["raised_by_organisation"],
                what_happened=data["what_happened"],
                age_band=data["age_band"],
                circumstances=data["circumstances"],
                agencies=data["agencies_involved"],
                why_criteria=data["why_criteria"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Case {case.reference} has been sent to the business unit.")
            if selectors.case_for(request.user, case.pk) is None:
                return redirect("core:home")
            return redirect("learning:case", pk=case.pk)
    return render(
        request,
        "learning/case_raise.html",
        {"form": form, "criteria": [c.label for c in Criterion]},
        status=400 if form.errors else 200,
    )


def _manage(
    request: SignedInRequest, pk: int, form_class: Any, fields: tuple[str, ...], template: str
) -> HttpResponse:
    case = selectors.case_changeable_by(request.user, pk)
    if case is None:
        raise Http404
    initial = {name: services.current_value(case, name) for name in fields}
    if "partners_agree" in initial:
        initial["partners_agree"] = {True: "yes", False: "no"}.get(initial["partners_agree"], "")
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_change(
                actor=request.user,
                case=case,
                changes={name: form.cleaned_data[name] for name in fields},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"Case {case.reference} has been saved.")
            return redirect("learning:case", pk=case.pk)
    today = timezone.localdate()
    return render(
        request,
        template,
        {"form": form, "case": case, "clocks": clocks_of(case, today)},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_CASES)
@require_http_methods(["GET", "POST"])
def case_notification(request: SignedInRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        NotificationForm,
        ("pseudonym", "became_aware_on", "notified_on"),
        "learning/case_notification.html",
    )


@requires(Permission.MANAGE_CASES)
@require_http_methods(["GET", "POST"])
def case_rapid_review(request: SignedInRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        RapidReviewForm,
        (
            "rapid_review_meeting_on",
            "decided_on",
            "criteria",
            "recommendation",
            "partners_agree",
            "scrutineer_view",
            "rapid_review_sent_on",
            "panel_response",
            "panel_response_on",
        ),
        "learning/case_rapid_review.html",
    )


@requires(Permission.MANAGE_CASES)
@require_http_methods(["GET", "POST"])
def info_request_add(request: SignedInRequest, pk: int) -> HttpResponse:
    case = selectors.case_changeable_by(request.user, pk)
    if case is None:
        raise Http404
    form = InfoRequestForm(
        request.POST or None,
        organisations=selectors.organisations_of({case.partnership_id}),
        initial={"requested_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.info_request_add(
                actor=request.user,
                case=case,
                organisation=data["organisation"],
                due_on=data["due_on"],
                requested_on=data["requested_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The request has been added to case {case.reference}.")
            return redirect("learning:case", pk=case.pk)
    return render(
        request,
        "learning/info_request.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_CASES)
@require_http_methods(["GET", "POST"])
def info_request_reply(request: SignedInRequest, pk: int) -> HttpResponse:
    info_request = selectors.info_request_changeable_by(request.user, pk)
    if info_request is None:
        raise Http404
    form = ReplyForm(request.POST or None, initial={"replied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.info_request_replied(
                actor=request.user, request=info_request, replied_on=form.cleaned_data["replied_on"]
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"The reply from {info_request.organisation.name} is recorded."
            )
            return redirect("learning:case", pk=info_request.case_id)
    return render(
        request,
        "learning/info_reply.html",
        {"form": form, "info_request": info_request, "case": info_request.case},
        status=400 if form.errors else 200,
    )
