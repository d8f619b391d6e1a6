"""Selectors for the performance dashboard, the indicator pages and their CSV exports.

`dashboard_for(partnership, indicators, first=, last=)` builds, for the partnership's local
authority (the statistics `Area` of the first authority in its area) and each chosen
indicator, a series across years: the partnership's value, the published figure, the
statistical neighbours' mean and median (the DfE model in force that year, as
`benchmarks.sn_model_for`), the region, England, the partnership's target and the RAG rating
(`benchmarks.rag_for`).

The partnership's value:
- for a national indicator, the authority's published figure;
- for a local indicator, the current submissions for the year end: Q4 of the year for a
  quarterly indicator, the whole year (quarter 0) for an annual one. Where several
  organisations submitted a count, the value is their sum; where several submitted a
  percentage, a rate or a number of days, there is no combined value (they cannot be added,
  and the denominators are not submitted) and the reason says so. With no submission the
  published figure stands in, marked as such.

It answers in a constant number of queries (seven: the authority, its neighbours, England's
id, the observations, the populations, the targets and the submissions) whatever the number of
indicators, years or authorities loaded: every observation of the chosen indicators' measures
for the authority, its neighbours in both models, its region and England is read in one query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from masa.accounts.models import OrganisationKind
from masa.core.permissions import Permission, reach
from masa.partnership.models import Partnership
from masa.performance.benchmarks import (
    ENGLAND,
    NO_MEASURE,
    NOT_PUBLISHED,
    Figure,
    FigureBook,
    Neighbour,
    neighbour_summary,
    rag_for,
    region_of,
    sn_model_for,
)
from masa.performance.models import (
    Area,
    AreaKind,
    ChildPopulation,
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorTarget,
    Measure,
    NeighbourModel,
    NotAvailable,
    Observation,
    StatisticalNeighbour,
    Submission,
    Unit,
)

# The headline indicators of seed 003 §4.4 and §6.8, shown on the dashboard by default with
# those that have a target: children on a plan (rate), re-referrals, ICPCs within 15 working
# days, second or subsequent plans, plans lasting 2 years or more, children looked after (rate).
HEADLINE_CODES = (
    "cp-plans-rate",
    "re-referrals-12-months",
    "icpc-within-15-days",
    "cp-plans-second-or-subsequent",
    "cp-plans-2-years-or-more",
    "children-looked-after-rate",
)

OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0"
)
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
POPULATION_SOURCE = (
    "ONS mid-year population estimates (ons_mid-year_population_estimates_2012_to_2024.csv)"
)
SN_SOURCES: dict[str, str] = {
    NeighbourModel.APRIL_2021: "New_Statistical_Neighbour_Groupings_April_2021.csv",
    NeighbourModel.MAY_2025: "sn_model_2025_wide.csv",
}
NO_AREA = "The partnership's area has no local authority with national statistics loaded."
NO_SUBMISSION = "No figure has been submitted for this year."
SEVERAL_NOT_ADDED = "submitted by {count} organisations, whose {unit} cannot be added up"
UNIT_NAMES = {
    Unit.PERCENT: "percentages",
    Unit.RATE_PER_10000: "rates",
    Unit.DAYS: "numbers of days",
    Unit.NUMBER: "numbers",
}
NO_NEIGHBOUR_FIGURE = "no neighbour figures"
# The reasons as a table cell gives them, short enough for a narrow column.
SHORT_REASONS = {
    NotAvailable.SUPPRESSED: "suppressed",
    NotAvailable.NOT_AVAILABLE: "not collected or not published",
    NotAvailable.NOT_APPLICABLE: "not applicable",
    NotAvailable.LOW_RELIABILITY: "low reliability",
    NotAvailable.NOT_PUBLISHED: "not published",
    NOT_PUBLISHED: "not published",
    NO_MEASURE: "no national measure",
    NO_AREA: "no national statistics for the area",
    NO_SUBMISSION: "none submitted",
}
RAG_TAG_CLASSES = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
}
RAG_LABELS = {
    "green": "Green: on target",
    "amber": "Amber: close to target",
    "red": "Red: off target",
}


def year_label(year: int) -> str:
    """The reporting year ending 31 March `year`, as "2016/17"."""
    return f"{year - 1}/{year % 100:02d}"


def reason_text(reason: str) -> str:
    """A not-available reason in words: the publisher's symbol's meaning, or our sentence."""
    if reason in NotAvailable.values:
        return str(NotAvailable(reason).label)
    return reason


def number_text(value: Decimal, unit: str) -> str:
    """A value as the page shows it: 5,001; 20.8%; 37.7; 29 days."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    whole, _, fraction = f"{normal:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}" if digits else "0"
    text = sign + grouped + (f".{fraction}" if fraction else "")
    if unit == Unit.PERCENT:
        return f"{text}%"
    if unit == Unit.DAYS:
        return f"{text} days" if text != "1" else "1 day"
    return text


