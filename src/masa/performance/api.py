"""The indicator catalogue and benchmarks API.

- /api/v1/indicators/ and /api/v1/indicators/<id>/: the catalogue (read only);
- /api/v1/benchmarks?indicator=CODE&area=DFE_LA_CODE&period=YYYY: one benchmark.

Both are open to everyone signed in: the catalogue is the same for every partnership and the
figures are national statistics, which are public. The target (and so the RAG rating) is that
of the partnerships the person is a member of whose area includes the authority.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.api_schema import ERROR_BODY
from masa.performance.benchmarks import (
    Benchmark,
    BenchmarkRequestError,
    Figure,
    benchmark,
    find_authority,
    find_indicator,
)
from masa.performance.models import Indicator, Measure

if TYPE_CHECKING:
    from masa.accounts.models import Person


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["source", "code", "title"]


class IndicatorSerializer(serializers.ModelSerializer):
    measure = MeasureSerializer(read_only=True, allow_null=True)
    count_measure = MeasureSerializer(read_only=True, allow_null=True)
    # Plain text in the schema: the organisation kinds are already an enum there (`kind`).
    submitted_by = serializers.CharField(
        read_only=True,
        help_text="For a local submission, the kind of organisation that submits it "
        "(as organisations' `kind`); blank for national statistics.",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "title",
            "definition",
            "unit",
            "direction",
            "source",
            "submitted_by",
            "frequency",
            "measure",
            "count_measure",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The partnership indicators, with the national measure each is benchmarked on."""

    masa_access = Access.SIGNED_IN
    masa_permission = None
    serializer_class = IndicatorSerializer
    lookup_value_regex = "[0-9]+"  # ids only in URLs (T16)

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.select_related("measure", "count_measure")


class NeighbourSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    dfe_code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    not_available_reason = serializers.CharField()
    computed_from_count = serializers.BooleanField()


class TrendSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True)
    not_available_reason = serializers.CharField()
    computed_from_count = serializers.BooleanField()


class BenchmarkSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    area = serializers.CharField(help_text="The authority's DfE number")
    area_name = serializers.CharField()
    period = serializers.IntegerField(help_text="The year the period ends (31 March)")
    value = serializers.FloatField(allow_null=True)
    not_available_reason = serializers.CharField()
    computed_from_count = serializers.BooleanField()
    sn_model = serializers.CharField(help_text="2021 for periods up to 2024, 2025 from 2025")
    sn_mean = serializers.FloatField(allow_null=True)
    sn_median = serializers.FloatField(allow_null=True)
    sn_count = serializers.IntegerField(help_text="Neighbours with a value")
    sn_left_out = serializers.IntegerField(help_text="Neighbours without a value, left out")
    neighbours = NeighbourSerializer(many=True)
    region_name = serializers.CharField()
    region = serializers.FloatField(allow_null=True)
    england = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    rag = serializers.CharField(allow_null=True)
    trend = TrendSerializer(many=True)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "value": _number(figure.value),
        "not_available_reason": figure.not_available_reason,
        "computed_from_count": figure.computed,
    }


def benchmark_data(found: Benchmark) -> dict[str, Any]:
    values = [n.figure for n in found.neighbours if n.figure.available]
    return {
        "indicator": found.indicator.code,
        "unit": found.indicator.unit,
        "direction": found.indicator.direction,
        "area": found.area.local_authority.dfe_code if found.area.local_authority else "",
        "area_name": found.area.name,
        "period": found.period,
        **_figure(found.value),
        "sn_model": found.sn_model,
        "sn_mean": _number(found.sn_mean),
        "sn_median": _number(found.sn_median),
        "sn_count": len(values),
        "sn_left_out": found.sn_left_out,
        "neighbours": [
            {"rank": n.rank, "dfe_code": n.dfe_code, "name": n.name, **_figure(n.figure)}
            for n in found.neighbours
        ],
        "region_name": found.region_name,
        "region": _number(found.region.value),
        "england": _number(found.england.value),
        "target": _number(found.target),
        "rag": found.rag,
        "trend": [{"year": point.year, **_figure(point.figure)} for point in found.trend],
    }


class BenchmarkView(APIView):
    """An authority's figure for an indicator beside its statistical neighbours, its region,
    England and your partnership's target."""

    masa_access = Access.SIGNED_IN
    masa_permission = None

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, required=True, description="An indicator's code"),
            OpenApiParameter(
                "area",
                str,
                required=True,
                description="A local authority's 3-digit DfE number, like 933",
            ),
            OpenApiParameter(
                "period",
                int,
                required=True,
                description="The year the period ends (2017 for 2016/17)",
            ),
        ],
        responses={200: BenchmarkSerializer, 400: ERROR_BODY},
        description="Without any parameter it answers how to ask (how_to_ask, example).",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        if not any(params.get(name) for name in ("indicator", "area", "period")):
            # Nothing asked yet (a browser, or the security crawl): say how to ask.
            return Response(
                {
                    "how_to_ask": "Give indicator (a code from /api/v1/indicators/), area (a "
                    "local authority's 3-digit DfE number) and period (the year to 31 March).",
                    "example": "/api/v1/benchmarks?indicator=icpc-within-15-days&area=933"
                    "&period=2017",
                }
            )
        missing = [name for name in ("indicator", "area", "period") if not params.get(name)]
        if missing:
            return Response(
                {
                    "error": "Give "
                    + ", ".join(missing)
                    + ", like ?indicator=icpc-within-15-days&area=933&period=2017"
                },
                status=400,
            )
        period_text = params["period"].strip()
        if not re.fullmatch(r"(19|20)\d\d", period_text):
            return Response(
                {"error": f"Give the period as the year it ends, like 2017, not '{period_text}'."},
                status=400,
            )
        area_text = params["area"].strip()
        if not re.fullmatch(r"\d{3}", area_text):
            return Response(
                {"error": "Give the area as a local authority's 3-digit DfE number, like 933."},
                status=400,
            )
        try:
            indicator = find_indicator(params["indicator"].strip())
            area = find_authority(area_text)
            person = cast("Person", request.user)
            partnerships = {m.partnership_id for m in person.current_memberships()}
            found = benchmark(indicator, area, int(period_text), partnership_ids=partnerships)
        except BenchmarkRequestError as error:
            return Response({"error": str(error)}, status=400)
        return Response(BenchmarkSerializer(benchmark_data(found)).data)
