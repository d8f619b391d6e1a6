"""Pages for local submissions: the list of figures submitted, and the CSV upload."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.permissions import Permission, permits
from masa.documents.uploads import Kind, UploadRefused, detect_kind, read_limited
from masa.performance.submissions import (
    COLUMNS,
    Problem,
    RowsRefused,
    choose_partnership,
    submissions_for,
    submit_rows,
    submitting_partnerships,
)

_DONE = "performance_submission_upload"


@requires(Permission.VIEW_SUBMISSIONS)
@require_safe
def submission_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "performance/submissions.html",
        {
            "submissions": list(submissions_for(request.user)),
            "can_submit": permits(request.user, Permission.SUBMIT_DATA),
        },
    )


def read_csv(data: bytes) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The rows of a UTF-8 CSV file (with or without a byte order mark), each with its line
    number as `_row`; or the problems with its header."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [], [
            Problem(1, column, f"The first row must name the columns; add a column “{column}”")
            for column in missing
        ]
    rows: list[dict[str, Any]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[str, Any] = dict(zip(header, cells, strict=False))
        row["_row"] = reader.line_num
        rows.append(row)
    return rows, []


@requires(Permission.SUBMIT_DATA)
@require_http_methods(["GET", "POST"])
def submission_upload(request: SignedInRequest) -> HttpResponse:
    partnerships = submitting_partnerships(request.user)
    context: dict[str, Any] = {
        "partnerships": partnerships,
        "columns": COLUMNS,
        "file_error": "",
        "problems": [],
        "chosen": request.POST.get("partnership", ""),
    }
    done = request.session.pop(_DONE, None) if request.method == "GET" else None
    if done:
        ids = done.get("saved", [])
        context["saved"] = list(submissions_for(request.user).filter(pk__in=ids))
        context["replaced"] = done.get("replaced", 0)
    if request.method == "POST":
        partnership = choose_partnership(request.user, request.POST.get("partnership"))
        upload = request.FILES.get("file")
        if partnership is None:
            context["partnership_error"] = "Select the partnership the figures are for"
        if upload is None:
            context["file_error"] = "Select a CSV file"
        else:
            try:
                data = read_limited(upload)
                if not data:
                    raise UploadRefused("empty", "The selected file is empty")
                if detect_kind(data, name=upload.name or "") not in (Kind.CSV, Kind.TEXT):
                    raise UploadRefused("type_not_allowed", "The selected file must be a CSV")
            except UploadRefused as refused:
                context["file_error"] = str(refused.message)
            else:
                rows, problems = read_csv(data)
                if not problems and partnership is not None:
                    try:
                        result = submit_rows(rows, actor=request.user, partnership=partnership)
                    except RowsRefused as refused:
                        problems = refused.problems
                    else:
                        request.session[_DONE] = {
                            "saved": [s.pk for s in result.saved],
                            "replaced": result.replaced,
                        }
                        return redirect("performance:submission-upload")
                context["problems"] = problems
        has_problems = (
            context["file_error"] or context["problems"] or "partnership_error" in context
        )
        status = 400 if has_problems else 200
        return render(request, "performance/submission_upload.html", context, status=status)
    return render(request, "performance/submission_upload.html", context)
