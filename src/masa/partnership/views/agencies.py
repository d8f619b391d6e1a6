"""Pages for the relevant agencies register (seed 001 §5.21; seed 002 "Relevant agencies"):
the list with its filters, one agency's entry, its edit form and the two review forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.accounts.models import AgencyCategory, Engagement
from masa.core.access import SignedInRequest, requires
from masa.core.forms import show_refusal
from masa.core.permissions import Permission
from masa.partnership import structure as selectors
from masa.partnership.structure import engagement_review, engagement_update, register_review
from masa.partnership.structure_forms import EngagementForm, RegisterFilterForm, ReviewForm


def _today_initial() -> dict[str, Any]:
    return {"reviewed_on": timezone.localdate()}


def _register_page(
    request: SignedInRequest, review_form: ReviewForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    filters = RegisterFilterForm(request.GET or None)
    category, overdue = "", False
    if filters.is_valid():
        category = filters.cleaned_data["category"]
        overdue = filters.cleaned_data["overdue"]
    rows = [
        (engagement, engagement.next_review_on is not None and engagement.next_review_on < today)
        for engagement in selectors.register_for(
            request.user, category=category, overdue=overdue, today=today
        )
    ]
    can_review = selectors.partnerships_to_review_register(request.user).exists()
    return render(
        request,
        "partnership/agencies.html",
        {
            "rows": rows,
            "filters": filters,
            "filtered": bool(category or overdue),
            "category_label": dict(AgencyCategory.choices).get(category, ""),
            "summary": selectors.register_summary(request.user, today),
            "reviews": selectors.latest_register_reviews(request.user),
            "can_review": can_review,
            "form": review_form or (ReviewForm(initial=_today_initial()) if can_review else None),
        },
        status=status,
    )


@requires(Permission.VIEW_AGENCY_REGISTER)
@require_safe
def agency_list(request: SignedInRequest) -> HttpResponse:
    return _register_page(request)


@requires(Permission.MANAGE_AGENCY_REGISTER)
@require_POST
def register_review_record(request: SignedInRequest) -> HttpResponse:
    partnerships = list(selectors.partnerships_to_review_register(request.user))
    if not partnerships:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            for partnership in partnerships:
                register_review(
                    actor=request.user,
                    partnership=partnership,
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    next_review_on=form.cleaned_data["next_review_on"],
                )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The review of the register has been recorded.")
            return redirect("partnership:agencies")
    return _register_page(request, form, status=400)


def _agency_page(
    request: SignedInRequest,
    engagement: Engagement,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = selectors.can_manage_engagement(request.user, engagement)
    return render(
        request,
        "partnership/agency.html",
        {
            "engagement": engagement,
            "organisation": engagement.organisation,
            "overdue": engagement.next_review_on is not None and engagement.next_review_on < today,
            "seats": selectors.seats_of_organisation(request.user, engagement),
            "can_manage": can_manage,
            "form": review_form or (ReviewForm(initial=_today_initial()) if can_manage else None),
        },
        status=status,
    )


@requires(Permission.VIEW_AGENCY_REGISTER)
@require_safe
def agency_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_for(request.user, pk)
    if engagement is None:
        raise Http404
    return _agency_page(request, engagement)


@requires(Permission.MANAGE_AGENCY_REGISTER)
@require_POST
def agency_review(request: SignedInRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_changeable_by(request.user, pk)
    if engagement is None:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            engagement_review(
                actor=request.user,
                engagement=engagement,
                reviewed_on=form.cleaned_data["reviewed_on"],
                next_review_on=form.cleaned_data["next_review_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, f"The review of {engagement.organisation.name} has been recorded."
            )
            return redirect("partnership:agency", pk=engagement.pk)
    return _agency_page(request, engagement, form, status=400)


@requires(Permission.MANAGE_AGENCY_REGISTER)
@require_http_methods(["GET", "POST"])
def agency_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_changeable_by(request.user, pk)
    if engagement is None:
        raise Http404
    form = EngagementForm(
        request.POST or None,
        initial={
            "how_engaged": engagement.how_engaged,
            "since": engagement.since,
            "next_review_on": engagement.next_review_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement_update(
                actor=request.user,
                engagement=engagement,
                how_engaged=data["how_engaged"],
                since=data["since"],
                next_review_on=data["next_review_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{engagement.organisation.name} has been saved.")
            return redirect("partnership:agency", pk=engagement.pk)
    return render(
        request,
        "partnership/agency_form.html",
        {"form": form, "engagement": engagement},
        status=400 if form.errors else 200,
    )
