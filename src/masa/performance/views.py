"""Pages for local submissions: the list of figures submitted, and the CSV upload."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.accounts.models import Organisation
from masa.core.access import SignedInRequest, requires
from masa.core.permissions import Permission, permits
from masa.documents.uploads import Kind, UploadRefused, detect_kind, read_limited
from masa.partnership.models import Partnership
from masa.performance.breakdowns import (
    CHARACTERISTICS,
    FEWER_THAN,
    categories,
    characteristic_label,
    table,
)
from masa.performance.models import Frequency, Indicator, IndicatorSource, Submission
from masa.performance.submissions import (
    COLUMNS,
    DAYS_TO_SUBMIT,
    Problem,
    RowsRefused,
    agency_leads,
    check_rows,
    choose_partnership,
    current_period,
    due_on,
    figures_expected,
    organisations_for,
    parse_period,
    partnerships_where,
    period_end,
    period_label,
    recent_periods,
    send_submission_reminders,
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
            "can_manage": permits(request.user, Permission.MANAGE_PERFORMANCE),
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
        "characteristics": [(c, label, cats) for c, (label, cats) in CHARACTERISTICS.items()],
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


# -- One figure by form ---------------------------------------------------------------------


def _choices_for(user: Any, partnership: Partnership) -> tuple[list[Organisation], list[Indicator]]:
    organisations = organisations_for(user, partnership)
    kinds = {organisation.kind for organisation in organisations}
    indicators = list(
        Indicator.objects.filter(source=IndicatorSource.LOCAL, submitted_by__in=kinds)
    )
    return organisations, indicators


def _breakdown_rows(post: Any, indicator: Indicator) -> list[dict[str, str]]:
    """The breakdown boxes filled in: a characteristic with no box filled is left out, a box
    left empty in a characteristic that has others filled counts as 0."""
    rows = []
    for characteristic in indicator.breakdown_characteristics:
        boxes = {
            code: str(post.get(f"bd-{characteristic}-{code}", "")).strip()
            for code, _ in categories(characteristic)
        }
        if any(boxes.values()):
            rows += [
                {"characteristic": characteristic, "category": code, "count": text or "0"}
                for code, text in boxes.items()
            ]
    return rows


@requires(Permission.SUBMIT_DATA)
@require_http_methods(["GET", "POST"])
def submission_new(request: SignedInRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    partnerships = submitting_partnerships(request.user)
    partnership = choose_partnership(request.user, data.get("partnership"))
    context: dict[str, Any] = {"partnerships": partnerships, "partnership": partnership}
    if partnership is None:
        if partnerships:
            context["errors"] = (
                {"partnership": "Select the partnership the figure is for"}
                if data.get("partnership")
                else {}
            )
            return render(request, "performance/submission_choose.html", context)
        raise Http404
    organisations, indicators = _choices_for(request.user, partnership)
    context.update(organisations=organisations, indicators=indicators)
    indicator = next((i for i in indicators if i.code == data.get("indicator")), None)
    if indicator is None:
        context["errors"] = (
            {"indicator": "Select the indicator you are submitting a figure for"}
            if "indicator" in data
            else {}
        )
        status = 400 if context["errors"] else 200
        return render(request, "performance/submission_choose.html", context, status=status)

    today = timezone.localdate()
    quarterly = indicator.frequency == Frequency.QUARTERLY
    periods = [period_label(*p) for p in recent_periods(today, quarterly=quarterly)]
    year, quarter = current_period(today)
    suggested = period_label(year, quarter if quarterly else 0)
    if not quarterly and quarter != 4:
        suggested = period_label(year - 1, 0)
    own = [o for o in organisations if o.kind == indicator.submitted_by]
    typed = {
        "organisation": data.get("organisation", str(own[0].pk) if len(own) == 1 else ""),
        "period": data.get("period", suggested),
        "value": data.get("value", ""),
    }
    boxes = {key: value for key, value in data.items() if key.startswith("bd-")}
    context.update(
        indicator=indicator,
        own=own,
        periods=periods,
        typed=typed,
        boxes=boxes,
        breakdowns=[
            (c, characteristic_label(c), categories(c)) for c in indicator.breakdown_characteristics
        ],
        errors={},
        breakdown_errors=[],
    )
    replacing = current_value(
        request.user, partnership, indicator, typed["organisation"], typed["period"]
    )
    context["replacing"] = replacing
    if request.method == "GET":
        return render(request, "performance/submission_form.html", context)

    row = {
        "indicator": indicator.code,
        "organisation": typed["organisation"],
        "period": typed["period"],
        "value": typed["value"],
        "breakdowns": _breakdown_rows(request.POST, indicator),
    }
    problems, _clean = check_rows([row], user=request.user, partnership=partnership, first_row=1)
    if problems:
        for problem in problems:
            if problem.column == "breakdowns":
                context["breakdown_errors"].append(problem.message)
            else:
                context["errors"].setdefault(problem.column, problem.message)
        return render(request, "performance/submission_form.html", context, status=400)
    if replacing is not None and request.POST.get("replace") != str(replacing.pk):
        context["confirm_replace"] = True
        return render(request, "performance/submission_form.html", context)
    try:
        result = submit_rows([row], actor=request.user, partnership=partnership, first_row=1)
    except RowsRefused as refused:  # changed between the check and the save
        context["breakdown_errors"] = [str(problem) for problem in refused.problems]
        return render(request, "performance/submission_form.html", context, status=400)
    saved = result.saved[0]
    messages.success(
        request,
        f"{indicator.title}: {saved.value.normalize():f} saved for {saved.organisation.name}, "
        f"{saved.period_label}" + (", replacing the earlier value." if result.replaced else "."),
    )
    return redirect("performance:submission", pk=saved.pk)


def current_value(
    user: Any, partnership: Partnership, indicator: Indicator, organisation: str, period: str
) -> Submission | None:
    """The value a submission for this organisation and period would replace, if the person
    may see it."""
    parsed = parse_period(period, timezone.localdate().year)
    if not organisation.strip().isdigit() or isinstance(parsed, str):
        return None
    return (
        Submission.objects.visible_to(user)
        .current()
        .filter(
            partnership=partnership,
            indicator=indicator,
            organisation_id=int(organisation),
            year=parsed[0],
            quarter=parsed[1],
        )
        .select_related("submitted_by")
        .first()
    )


@requires(Permission.VIEW_SUBMISSIONS)
@require_safe
def submission_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        submissions_for(request.user, history=True).prefetch_related("breakdowns"), pk=pk
    )
    exact = Submission.objects.changeable_by(request.user).filter(pk=pk).exists()
    history = list(
        submissions_for(request.user, history=True)
        .filter(
            partnership=submission.partnership,
            indicator=submission.indicator,
            organisation=submission.organisation,
            year=submission.year,
            quarter=submission.quarter,
        )
        .order_by("-submitted_at", "-pk")
    )
    rows = [(b.characteristic, b.category, b.count) for b in submission.breakdowns.all()]
    return render(
        request,
        "performance/submission_detail.html",
        {
            "submission": submission,
            "history": history,
            "exact": exact,
            "tables": table(rows, submission.indicator.breakdown_characteristics, exact=exact),
            "fewer_than": FEWER_THAN,
        },
    )


# -- Who has not submitted ------------------------------------------------------------------


def _managed_partnership(request: SignedInRequest, data: Any) -> Partnership:
    partnerships = partnerships_where(request.user, Permission.MANAGE_PERFORMANCE)
    chosen = data.get("partnership")
    if chosen:
        found = next((p for p in partnerships if str(p.pk) == chosen.strip()), None)
        if found is None:
            raise Http404
        return found
    if not partnerships:
        raise Http404
    return partnerships[0]


def _chosen_period(text: str | None) -> tuple[int, int] | None:
    today = timezone.localdate()
    if not text:
        return current_period(today)
    parsed = parse_period(text, today.year)
    if isinstance(parsed, str) or not parsed[1]:
        return None
    return parsed


@requires(Permission.MANAGE_PERFORMANCE)
@require_safe
def outstanding(request: SignedInRequest) -> HttpResponse:
    partnership = _managed_partnership(request, request.GET)
    period = _chosen_period(request.GET.get("period"))
    today = timezone.localdate()
    error = "" if period else 'Choose a quarter from the list, like "2016/17 Q4"'
    figures = figures_expected(partnership, *(period or current_period(today)), today=today)
    leads = agency_leads(partnership, [o.organisation.pk for o in figures.organisations])
    return render(
        request,
        "performance/outstanding.html",
        {
            "figures": figures,
            "leads": {pk: len(people) for pk, people in leads.items()},
            "periods": [
                period_label(*p)
                for p in recent_periods(today)
                if due_on(*p) is not None and period_end(*p) <= today
            ],
            "chosen": request.GET.get("period") or figures.label,
            "period_error": error,
            "days_to_submit": DAYS_TO_SUBMIT,
            "partnerships": partnerships_where(request.user, Permission.MANAGE_PERFORMANCE),
        },
        status=400 if error else 200,
    )


@requires(Permission.MANAGE_PERFORMANCE)
@require_POST
def send_reminders(request: SignedInRequest) -> HttpResponse:
    partnership = _managed_partnership(request, request.POST)
    period = _chosen_period(request.POST.get("period"))
    if period is None:
        raise Http404
    organisation = request.POST.get("organisation", "").strip()
    only = [int(organisation)] if organisation.isdigit() else None
    sent = send_submission_reminders(
        actor=request.user,
        partnership=partnership,
        year=period[0],
        quarter=period[1],
        organisation_ids=only,
    )
    label = period_label(*period)
    if sent:
        people = sum(reminder.recipients for reminder in sent)
        messages.success(
            request,
            f"Reminders for {label} sent to {people} agency safeguarding lead"
            f"{'s' if people != 1 else ''} in {len(sent)} organisation"
            f"{'s' if len(sent) != 1 else ''}.",
        )
    else:
        messages.warning(
            request,
            f"No reminder was sent: no organisation with figures outstanding for {label} has "
            "an agency safeguarding lead with an e-mail address in MASA.",
        )
    query = urlencode({"period": label, "partnership": partnership.pk})
    return redirect(f"{reverse('performance:submissions-outstanding')}?{query}")
