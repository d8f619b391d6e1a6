"""Pages for papers: add one to an agenda item, download one, remove one.

A download is always an attachment named by the paper's id, sent with `nosniff` and a
sandboxing Content Security Policy, so a browser never renders an uploaded file as a page of
MASA. The files are reachable through `paper_download` only: nothing serves the upload root.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.permissions import Permission
from masa.documents import uploads
from masa.documents.forms import PaperForm
from masa.documents.models import Paper
from masa.documents.papers import (
    UploadRefused,
    agenda_item_changeable_by,
    paper_download_opened,
    paper_remove,
    paper_upload,
)

# The file can do nothing in a browser: no scripts, no plug-ins, no frames, no base URL.
DOWNLOAD_POLICY = (
    "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def paper_add(request: SignedInRequest, pk: int) -> HttpResponse:
    item = agenda_item_changeable_by(request.user, pk)
    if item is None:
        raise Http404
    form = PaperForm(
        request.POST or None,
        request.FILES or None,
        max_megabytes=uploads.max_bytes() // uploads.MB,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            paper = paper_upload(
                actor=request.user,
                agenda_item=item,
                title=form.cleaned_data["title"],
                file=upload,
                filename=upload.name or "",
            )
        except UploadRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            messages.success(request, f"The paper ‘{paper.title}’ has been added.")
            return redirect("partnership:meeting", pk=item.meeting_id)
    return render(
        request,
        "documents/paper_add.html",
        {"item": item, "meeting": item.meeting, "form": form},
        status=400 if form.errors else 200,
    )


@requires(Permission.VIEW_MEETINGS)
@require_safe
def paper_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    paper = Paper.objects.visible_to(request.user).filter(pk=pk).first()
    if paper is None:
        raise Http404
    try:
        handle = paper_download_opened(actor=request.user, paper=paper)
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=paper.download_name,
        content_type=paper.file_kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


@requires(Permission.MANAGE_MEETINGS)
@require_POST
def paper_remove_view(request: SignedInRequest, pk: int) -> HttpResponse:
    paper = (
        Paper.objects.changeable_by(request.user)
        .select_related("agenda_item")
        .filter(pk=pk)
        .first()
    )
    if paper is None:
        raise Http404
    paper_remove(actor=request.user, paper=paper)
    messages.success(request, f"The paper ‘{paper.title}’ has been removed.")
    return redirect("partnership:meeting", pk=paper.agenda_item.meeting_id)