def plain_number(value: Decimal) -> str:
    """A value for a CSV cell: no grouping, no trailing zeros, never an exponent."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return f"{normal:f}"


@dataclass
class Cell:
    """A figure with its unit, ready to show: the value, or "not available (reason)"."""

    figure: Figure
    unit: str

    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @property
    def available(self) -> bool:
        return self.figure.value is not None

    @property
    def reason(self) -> str:
        return reason_text(self.figure.not_available_reason)

    @property
    def short_reason(self) -> str:
        reason = self.figure.not_available_reason
        return SHORT_REASONS.get(reason, reason)

    @property
    def text(self) -> str:
        if self.figure.value is None:
            return f"not available ({self.short_reason})" if self.reason else "not available"
        shown = number_text(self.figure.value, self.unit)
        if self.figure.not_available_reason == NotAvailable.LOW_RELIABILITY:
            shown += " (low reliability)"
        if self.figure.computed:
            shown += " (worked out from the count)"
        return shown


@dataclass
class SubmittedValue:
    submission_id: int
    organisation: str
    year: int
    quarter: int
    value: Decimal
    submitted_at: Any
    submitted_by: str
    unit: str = Unit.COUNT

    @property
    def cell(self) -> Cell:
        return Cell(Figure(self.value), self.unit)

    @property
    def period_label(self) -> str:
        label = year_label(self.year)
        return f"{label} Q{self.quarter}" if self.quarter else label


@dataclass
class YearRow:
    year: int
    unit: str
    value: Cell
    value_source: str  # "local", "national" or "" (nothing)
    published: Cell
    sn_model: str
    sn_mean: Decimal | None
    sn_median: Decimal | None
    sn_count: int
    sn_left_out: int
    region: Cell
    england: Cell
    target: Decimal | None
    rag: str | None
    sn_reason: str = ""
    submissions: list[SubmittedValue] = field(default_factory=list)

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def sn_mean_cell(self) -> Cell:
        return Cell(_figure_or(self.sn_mean, self._sn_reason), self.unit)

    @property
    def sn_median_cell(self) -> Cell:
        return Cell(_figure_or(self.sn_median, self._sn_reason), self.unit)

    @property
    def _sn_reason(self) -> str:
        if self.sn_reason:
            return self.sn_reason
        return NO_NEIGHBOUR_FIGURE if self.sn_left_out else "no neighbours"

    @property
    def target_text(self) -> str:
        return number_text(self.target, self.unit) if self.target is not None else ""

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag or "", "")

    @property
    def rag_tag(self) -> SafeString:
        """The RAG rating as a GOV.UK tag, its words saying what the colour means."""
        if self.rag in RAG_TAG_CLASSES:
            return format_html(
                '<strong class="govuk-tag {}">{}</strong>',
                RAG_TAG_CLASSES[self.rag],
                self.rag_label,
            )
        why = "no target" if self.target is None else "no figure"
        return format_html('<span class="govuk-body-s">{}</span>', why)

    @property
    def has_anything(self) -> bool:
        return any(
            cell.available for cell in (self.value, self.published, self.region, self.england)
        ) or (self.sn_mean is not None or self.target is not None or bool(self.submissions))


def _figure_or(value: Decimal | None, reason: str) -> Figure:
    return Figure(value) if value is not None else Figure(not_available_reason=reason)


@dataclass
class Series:
    indicator: Indicator
    rows: list[YearRow]
    submissions: list[SubmittedValue]  # every current submission of the partnership

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def is_local(self) -> bool:
        return self.indicator.source == IndicatorSource.LOCAL

    @property
    def latest(self) -> YearRow | None:
        """The latest year with a value for the partnership (or else any figure)."""
        with_value = [row for row in self.rows if row.value.available]
        if with_value:
            return with_value[-1]
        return self.rows[-1] if self.rows else None

    @property
    def measures(self) -> list[Measure]:
        found = [self.indicator.measure, self.indicator.count_measure]
        return [m for m in found if m is not None]

    @property
    def computed(self) -> bool:
        return any(
            cell.figure.computed
            for row in self.rows
            for cell in (row.value, row.published, row.region, row.england)
        )

    @property
    def submitted_by_label(self) -> str:
        if not self.indicator.submitted_by:
            return ""
        return str(OrganisationKind(self.indicator.submitted_by).label)

    @property
    def year_end_quarter(self) -> int:
        return year_end_quarter(self.indicator)


@dataclass
class Dashboard:
    partnership: Partnership
    area: Area | None
    region: Area | None
    years: list[int]  # every year with any figure for the chosen indicators
    first: int | None
    last: int | None
    series: list[Series]
    neighbour_rows: dict[str, list[StatisticalNeighbour]]
    book: FigureBook

    @property
    def area_name(self) -> str:
        return self.area.name if self.area else self.partnership.name

    def neighbours_for(self, indicator: Indicator, year: int) -> list[Neighbour]:
        """The neighbours of the model in force in `year`, each with its figure."""
        return [
            Neighbour(
                rank=row.rank,
                dfe_code=row.neighbour.local_authority.dfe_code
                if row.neighbour.local_authority
                else "",
                name=row.neighbour.name,
                figure=self.book.figure(indicator, row.neighbour_id, year),
            )
            for row in self.neighbour_rows.get(str(sn_model_for(year)), [])
        ]

    @property
    def sources(self) -> list[tuple[str, str, str]]:
        """(file, measure code, title) of every published measure behind the figures."""
        seen: dict[tuple[str, str], str] = {}
        for series in self.series:
            for measure in series.measures:
                seen.setdefault((measure.source_file, measure.code), measure.title)
        return [(file, code, title) for (file, code), title in sorted(seen.items())]

    @property
    def uses_population(self) -> bool:
        return any(series.computed for series in self.series)

    @property
    def has_national(self) -> bool:
        return any(series.measures for series in self.series)


def year_end_quarter(indicator: Indicator) -> int:
    """The submission that stands for the year: Q4 for a quarterly indicator, else the year."""
    return 4 if indicator.frequency == Frequency.QUARTERLY else 0


def performance_partnerships(user: Any) -> list[Partnership]:
    """The partnerships whose performance figures `user` may see."""
    ids = reach(user, Permission.VIEW_PERFORMANCE).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids).order_by("pk"))


def choose_partnership(
    requested: str | None, partnerships: Sequence[Partnership]
) -> Partnership | None:
    """The partnership asked for (by id) among those whose figures the person may see
    (`performance_partnerships`), else their first; None when the one asked for is out of
    reach (the page answers 404)."""
    if requested:
        return next((p for p in partnerships if str(p.pk) == requested.strip()), None)
    return partnerships[0] if partnerships else None


def catalogue() -> list[Indicator]:
    return list(Indicator.objects.select_related("measure", "count_measure"))


def find_indicator(code: str) -> Indicator | None:
    return Indicator.objects.select_related("measure", "count_measure").filter(code=code).first()


def default_codes(partnership: Partnership, indicators: Sequence[Indicator]) -> list[str]:
    """The indicators with a target for the partnership, and the headline ones, in catalogue
    order."""
    targeted = set(
        IndicatorTarget.objects.filter(partnership=partnership).values_list(
            "indicator__code", flat=True
        )
    )
    wanted = targeted | set(HEADLINE_CODES)
    return [indicator.code for indicator in indicators if indicator.code in wanted]


def authority_area(partnership: Partnership) -> Area | None:
    return (
        Area.objects.select_related("local_authority", "parent", "parent__parent")
        .filter(kind=AreaKind.LOCAL_AUTHORITY, local_authority__partnerships=partnership)
        .order_by("name")
        .first()
    )


def dashboard_for(
    partnership: Partnership,
    indicators: Sequence[Indicator],
    *,
    first: int | None = None,
    last: int | None = None,
) -> Dashboard:
    """Every chosen indicator's series for the partnership, from `first` to `last` (years the
    period ends; all years when not given)."""
    area = authority_area(partnership)
    region = region_of(area) if area else None
    neighbour_rows: dict[str, list[StatisticalNeighbour]] = defaultdict(list)
    if area is not None:
        for row in (
            StatisticalNeighbour.objects.filter(area=area)
            .select_related("neighbour__local_authority")
            .order_by("model", "rank")
        ):
            neighbour_rows[str(row.model)].append(row)
    area_ids = {row.neighbour_id for rows in neighbour_rows.values() for row in rows}
    if area is not None:
        area_ids.add(area.pk)
    if region is not None:
        area_ids.add(region.pk)

    measure_ids = {
        m for i in indicators for m in (i.measure_id, i.count_measure_id) if m is not None
    }
    published: dict[tuple[int, int, int], tuple[Decimal | None, str]] = {}
    england_id: int | None = None
    populations: dict[tuple[int, int], int | None] = {}
    if area is not None and measure_ids:
        # England by its id, so that one index lookup per area finds every figure.
        england_id = Area.objects.filter(ons_code=ENGLAND).values_list("pk", flat=True).first()
        if england_id is not None:
            area_ids.add(england_id)
        for measure_id, area_id, year, value, reason in Observation.objects.filter(
            area_id__in=area_ids, measure_id__in=measure_ids, breakdown=""
        ).values_list("measure_id", "area_id", "year", "value", "not_available_reason"):
            published[(measure_id, area_id, year)] = (value, reason)
        # Read whether or not a rate is among the indicators: the same queries every time.
        populations = {
            (area_id, year): population
            for area_id, year, population in ChildPopulation.objects.filter(
                area_id__in=area_ids, population__isnull=False
            ).values_list("area_id", "year", "population")
        }
    book = FigureBook(published, populations)

    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(
            partnership=partnership, indicator__in=[i.pk for i in indicators]
        ).values_list("indicator_id", "year", "value")
    }
    submitted: dict[int, list[SubmittedValue]] = defaultdict(list)
    local_ids = [i.pk for i in indicators if i.source == IndicatorSource.LOCAL]
    if local_ids:
        for submission in (
            Submission.objects.filter(
                partnership=partnership, indicator__in=local_ids, superseded=False
            )
            .select_related("organisation", "submitted_by", "indicator")
            .order_by("year", "quarter", "organisation__name", "pk")
        ):
            submitted[submission.indicator_id].append(
                SubmittedValue(
                    submission_id=submission.pk,
                    organisation=submission.organisation.name,
                    year=submission.year,
                    quarter=submission.quarter,
                    value=submission.value,
                    submitted_at=submission.submitted_at,
                    submitted_by=submission.submitted_by.full_name,
                    unit=submission.indicator.unit,
                )
            )

    # The years with anything for each indicator: the authority's, England's and the
    # region's published figures, the neighbours', the partnership's targets and submissions.
    years_of: dict[int, set[int]] = defaultdict(set)
    by_measure: dict[int, set[int]] = defaultdict(set)
    for measure, _, year in published:
        by_measure[measure].add(year)
    for indicator in indicators:
        found = years_of[indicator.pk]
        for linked in (indicator.measure_id, indicator.count_measure_id):
            if linked is not None:
                found |= by_measure.get(linked, set())
        found |= {year for (indicator_id, year) in targets if indicator_id == indicator.pk}
        found |= {s.year for s in submitted.get(indicator.pk, [])}
    all_years = sorted(set().union(*years_of.values())) if years_of else []

    series = []
    for indicator in indicators:
        chosen = [
            year
            for year in sorted(years_of[indicator.pk])
            if (first is None or year >= first) and (last is None or year <= last)
        ]
        # A gap year in the middle is a row of its own, not a missing row.
        years = list(range(chosen[0], chosen[-1] + 1)) if chosen else []
        rows = [
            _year_row(
                indicator,
                year,
                area=area,
                region=region,
                england_id=england_id,
                book=book,
                neighbour_rows=neighbour_rows,
                target=targets.get((indicator.pk, year)),
                submitted=submitted.get(indicator.pk, []),
            )
            for year in years
        ]
        series.append(Series(indicator, rows, submitted.get(indicator.pk, [])))
    return Dashboard(
        partnership=partnership,
        area=area,
        region=region,
        years=all_years,
        first=first,
        last=last,
        series=series,
        neighbour_rows=dict(neighbour_rows),
        book=book,
    )


def _year_row(
    indicator: Indicator,
    year: int,
    *,
    area: Area | None,
    region: Area | None,
    england_id: int | None,
    book: FigureBook,
    neighbour_rows: dict[str, list[StatisticalNeighbour]],
    target: Decimal | None,
    submitted: Iterable[SubmittedValue],
) -> YearRow:
    unit = indicator.unit
    has_measure = bool(indicator.measure_id or indicator.count_measure_id)
    if area is None:
        published = Figure(not_available_reason=NO_AREA if has_measure else NO_MEASURE)
        region_figure = england = published
    elif not has_measure:
        published = region_figure = england = Figure(not_available_reason=NO_MEASURE)
    else:
        published = book.figure(indicator, area.pk, year)
        region_figure = book.figure(indicator, region.pk if region else None, year)
        england = book.figure(indicator, england_id, year)
        if england_id is None:
            england = Figure(not_available_reason=NOT_PUBLISHED)

    model = str(sn_model_for(year))
    neighbours = neighbour_rows.get(model, []) if has_measure else []
    sn_mean, sn_median, sn_left_out = neighbour_summary(
        book.figure(indicator, row.neighbour_id, year) for row in neighbours
    )

    year_end = year_end_quarter(indicator)
    these = [s for s in submitted if s.year == year and s.quarter == year_end]
    if indicator.source == IndicatorSource.LOCAL and these:
        value_source = "local"
        if len(these) == 1:
            value = Figure(these[0].value)
        elif unit == Unit.COUNT:
            value = Figure(sum((s.value for s in these), Decimal(0)))
        else:
            value = Figure(
                not_available_reason=SEVERAL_NOT_ADDED.format(
                    count=len(these), unit=UNIT_NAMES.get(Unit(unit), "figure")
                )
            )
    elif published.value is not None:
        value, value_source = published, "national"
    elif indicator.source == IndicatorSource.LOCAL and (area is None or not has_measure):
        value, value_source = Figure(not_available_reason=NO_SUBMISSION), ""
    else:  # nothing submitted, and the published figure is not available: say why
        value, value_source = published, ""
    return YearRow(
        year=year,
        unit=unit,
        value=Cell(value, unit),
        value_source=value_source,
        published=Cell(published, unit),
        sn_model=model,
        sn_mean=sn_mean,
        sn_median=sn_median,
        sn_count=len(neighbours) - sn_left_out,
        sn_left_out=sn_left_out,
        region=Cell(region_figure, unit),
        england=Cell(england, unit),
        target=target,
        rag=rag_for(value.value, target, indicator.direction),
        sn_reason="" if has_measure and area is not None else published.not_available_reason,
        submissions=these,
    )


# ---------------------------------------------------------------- CSV export

CSV_HEADER = (
    "indicator_code",
    "indicator",
    "unit",
    "year",
    "year_ending_31_march",
    "area",
    "value",
    "value_not_available_reason",
    "value_from",
    "published_value",
    "published_not_available_reason",
    "sn_model",
    "sn_mean",
    "sn_median",
    "sn_with_a_figure",
    "sn_left_out",
    "region",
    "region_value",
    "england_value",
    "target",
    "rag",
    "source",
)
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(cell: object) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): text starting
    with = + - @, a tab or a carriage return gets a leading apostrophe; plain numbers, even
    negative ones, are left as they are."""
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _csv_number(value: Decimal | None) -> str:
    return "" if value is None else plain_number(value)


