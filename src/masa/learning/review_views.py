"""Pages for practice reviews and other learning reviews, their findings, recommendations and
publication; the theme view; and the public pages of published reviews.

Every read of a review page is an audit event (SECURITY.md T15). Page titles carry the
review's title (pseudonyms only) or its id. The public pages read only what was published:
the title, the dates, the approved summary and its file.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from masa.core import audit
from masa.core.access import SignedInRequest, public, requires
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits
from masa.documents import uploads
from masa.documents.uploads import Kind
from masa.learning import recurrence, review_slots
from masa.learning import reviews as svc
from masa.learning.models import (
    ADVANCE_NOTICE_CLOCK,
    PUBLICATION_CLOCK,
    Finding,
    Publication,
    ReviewMilestone,
    ReviewPause,
    ReviewRecommendation,
    ReviewStatus,
    Theme,
)
from masa.learning.review_forms import (
    FindingForm,
    MilestoneForm,
    PauseForm,
    PublicationApproveForm,
    PublicationPrepareForm,
    RecommendationForm,
    ReviewChangeForm,
    ReviewStartForm,
)
from masa.learning.selectors import organisations_of

DOWNLOAD_POLICY = (
    "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DETAIL_FIELDS = (
    "kind",
    "title",
    "started_on",
    "reviewer_name",
    "reviewer_organisation",
    "methodology",
    "terms_of_reference",
)


def _form_page(request: SignedInRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context["form"]
    return render(request, template, context, status=400 if form.errors else 200)


# -- Reviews ----------------------------------------------------------------------------------


@requires(Permission.VIEW_REVIEWS)
@require_safe
def review_list(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    reviews = list(svc.reviews_for(request.user))
    if reviews:
        audit.record(
            actor=request.user,
            action="review_list.read",
            detail={"reviews": [review.pk for review in reviews]},
        )
    return render(
        request,
        "learning/reviews.html",
        {
            "rows": [(review, svc.clock_of(review, today)) for review in reviews],
            "can_start": permits(request.user, Permission.MANAGE_REVIEWS),
            "clock": PUBLICATION_CLOCK,
        },
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def review_start(request: SignedInRequest) -> HttpResponse:
    cases = svc.cases_to_review(request.user)
    initial: dict[str, Any] = {}
    case_id = request.GET.get("case", "")
    if case_id.isdigit() and cases.filter(pk=int(case_id)).exists():
        case = cases.get(pk=int(case_id))
        initial = {"case": case.pk, "title": case.pseudonym, "kind": "cspr"}
        if case.decided_on:
            initial["started_on"] = case.decided_on
    form = ReviewStartForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = svc.review_start(
                actor=request.user,
                case=data["case"],
                **{name: data[name] for name in DETAIL_FIELDS},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"The review ‘{review.title}’ has been started.")
            return redirect("learning:review", pk=review.pk)
    return _form_page(request, "learning/review_start.html", {"form": form})


@requires(Permission.VIEW_REVIEWS)
@require_safe
def review_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_for(request.user, pk)
    if review is None:
        raise Http404
    audit.record_read(actor=request.user, target=review)
    today = timezone.localdate()
    findings = list(review.findings.all())
    return render(
        request,
        "learning/review.html",
        {
            "review": review,
            "clock": svc.clock_of(review, today),
            "rule": PUBLICATION_CLOCK,
            "notice_rule": ADVANCE_NOTICE_CLOCK,
            "pauses": [(p, p.days(today)) for p in review.pauses.all()],
            "milestones": [(m, m.is_late(today)) for m in review.milestones.all()],
            "findings": [f for f in findings if f.kind == "finding"],
            "good_practice": [f for f in findings if f.kind == "good_practice"],
            "recommendations": list(review.recommendations.all()),
            "publications": list(review.publications.all()),
            "can_manage": svc.can_manage(request.user, review),
            "can_approve": svc.can_approve(request.user, review),
            **review_slots.review_extras(request.user, review),
        },
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def review_change(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    fields = (*DETAIL_FIELDS, "status", "publication_planned_on", "advance_notice_sent_on")
    form = ReviewChangeForm(
        request.POST or None,
        initial={name: getattr(review, name) for name in fields},
        published=review.status == ReviewStatus.PUBLISHED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.review_change(
                actor=request.user,
                review=review,
                changes={name: form.cleaned_data[name] for name in fields},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The review has been saved.")
            return redirect("learning:review", pk=review.pk)
    return _form_page(request, "learning/review_change.html", {"form": form, "review": review})


# -- Pauses and milestones --------------------------------------------------------------------


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def pause_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    form = PauseForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            svc.pause_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The pause has been recorded.")
            return redirect("learning:review", pk=review.pk)
    return _form_page(
        request,
        "learning/review_pause.html",
        {"form": form, "review": review, "heading": "Record a pause"},
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def pause_change(request: SignedInRequest, pk: int) -> HttpResponse:
    pause = (
        ReviewPause.objects.changeable_by(request.user)
        .select_related("review")
        .filter(pk=pk)
        .first()
    )
    if pause is None:
        raise Http404
    fields = ("reason", "note", "started_on", "ended_on")
    initial = {name: getattr(pause, name) for name in fields}
    if pause.ended_on is None:
        initial["ended_on"] = None
    form = PauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.pause_change(actor=request.user, pause=pause, changes=form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The pause has been saved.")
            return redirect("learning:review", pk=pause.review_id)
    return _form_page(
        request,
        "learning/review_pause.html",
        {"form": form, "review": pause.review, "heading": "Change a pause"},
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def milestone_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.milestone_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The milestone has been added.")
            return redirect("learning:review", pk=review.pk)
    return _form_page(
        request,
        "learning/review_milestone.html",
        {"form": form, "review": review, "heading": "Add a milestone"},
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def milestone_change(request: SignedInRequest, pk: int) -> HttpResponse:
    milestone = (
        ReviewMilestone.objects.changeable_by(request.user)
        .select_related("review")
        .filter(pk=pk)
        .first()
    )
    if milestone is None:
        raise Http404
    fields = ("what", "due_on", "done_on", "quality_note")
    form = MilestoneForm(
        request.POST or None, initial={name: getattr(milestone, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.milestone_change(actor=request.user, milestone=milestone, changes=form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The milestone has been saved.")
            return redirect("learning:review", pk=milestone.review_id)
    return _form_page(
        request,
        "learning/review_milestone.html",
        {"form": form, "review": milestone.review, "heading": "Change a milestone"},
    )


# -- Findings and recommendations -------------------------------------------------------------


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def finding_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    form = FindingForm(
        request.POST or None, themes=svc.active_themes(), initial={"kind": "finding"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = svc.finding_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The finding has been added.")
            return redirect("learning:review-finding", pk=finding.pk)
    return _form_page(
        request,
        "learning/review_finding.html",
        {"form": form, "review": review, "heading": "Add a finding or good practice"},
    )


@requires(Permission.VIEW_REVIEWS)
@require_http_methods(["GET", "POST"])
def finding_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A finding, with the earlier learning that resembles it; changed here by the business
    unit."""
    finding = (
        Finding.objects.visible_to(request.user)
        .select_related("review")
        .prefetch_related("themes")
        .filter(pk=pk)
        .first()
    )
    if finding is None:
        raise Http404
    changeable = Finding.objects.changeable_by(request.user).filter(pk=pk).exists()
    if request.method == "POST" and not changeable:
        raise Http404
    audit.record_read(actor=request.user, target=finding)
    current = list(finding.themes.all())
    # Themes retired since stay ticked on a finding that has them.
    themes = Theme.objects.filter(active=True) | Theme.objects.filter(
        pk__in=[t.pk for t in current]
    )
    form = FindingForm(
        request.POST or None,
        themes=themes.distinct().order_by("name"),
        initial={"kind": finding.kind, "text": finding.text, "themes": current},
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.finding_change(actor=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The finding has been saved.")
            return redirect("learning:review-finding", pk=finding.pk)
    return _form_page(
        request,
        "learning/review_entry.html",
        {
            "form": form,
            "review": finding.review,
            "entry": finding,
            "entry_kind": finding.get_kind_display(),
            "themes": current,
            "changeable": changeable,
            "matches": recurrence.resembling_finding(request.user, finding),
        },
    )


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def recommendation_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    form = RecommendationForm(
        request.POST or None,
        themes=svc.active_themes(),
        organisations=organisations_of({review.partnership_id}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = svc.recommendation_add(
                actor=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The recommendation has been added.")
            return redirect("learning:review-recommendation", pk=recommendation.pk)
    return _form_page(
        request,
        "learning/review_recommendation.html",
        {"form": form, "review": review, "heading": "Add a recommendation"},
    )


@requires(Permission.VIEW_REVIEWS)
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = (
        ReviewRecommendation.objects.visible_to(request.user)
        .select_related("review")
        .prefetch_related("themes", "addressed_to")
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404
    changeable = ReviewRecommendation.objects.changeable_by(request.user).filter(pk=pk).exists()
    if request.method == "POST" and not changeable:
        raise Http404
    audit.record_read(actor=request.user, target=recommendation)
    current = list(recommendation.themes.all())
    themes = Theme.objects.filter(active=True) | Theme.objects.filter(
        pk__in=[t.pk for t in current]
    )
    form = RecommendationForm(
        request.POST or None,
        themes=themes.distinct().order_by("name"),
        organisations=organisations_of({recommendation.review.partnership_id}),
        initial={
            "text": recommendation.text,
            "themes": current,
            "addressed_to": list(recommendation.addressed_to.all()),
            "addressed_to_partnership": recommendation.addressed_to_partnership,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.recommendation_change(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The recommendation has been saved.")
            return redirect("learning:review-recommendation", pk=recommendation.pk)
    return _form_page(
        request,
        "learning/review_entry.html",
        {
            "form": form,
            "review": recommendation.review,
            "entry": recommendation,
            "entry_kind": "Recommendation",
            "themes": current,
            "addressed_to": list(recommendation.addressed_to.all()),
            "changeable": changeable,
            "matches": recurrence.resembling_finding(request.user, recommendation),
        },
    )


# -- Publication ------------------------------------------------------------------------------


@requires(Permission.MANAGE_REVIEWS)
@require_http_methods(["GET", "POST"])
def publication_prepare(request: SignedInRequest, pk: int) -> HttpResponse:
    review = svc.review_changeable_by(request.user, pk)
    if review is None:
        raise Http404
    form = PublicationPrepareForm(
        request.POST or None,
        request.FILES or None,
        max_megabytes=uploads.max_bytes() // uploads.MB,
        initial={"what": "summary"},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            svc.publication_prepare(
                actor=request.user,
                review=review,
                what=form.cleaned_data["what"],
                summary=form.cleaned_data["summary"],
                file=upload,
                filename=upload.name or "",
            )
        except uploads.UploadRefused as refusal:
            form.add_error("file", refusal.message)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, "The publication is ready. A second person must now approve it."
            )
            return redirect("learning:review", pk=review.pk)
    return _form_page(
        request, "learning/review_publication_prepare.html", {"form": form, "review": review}
    )


@requires(Permission.VIEW_REVIEWS)
@require_http_methods(["GET", "POST"])
def publication_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    """Anyone who sees the review sees what awaits approval and who may give it; only a
    delegated partner or the chair who did not prepare it may approve."""
    if request.method == "POST" and not permits(
        request.user, Permission.APPROVE_REVIEW_PUBLICATION
    ):
        raise PermissionDenied
    publication = (
        Publication.objects.visible_to(request.user)
        .select_related("review", "prepared_by")
        .filter(pk=pk)
        .first()
    )
    if publication is None:
        raise Http404
    may_approve = svc.can_approve(request.user, publication.review)
    if request.method == "POST" and not may_approve:
        raise Http404  # an approver of another partnership: out of reach
    form = PublicationApproveForm(
        request.POST or None, initial={"published_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.publication_approve(
                actor=request.user,
                publication=publication,
                published_on=form.cleaned_data["published_on"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The publication has been approved and is now public.")
            return redirect("learning:review", pk=publication.review_id)
    return _form_page(
        request,
        "learning/review_publication_approve.html",
        {
            "form": form,
            "publication": publication,
            "review": publication.review,
            "own": publication.prepared_by_id == request.user.pk,
            "may_approve": may_approve,
        },
    )


def _file_response(publication: Publication, handle: Any) -> FileResponse:
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=publication.download_name,
        content_type=Kind(publication.file_kind).content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


@requires(Permission.VIEW_REVIEWS)
@require_safe
def publication_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    publication = Publication.objects.visible_to(request.user).filter(pk=pk).first()
    if publication is None or not publication.stored_name:
        raise Http404
    try:
        handle = svc.publication_opened(actor=request.user, publication=publication)
    except (OSError, ValueError):
        raise Http404 from None
    return _file_response(publication, handle)


# -- Themes -----------------------------------------------------------------------------------


@requires(Permission.VIEW_REVIEWS)
@require_safe
def theme_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "learning/themes.html",
        {"summaries": svc.theme_summaries(request.user)},
    )


@requires(Permission.VIEW_REVIEWS)
@require_safe
def theme_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    theme = Theme.objects.filter(pk=pk).first()
    if theme is None:
        raise Http404
    summary = svc.theme_summaries(request.user, Theme.objects.filter(pk=pk))[0]
    findings, recommendations = svc.theme_entries(request.user, theme)
    return render(
        request,
        "learning/theme.html",
        {
            "theme": theme,
            "summary": summary,
            "findings": findings,
            "recommendations": recommendations,
        },
    )


# -- The public pages -------------------------------------------------------------------------


@public
@require_safe
def published_list(request: Any) -> HttpResponse:
    return render(request, "learning/published.html", {"reviews": list(svc.published_reviews())})


@public
@require_safe
def published_detail(request: Any, pk: int) -> HttpResponse:
    found = svc.published_review(pk)
    if found is None:
        raise Http404
    review, publications = found
    return render(
        request,
        "learning/published_review.html",
        {"review": review, "publications": publications},
    )


@public
@require_safe
def published_file(request: Any, pk: int) -> HttpResponseBase:
    publication = svc.published_publication(pk)
    if publication is None or not publication.stored_name:
        raise Http404
    try:
        handle = svc.publication_opened(actor=request.user, publication=publication)
    except (OSError, ValueError):
        raise Http404 from None
    return _file_response(publication, handle)
