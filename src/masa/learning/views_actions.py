"""Pages for review action plans and dissemination (issue 5 steps 6 and 7).

- /learning/actions/: the Learning and Improvement subgroup's list of every review action the
  person may see, filtered by status, organisation and overdue; what is due, by whom, when.
- /learning/actions/<id>/ and /edit/: one action; its owner, the owning organisation's lead
  and the business unit update status and evidence (closing needs evidence of completion),
  and the business unit changes the rest.
- /learning/recommendations/<id>/add-action/ and /learning/reviews/<id>/add-dissemination/:
  the business unit adds an action or records how the learning was spread.

Every read of an action page is an audit event (SECURITY.md T15), as for reviews.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from masa.core import audit
from masa.core.access import SignedInRequest, requires, signed_in
from masa.core.forms import show_refusal
from masa.core.permissions import Permission
from masa.learning import actions as svc
from masa.learning.action_forms import (
    ActionEditForm,
    ActionFilterForm,
    ActionPlanForm,
    ActionProgressForm,
    DisseminationForm,
)
from masa.learning.models import Review

PAGE_SIZE = 25


def _form_page(request: SignedInRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context["form"]
    return render(request, template, context, status=400 if form.errors else 200)


@requires(Permission.VIEW_REVIEWS)
@require_safe
def action_list(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ActionFilterForm(
        request.GET or None, organisations=svc.organisations_with_actions(request.user)
    )
    filters = svc.ActionFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = svc.ActionFilters(
            status=data["status"] or "",
            organisation=data["organisation"],
            overdue=bool(data["overdue"]),
        )
    page = Paginator(svc.actions_for(request.user, filters, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(action, action.is_late(today)) for action in page]
    if rows:
        audit.record(
            actor=request.user,
            action="review_action_list.read",
            detail={"actions": [action.pk for action, _ in rows]},
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "learning/actions.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": svc.action_counts(request.user, today),
            "filtered": filters != svc.ActionFilters(),
            "filter_query": params.urlencode(),
            "today": today,
        },
    )


@signed_in
@require_safe
def action_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """One action: its owner and the owning organisation's lead reach it from their home page."""
    action = svc.action_for(request.user, pk)
    if action is None:
        raise Http404
    audit.record_read(actor=request.user, target=action)
    review = action.recommendation.review
    return render(
        request,
        "learning/action.html",
        {
            "action": action,
            "review": review,
            "late": action.is_late(timezone.localdate()),
            "review_visible": Review.objects.visible_to(request.user).filter(pk=review.pk).exists(),
            "can_update": svc.can_update_action(request.user, action),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """The business unit changes anything; the owner and the owning organisation's lead update
    the status and evidence. Someone who may see the action but not change it gets 403."""
    action = svc.action_changeable_by(request.user, pk)
    if action is None:
        if svc.action_for(request.user, pk) is not None:
            raise PermissionDenied("You may see this action but not change it.")
        raise Http404
    review = action.recommendation.review
    manages = svc.can_manage_action(request.user, action)
    progress = {name: getattr(action, name) for name in svc.PROGRESS_FIELDS}
    form: ActionProgressForm
    if manages:
        plan = {name: getattr(action, name) for name in svc.PLAN_FIELDS}
        form = ActionEditForm(
            request.POST or None,
            initial={**plan, **progress},
            organisations=svc.organisations_for(review.partnership_id),
            people=svc.owners_of(review.partnership_id),
        )
    else:
        form = ActionProgressForm(request.POST or None, initial=progress)
    if request.method == "POST" and form.is_valid():
        try:
            svc.action_update(
                actor=request.user,
                action=action,
                changes={name: form.cleaned_data[name] for name in form.fields},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("learning:action", pk=action.pk)
    return _form_page(
        request,
        "learning/action_form.html",
        {
            "form": form,
            "action": action,
            "review": review,
            "heading": "Change the action" if manages else "Update the action",
            "manages": manages,
        },
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = svc.recommendation_for_actions(request.user, pk)
    if recommendation is None:
        raise Http404
    review = recommendation.review
    form = ActionPlanForm(
        request.POST or None,
        organisations=svc.organisations_for(review.partnership_id),
        people=svc.owners_of(review.partnership_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = svc.action_add(
                actor=request.user,
                recommendation=recommendation,
                **{name: form.cleaned_data[name] for name in svc.PLAN_FIELDS},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The action has been added to the action plan.")
            return redirect("learning:action", pk=action.pk)
    return _form_page(
        request,
        "learning/action_form.html",
        {
            "form": form,
            "recommendation": recommendation,
            "review": review,
            "heading": "Add an action",
            "manages": True,
        },
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def dissemination_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_for_dissemination(request.user, pk)
    if review is None:
        raise Http404
    form = DisseminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.dissemination_add(
                actor=request.user,
                review=review,
                kind=data["kind"],
                held_on=data["held_on"],
                audience=data["audience"],
                attendance=data["attendance"],
                notes=data["notes"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The dissemination has been recorded.")
            return redirect(reverse("learning:review", args=[review.pk]) + "#dissemination")
    return _form_page(request, "learning/dissemination_form.html", {"form": form, "review": review})