def _csv_reason(cell: Cell) -> str:
    return "" if cell.available else cell.reason


def _row_source(series: Series, row: YearRow, partnership: Partnership) -> str:
    parts = []
    if row.value_source == "local":
        ids = ", ".join(str(s.submission_id) for s in row.submissions)
        parts.append(f"Local submissions to {partnership.name} (submission ids {ids})")
    if series.measures and (
        row.published.available or row.england.available or row.sn_mean is not None
    ):
        files = "; ".join(f"{m.source_file} ({m.code})" for m in series.measures)
        population = f"; {POPULATION_SOURCE}" if series.computed else ""
        parts.append(
            f"{OGL_ATTRIBUTION}: Department for Education, {files}{population}; "
            f"statistical neighbours {SN_SOURCES.get(row.sn_model, row.sn_model)}"
        )
    return " | ".join(parts)


def export_rows(dashboard: Dashboard) -> list[list[str]]:
    """The CSV's rows, header first, every cell made safe (`csv_safe`)."""
    rows: list[list[str]] = [list(CSV_HEADER)]
    region_name = dashboard.region.name if dashboard.region else ""
    for series in dashboard.series:
        indicator = series.indicator
        for row in series.rows:
            if row.value_source == "local":
                count = len(row.submissions)
                value_from = f"local submission ({count} organisation{'s' if count > 1 else ''})"
            else:
                value_from = {"national": "national statistics"}.get(row.value_source, "")
            cells: list[object] = [
                indicator.code,
                indicator.title,
                Unit(indicator.unit).label,
                row.label,
                row.year,
                dashboard.area_name,
                _csv_number(row.value.value),
                _csv_reason(row.value),
                value_from,
                _csv_number(row.published.value),
                _csv_reason(row.published),
                row.sn_model if series.measures else "",
                _csv_number(row.sn_mean),
                _csv_number(row.sn_median),
                row.sn_count if series.measures else "",
                row.sn_left_out if series.measures else "",
                region_name,
                _csv_number(row.region.value),
                _csv_number(row.england.value),
                _csv_number(row.target),
                row.rag or "",
                _row_source(series, row, dashboard.partnership),
            ]
            rows.append([csv_safe(cell) for cell in cells])
    return rows
