"""Benchmarks: an authority's figure for an indicator beside its statistical neighbours, its
region, England and the partnership's target (selectors; national statistics are public data).

`benchmark(indicator, area, period)` answers in a constant number of queries (at most five),
however many authorities are loaded.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from masa.performance.models import (
    Area,
    AreaKind,
    ChildPopulation,
    Indicator,
    IndicatorTarget,
    NeighbourModel,
    NotAvailable,
    Observation,
    Polarity,
    StatisticalNeighbour,
    Unit,
)

ENGLAND = "E92000001"
AMBER_MARGIN = Decimal("0.05")  # within 5% of the target (relative) is amber
NO_MEASURE = "There is no national measure for this indicator; it is a local submission only."
NOT_PUBLISHED = "No figure is published for this area and year."


class BenchmarkRequestError(ValueError):
    """The indicator, area or period asked for does not exist; the message says which."""


def sn_model_for(period: int) -> str:
    """The DfE statistical neighbour model in force: the April 2021 model for periods up to
    2024, the 2025 model from 2025."""
    return NeighbourModel.APRIL_2021 if period <= 2024 else NeighbourModel.MAY_2025


def population_year_for(period: int) -> int:
    """The ONS mid-year estimate a rate for the year to 31 March `period` is worked out with:
    the mid-year before, as the DfE does (the CLA file's 2025 rates use the mid-2024
    estimate, e.g. Somerset 624 / 113,024 = 55 per 10,000)."""
    return period - 1


@dataclass
class Figure:
    """A value, or why there is none; `computed` when worked out from a count."""

    value: Decimal | None = None
    not_available_reason: str = ""
    computed: bool = False

    @property
    def available(self) -> bool:
        return self.value is not None


@dataclass
class Neighbour:
    rank: int
    dfe_code: str
    name: str
    figure: Figure


@dataclass
class TrendPoint:
    year: int
    figure: Figure


@dataclass
class Benchmark:
    indicator: Indicator
    area: Area
    period: int
    value: Figure
    sn_model: str
    neighbours: list[Neighbour]
    sn_mean: Decimal | None
    sn_median: Decimal | None
    sn_left_out: int
    region_name: str
    region: Figure
    england: Figure
    target: Decimal | None
    rag: str | None
    trend: list[TrendPoint] = field(default_factory=list)


def find_indicator(code: str) -> Indicator:
    found = Indicator.objects.select_related("measure", "count_measure").filter(code=code).first()
    if found is None:
        raise BenchmarkRequestError(
            f"There is no indicator with the code '{code}'; /api/v1/indicators/ lists them."
        )
    return found


def find_authority(dfe_code: str) -> Area:
    """A local authority's Area by its 3-digit DfE number, with its region."""
    found = (
        Area.objects.select_related("local_authority", "parent", "parent__parent")
        .filter(kind=AreaKind.LOCAL_AUTHORITY, local_authority__dfe_code=dfe_code)
        .first()
    )
    if found is None:
        raise BenchmarkRequestError(
            f"There is no local authority with the DfE number '{dfe_code}' in the national "
            "statistics (give the 3-digit number, like 933 for Somerset)."
        )
    return found


def region_of(area: Area) -> Area | None:
    """The region an authority is in (London for an Inner or Outer London borough)."""
    parent = area.parent
    if parent is not None and parent.kind == AreaKind.SUB_REGION:
        return parent.parent
    return parent


def rag_for(value: Decimal | None, target: Decimal | None, direction: str) -> str | None:
    """Green when the value is at or better than the target (in the direction of better);
    amber when worse but within 5% of the target (relative: |value − target| ≤ 5% of the
    target); red otherwise. None when there is no value, no target, or no direction."""
    if value is None or target is None or direction == Polarity.NEITHER:
        return None
    better = value >= target if direction == Polarity.HIGHER_IS_BETTER else value <= target
    if better:
        return "green"
    return "amber" if abs(value - target) <= AMBER_MARGIN * abs(target) else "red"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def neighbour_summary(figures: Iterable[Figure]) -> tuple[Decimal | None, Decimal | None, int]:
    """The mean and median (to 2 decimal places) of the neighbours' figures that have a value,
    and how many were left out for having none."""
    figures = list(figures)
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return None, None, len(figures)
    mean = _round(sum(values, Decimal(0)) / len(values))
    return mean, _round(Decimal(statistics.median(values))), len(figures) - len(values)


PublishedKey = tuple[int, int, int]  # (measure id, area id, year)


class FigureBook:
    """Published figures and ONS child populations loaded once, read as Figures.

    `published` maps (measure id, area id, year) to (value, not-available reason) and
    `populations` maps (area id, mid-year) to the 0–17 population. A rate per 10,000 that is
    not published is worked out from the indicator's count measure and the mid-year estimate
    before the period (`population_year_for`), and marked `computed`.
    """

    def __init__(
        self,
        published: dict[PublishedKey, tuple[Decimal | None, str]],
        populations: dict[tuple[int, int], int | None],
    ) -> None:
        self.published = published
        self.populations = populations

    def figure(self, indicator: Indicator, area_id: int | None, year: int) -> Figure:
        if area_id is None:
            return Figure(not_available_reason=NOT_PUBLISHED)
        main = (
            self.published.get((indicator.measure_id, area_id, year))
            if indicator.measure_id
            else None
        )
        if main is not None and main[0] is not None:
            return Figure(main[0], main[1])
        if indicator.count_measure_id and indicator.unit == Unit.RATE_PER_10000:
            count = self.published.get((indicator.count_measure_id, area_id, year))
            population = self.populations.get((area_id, population_year_for(year)))
            if count is not None and count[0] is not None and population:
                rate = Decimal(count[0]) * 10000 / Decimal(population)
                return Figure(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "", True)
        if main is not None:
            return Figure(None, main[1] or NotAvailable.NOT_AVAILABLE)
        return Figure(not_available_reason=NOT_PUBLISHED)


