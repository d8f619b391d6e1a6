"""Pages of the arrangements: the public's published versions (with what changed and a PDF),
and the business unit's draft, its sections, approval and statutory milestones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.arrangements import selectors
from masa.arrangements.diff import compare, title_changed
from masa.arrangements.forms import DetailsForm, MilestoneForm, SectionForm
from masa.arrangements.models import Version
from masa.arrangements.pdf import pdf_filename, version_pdf
from masa.arrangements.sections import SPECS, render_arrangements
from masa.arrangements.services import (
    arrangements_approve,
    arrangements_start,
    details_change,
    milestone_record,
    section_change,
)
from masa.core.access import SignedInRequest, public, requires
from masa.core.calendar import ReportingYear
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, reach
from masa.partnership.models import Partnership

# -- Public -----------------------------------------------------------------------------------


@public
@require_safe
def published(request: HttpRequest) -> HttpResponse:
    partnership, latest, versions = selectors.published_arrangements()
    return render(
        request,
        "arrangements/published.html",
        {"partnership": partnership, "version": latest, "versions": versions},
    )


def _published_or_404(pk: int) -> Version:
    version = selectors.published_version(pk)
    if version is None:
        raise Http404
    return version


@public
@require_safe
def version(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published_or_404(pk)
    return render(
        request,
        "arrangements/version.html",
        {"version": found, "versions": selectors.versions_of(found.arrangements_id)},
    )


@public
@require_safe
def version_changes(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published_or_404(pk)
    before = selectors.version_before(found)
    changes = compare(before.snapshot if before else None, found.snapshot)
    return render(
        request,
        "arrangements/version_changes.html",
        {
            "version": found,
            "before": before,
            "changes": changes,
            "changed": [c for c in changes if c.changed],
            "title_changed": title_changed(before.snapshot if before else None, found.snapshot),
        },
    )


@public
@require_safe
def version_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published_or_404(pk)
    response = HttpResponse(version_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(found)}"'
    return response


# -- The business unit's draft ----------------------------------------------------------------


@requires(Permission.VIEW_ARRANGEMENT_DRAFTS)
@require_http_methods(["GET", "POST"])
def drafts(request: SignedInRequest) -> HttpResponse:
    """Every draft the person may see; POST starts the arrangements of a partnership."""
    if request.method == "POST":
        partnership_id = request.POST.get("partnership", "")
        allowed = reach(request.user, Permission.EDIT_ARRANGEMENTS).partnership_ids
        if not partnership_id.isdigit() or int(partnership_id) not in allowed:
            raise Http404
        partnership = Partnership.objects.get(pk=int(partnership_id))
        try:
            started = arrangements_start(
                actor=request.user,
                partnership=partnership,
                resourcing_year=ReportingYear.containing(timezone.localdate()).start_year,
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("arrangements:drafts")
        messages.success(request, "The draft arrangements have been started.")
        return redirect("arrangements:draft", pk=started.pk)
    return render(
        request,
        "arrangements/drafts.html",
        {
            "drafts": selectors.drafts_for(request.user),
            "to_start": selectors.partnerships_without_arrangements(request.user),
        },
    )


@requires(Permission.VIEW_ARRANGEMENT_DRAFTS)
@require_safe
def draft(request: SignedInRequest, pk: int) -> HttpResponse:
    arrangements = selectors.draft_for(request.user, pk)
    if arrangements is None:
        raise Http404
    doc = render_arrangements(arrangements)
    by_key = {s.key: s for s in arrangements.sections.all()}
    sections = [
        (section, by_key.get(section["key"]), SPECS[section["key"]]) for section in doc["sections"]
    ]
    versions = selectors.versions_of(arrangements.pk)
    latest = (
        Version.objects.filter(pk=versions[0].pk).only("snapshot").first() if versions else None
    )
    return render(
        request,
        "arrangements/draft.html",
        {
            "arrangements": arrangements,
            "doc": doc,
            "sections": sections,
            "versions": versions,
            "unapproved_changes": latest is None or latest.snapshot != doc,
            "milestones": selectors.milestones_for(request.user, arrangements.partnership_id),
            "can_edit": selectors.can(request.user, Permission.EDIT_ARRANGEMENTS, arrangements),
            "can_approve": selectors.can(
                request.user, Permission.APPROVE_ARRANGEMENTS, arrangements
            ),
        },
    )


@requires(Permission.EDIT_ARRANGEMENTS)
@require_http_methods(["GET", "POST"])
def section_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    section = selectors.section_changeable_by(request.user, pk)
    if section is None:
        raise Http404
    form = SectionForm(request.POST or None, initial={"body": section.body})
    if request.method == "POST" and form.is_valid():
        try:
            section_change(actor=request.user, section=section, body=form.cleaned_data["body"])
        except ValidationError as refusal:
            for message in refusal.message_dict.get("body", refusal.messages):
                form.add_error("body", message)
        else:
            messages.success(request, f"The section ‘{section.get_key_display()}’ has been saved.")
            return redirect("arrangements:draft", pk=section.arrangements_id)
    return render(
        request,
        "arrangements/section_edit.html",
        {"section": section, "spec": SPECS[section.key], "form": form},
        status=400 if form.errors else 200,
    )


@requires(Permission.EDIT_ARRANGEMENTS)
@require_http_methods(["GET", "POST"])
def details_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    arrangements = selectors.draft_changeable_by(request.user, pk)
    if arrangements is None:
        raise Http404
    year = arrangements.resourcing_year
    form = DetailsForm(
        request.POST or None,
        initial={
            "title": arrangements.title,
            "resourcing_year": ReportingYear(year).label if year else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            details_change(
                actor=request.user,
                arrangements=arrangements,
                title=form.cleaned_data["title"],
                resourcing_year=form.cleaned_data["resourcing_year"],
            )
        except ValidationError as refusal:
            for field, problems in refusal.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, "The title and budget year have been saved.")
            return redirect("arrangements:draft", pk=arrangements.pk)
    return render(
        request,
        "arrangements/details_edit.html",
        {"arrangements": arrangements, "form": form},
        status=400 if form.errors else 200,
    )


@requires(Permission.APPROVE_ARRANGEMENTS)
@require_POST
def approve(request: SignedInRequest, pk: int) -> HttpResponse:
    arrangements = selectors.draft_approvable_by(request.user, pk)
    if arrangements is None:
        raise Http404
    try:
        version_made = arrangements_approve(actor=request.user, arrangements=arrangements)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            f"Version {version_made.number} has been approved and published.",
        )
    return redirect("arrangements:draft", pk=arrangements.pk)


@requires(Permission.EDIT_ARRANGEMENTS)
@require_http_methods(["GET", "POST"])
def milestone_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_changeable_by(request.user, pk)
    if milestone is None:
        raise Http404
    done = milestone.done_on or timezone.localdate()
    form = MilestoneForm(request.POST or None, initial={"done_on": done})
    arrangements = getattr(milestone.partnership, "arrangements", None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_record(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"‘{milestone.title}’ has been recorded as done.")
            if arrangements is not None:
                return redirect("arrangements:draft", pk=arrangements.pk)
            return redirect("arrangements:drafts")
    return render(
        request,
        "arrangements/milestone_edit.html",
        {
            "milestone": milestone,
            "form": form,
            "arrangements": arrangements,
            "overdue": milestone.is_overdue(timezone.localdate()),
        },
        status=400 if form.errors else 200,
    )
