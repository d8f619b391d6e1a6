"""The performance dashboard, the indicator pages and their CSV exports.

- /performance/: chosen indicators as small multiples (an SVG chart and its table each);
- /performance/indicators/<code>/: one indicator's definition, full history, chart,
  neighbours and, for a local indicator, the submissions behind its figures;
- /performance/export.csv and /performance/indicators/<code>/export.csv: the same figures.

The figures are the partnership's aggregate figures and national statistics (no child-level
data), shown to those holding VIEW_PERFORMANCE in the partnership. A person in several
partnerships chooses one with ?partnership=<id>; one out of their reach answers 404.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.forms import GovukForm
from masa.core.permissions import Permission, permits
from masa.partnership.models import Partnership
from masa.performance.charts import Chart, line_chart
from masa.performance.dashboard import (
    OGL_ATTRIBUTION,
    OGL_URL,
    POPULATION_SOURCE,
    SN_SOURCES,
    Cell,
    Dashboard,
    catalogue,
    choose_partnership,
    dashboard_for,
    default_codes,
    export_rows,
    find_indicator,
    performance_partnerships,
    year_label,
)
from masa.performance.models import Indicator

if TYPE_CHECKING:
    from django.http import QueryDict

_YEAR = re.compile(r"^(19|20)\d\d$")


class DashboardForm(GovukForm):
    """Which indicators to show and over which years (a GET form: nothing is changed)."""

    indicators = forms.MultipleChoiceField(
        label="Indicators",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select the indicators to compare.",
        error_messages={
            "invalid_choice": "There is no indicator with the code “%(value)s”; select "
            "indicators from the list",
        },
    )
    first = forms.ChoiceField(label="First year", required=False)
    last = forms.ChoiceField(label="Last year", required=False)

    def __init__(self, *args: Any, indicators: list[Indicator], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        year_choices = [(str(year), year_label(year)) for year in years]
        choices = {
            "indicators": [(i.code, i.title) for i in indicators],
            "first": [("", "The earliest year"), *year_choices],
            "last": [("", "The latest year"), *year_choices],
        }
        for name, options in choices.items():
            cast("forms.ChoiceField", self.fields[name]).choices = options
        self.fields["first"].error_messages["invalid_choice"] = (
            "Select a year from the list for the first year"
        )
        self.fields["last"].error_messages["invalid_choice"] = (
            "Select a year from the list for the last year"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and int(first) > int(last):
            self.add_error("last", "The last year must be the same as or after the first year")
        if "show" in self.data and not cast("QueryDict", self.data).getlist("indicators"):
            self.add_error("indicators", "Select at least one indicator")
        return cleaned


def _partnership(request: SignedInRequest) -> tuple[Partnership, list[Partnership]]:
    """The partnership asked for (404 when out of reach), and all the person may see."""
    partnerships = performance_partnerships(request.user)
    found = choose_partnership(request.GET.get("partnership"), partnerships)
    if found is None:
        raise Http404
    return found, partnerships


def _year(text: str | None) -> int | None:
    return int(text) if text and _YEAR.match(text.strip()) else None


def _choice(request: SignedInRequest, partnership: Partnership) -> dict[str, Any]:
    """What the GET parameters ask for, reading what is valid even when some is not: the
    chosen indicators (the defaults when none is asked for), the years and the form."""
    indicators = catalogue()
    by_code = {i.code: i for i in indicators}
    asked = request.GET.getlist("indicators")
    submitted = "show" in request.GET or bool(asked)
    codes = [code for code in asked if code in by_code]
    if not submitted:
        codes = default_codes(partnership, indicators)
    first, last = _year(request.GET.get("first")), _year(request.GET.get("last"))
    if first and last and first > last:
        first = last = None
    return {
        "indicators": indicators,
        "chosen": [by_code[code] for code in dict.fromkeys(codes)],
        "codes": codes,
        "first": first,
        "last": last,
        "submitted": submitted,
    }


def _sources_context(dashboard: Dashboard) -> dict[str, Any]:
    models = sorted(
        {row.sn_model for series in dashboard.series for row in series.rows if series.measures}
    )
    return {
        "ogl_attribution": OGL_ATTRIBUTION,
        "ogl_url": OGL_URL,
        "population_source": POPULATION_SOURCE,
        "neighbour_sources": [(model, SN_SOURCES.get(model, model)) for model in models],
    }


def _query(partnership: Partnership, choice: dict[str, Any], many: bool) -> str:
    from urllib.parse import urlencode

    params: list[tuple[str, Any]] = []
    if many:
        params.append(("partnership", partnership.pk))
    params += [("indicators", code) for code in choice["codes"]]
    if choice["first"]:
        params.append(("first", choice["first"]))
    if choice["last"]:
        params.append(("last", choice["last"]))
    return urlencode(params)


@requires(Permission.VIEW_PERFORMANCE)
@require_safe
def dashboard(request: SignedInRequest) -> HttpResponse:
    partnership, partnerships = _partnership(request)
    choice = _choice(request, partnership)
    board = dashboard_for(partnership, choice["chosen"], first=choice["first"], last=choice["last"])
    form = DashboardForm(
        request.GET if choice["submitted"] else None,
        initial={"indicators": choice["codes"]},
        indicators=choice["indicators"],
        years=board.years,
    )
    if form.is_bound:
        form.is_valid()
    charts: list[tuple[Any, Chart]] = [
        (series, line_chart(series, area_name=board.area_name)) for series in board.series
    ]
    return render(
        request,
        "performance/dashboard.html",
        {
            "board": board,
            "charts": charts,
            "form": form,
            "can_view_submissions": permits(request.user, Permission.VIEW_SUBMISSIONS),
            "partnerships": partnerships if len(partnerships) > 1 else [],
            "export_query": _query(partnership, choice, len(partnerships) > 1),
            **_sources_context(board),
        },
    )


@requires(Permission.VIEW_PERFORMANCE)
@require_safe
def indicator(request: SignedInRequest, code: str) -> HttpResponse:
    partnership, partnerships = _partnership(request)
    found = find_indicator(code)
    if found is None:
        raise Http404
    board = dashboard_for(partnership, [found])
    series = board.series[0]
    latest = series.latest
    neighbours = [
        (neighbour, Cell(neighbour.figure, found.unit))
        for neighbour in (
            board.neighbours_for(found, latest.year) if latest and series.measures else []
        )
    ]
    many = len(partnerships) > 1
    return render(
        request,
        "performance/indicator.html",
        {
            "board": board,
            "series": series,
            "indicator": found,
            "chart": line_chart(series, area_name=board.area_name),
            "latest": latest,
            "neighbours": neighbours,
            "partnership_query": f"?partnership={partnership.pk}" if many else "",
            "can_view_submissions": permits(request.user, Permission.VIEW_SUBMISSIONS),
            "submissions_url": reverse("performance:submissions"),
            **_sources_context(board),
        },
    )


def csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    """A UTF-8 CSV with a byte order mark (so spreadsheets read it as UTF-8), as a download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(Permission.VIEW_PERFORMANCE)
@require_safe
def dashboard_export(request: SignedInRequest) -> HttpResponse:
    partnership, _ = _partnership(request)
    choice = _choice(request, partnership)
    unknown = [code for code in request.GET.getlist("indicators") if code not in choice["codes"]]
    if unknown:
        return HttpResponse(
            f"There is no indicator with the code “{unknown[0]}”; choose indicators on "
            "the performance dashboard.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    board = dashboard_for(partnership, choice["chosen"], first=choice["first"], last=choice["last"])
    return csv_response(export_rows(board), "performance-indicators.csv")


@requires(Permission.VIEW_PERFORMANCE)
@require_safe
def indicator_export(request: SignedInRequest, code: str) -> HttpResponse:
    partnership, _ = _partnership(request)
    found = find_indicator(code)
    if found is None:
        raise Http404
    board = dashboard_for(partnership, [found])
    return csv_response(export_rows(board), f"performance-{found.code}.csv")