def benchmark(
    indicator: Indicator,
    area: Area,
    period: int,
    *,
    partnership_ids: Iterable[int] = (),
) -> Benchmark:
    """The benchmark of `indicator` for the authority `area` in the year to 31 March `period`.

    - value: the published figure of the indicator's measure, or not available with the
      publisher's reason (c, x, z, u, -) or "not published";
    - statistical neighbours: the DfE model in force for the period (the April 2021 model for
      periods up to 2024, the 2025 model from 2025; `sn_model_for`); their mean and median
      are over the neighbours that have a value, the others are left out and counted
      (`sn_left_out`);
    - region and England: their published figures;
    - target: the target of the partnerships in `partnership_ids` whose area includes the
      authority, for that year; RAG from `rag_for` (green at or better than the target in the
      direction of better, amber within 5% of it, red otherwise);
    - trend: the authority's figure for every year published.
    A rate per 10,000 that is not published for an area and year is worked out from the
    indicator's count measure and the ONS 0–17 mid-year estimate (`population_year_for`),
    and marked `computed`.

    Raises BenchmarkRequestError when the indicator has figures but none for `period`.
    """
    model = sn_model_for(period)
    region = region_of(area)
    measure_ids = [m for m in (indicator.measure_id, indicator.count_measure_id) if m]
    if not measure_ids:
        empty = Figure(not_available_reason=NO_MEASURE)
        return Benchmark(
            indicator=indicator,
            area=area,
            period=period,
            value=empty,
            sn_model=model,
            neighbours=[],
            sn_mean=None,
            sn_median=None,
            sn_left_out=0,
            region_name=region.name if region else "",
            region=empty,
            england=empty,
            target=_target(indicator, area, period, partnership_ids),
            rag=None,
        )

    neighbour_rows = list(
        StatisticalNeighbour.objects.filter(model=model, area=area)
        .select_related("neighbour__local_authority")
        .order_by("rank")
    )
    others = [row.neighbour_id for row in neighbour_rows]
    others += [region.pk] if region else []
    observations = list(
        Observation.objects.filter(measure_id__in=measure_ids, breakdown="")
        .filter(
            Q(area=area) | Q(area__in=others, year=period) | Q(area__ons_code=ENGLAND, year=period)
        )
        .values_list(
            "measure_id", "area_id", "area__ons_code", "year", "value", "not_available_reason"
        )
    )
    if not any(year == period for _, _, _, year, _, _ in observations) and not (
        Observation.objects.filter(measure_id__in=measure_ids, year=period).exists()
    ):
        raise BenchmarkRequestError(
            f"There are no national figures for '{indicator.code}' in {period}."
        )
    england_id = next((a for _, a, ons, _, _, _ in observations if ons == ENGLAND), None)
    published: dict[tuple[int, int, int], tuple[Decimal | None, str]] = {
        (measure, area_id, year): (value, reason)
        for measure, area_id, _, year, value, reason in observations
    }
    populations: dict[tuple[int, int], int | None] = {}
    if indicator.unit == Unit.RATE_PER_10000 and indicator.count_measure_id:
        populations = {
            (area_id, year): population
            for area_id, year, population in ChildPopulation.objects.filter(
                Q(area=area)
                | Q(area__in=others, year=population_year_for(period))
                | Q(area__ons_code=ENGLAND, year=population_year_for(period)),
                population__isnull=False,
            ).values_list("area_id", "year", "population")
        }
    book = FigureBook(published, populations)

    def figure(area_id: int | None, year: int) -> Figure:
        return book.figure(indicator, area_id, year)

    value = figure(area.pk, period)
    neighbours = [
        Neighbour(
            rank=row.rank,
            dfe_code=row.neighbour.local_authority.dfe_code
            if row.neighbour.local_authority
            else "",
            name=row.neighbour.name,
            figure=figure(row.neighbour_id, period),
        )
        for row in neighbour_rows
    ]
    sn_mean, sn_median, sn_left_out = neighbour_summary([n.figure for n in neighbours])
    target = _target(indicator, area, period, partnership_ids)
    years = sorted({year for _, area_id, _, year, _, _ in observations if area_id == area.pk})
    return Benchmark(
        indicator=indicator,
        area=area,
        period=period,
        value=value,
        sn_model=model,
        neighbours=neighbours,
        sn_mean=sn_mean,
        sn_median=sn_median,
        sn_left_out=sn_left_out,
        region_name=region.name if region else "",
        region=figure(region.pk if region else None, period),
        england=figure(england_id, period),
        target=target,
        rag=rag_for(value.value, target, indicator.direction),
        trend=[TrendPoint(year, figure(area.pk, year)) for year in years],
    )


def _target(
    indicator: Indicator, area: Area, period: int, partnership_ids: Iterable[int]
) -> Decimal | None:
    chosen = list(partnership_ids)
    if not chosen or area.local_authority_id is None:
        return None
    found = (
        IndicatorTarget.objects.filter(
            indicator=indicator,
            year=period,
            partnership_id__in=chosen,
            partnership__area=area.local_authority_id,
        )
        .order_by("partnership_id")
        .values_list("value", flat=True)
        .first()
    )
    return found
