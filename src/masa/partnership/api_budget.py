"""The budget API.

- /api/v1/budget?year=2016/17: one year's contributions, with their shares and the total.
  Without a year it answers with the latest budget you may see.
- /api/v1/budgets/: every year's budget you may see, with its contributions, shares, total
  and change from the year before; POST a new year, PATCH its notes (the business manager).
- /api/v1/contributions/ and /api/v1/expenditure-lines/: POST and PATCH what each contributor
  gives and what the money is spent on (the business manager).

Scoped like the budget pages: the business unit, executive and scrutineer get the whole
budget; an agency lead gets their own organisation's contribution only, with no total and no
expenditure. Writes go through the same services as the pages, so they are audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.api_records import RecordViewSet, field_refusal, query_id
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission
from masa.partnership import budget as selectors
from masa.partnership.budget import (
    MAX_PENCE,
    BudgetView,
    budget_change,
    budget_create,
    contribution_set,
    expenditure_add,
    expenditure_change,
)
from masa.partnership.models import Budget, Contribution, ContributionSource, ExpenditureLine


def _percent(value: Any) -> str | None:
    return None if value is None else str(value)


class BudgetApiView(APIView):
    """One year's budget: contributions with their shares, and the total."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_BUDGET

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                str,
                required=False,
                description="The reporting year, like 2016/17 (the latest if left out)",
            ),
            OpenApiParameter("partnership", int, required=False, description="A partnership's id"),
        ],
        responses={200: dict, 400: dict, 404: dict},
    )
    def get(self, request: Request) -> Response:
        partnership_id = query_id(request.query_params, "partnership", example="1")
        text = request.query_params.get("year", "")
        if not text.strip():
            # No year: the latest budget you may see.
            found = selectors.latest_budget_for(request.user, partnership_id)
            if found is None:
                return Response(
                    {"error": "There is no budget you may see. Give a year, like ?year=2016/17"},
                    status=404,
                )
        else:
            try:
                year = ReportingYear.parse(text)
            except ValueError as error:
                return Response({"error": str(error)}, status=400)
            found = selectors.budget_for_year(request.user, year.start_year, partnership_id)
            if found is None:
                return Response(
                    {"error": f"There is no budget for {year.label}, or you may not see it."},
                    status=404,
                )
        view = selectors.budget_view_for(request.user, found)
        return Response(
            {
                "year": view.label,
                "partnership": found.partnership_id,
                "whole_budget": view.whole,
                "total_pence": view.total_pence,
                "total": view.total or None,
                "contributions": [
                    {
                        "organisation": row.contribution.organisation.name
                        if row.contribution.organisation is not None
                        else None,
                        "contributor": row.contributor,
                        "source": row.source,
                        "amount_pence": row.amount_pence,
                        "share_percent": _percent(row.share),
                        "change_from_last_year_pence": row.change_pence,
                    }
                    for row in view.rows
                ],
                "statutory_partners_share_percent": _percent(view.statutory_share),
            }
        )


@contextmanager
def _refused_as(field: str) -> Iterator[None]:
    """A service's refusal (ValueError with a message) answers 400, naming the field."""
    try:
        yield
    except ValueError as problem:
        raise field_refusal({field: str(problem)}) from problem


@extend_schema_field(OpenApiTypes.STR)
class YearField(serializers.Field):
    """A reporting year written like 2016/17."""

    def to_representation(self, value: int) -> str:
        return ReportingYear(value).label

    def to_internal_value(self, data: Any) -> int:
        try:
            return ReportingYear.parse(str(data)).start_year
        except ValueError as problem:
            raise serializers.ValidationError(str(problem)) from None


# -- Budgets ---------------------------------------------------------------------------------


class BudgetContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(allow_null=True)
    contributor = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the field, not Field.source
    amount_pence = serializers.IntegerField(allow_null=True)
    share_percent = serializers.CharField(allow_null=True, help_text="One decimal place")
    in_kind = serializers.CharField()
    change_from_last_year_pence = serializers.IntegerField(allow_null=True)


class BudgetExpenditureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    heading = serializers.CharField()
    amount_pence = serializers.IntegerField()


class BudgetSerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(
        source="partnership_id",
        required=False,
        help_text="Set when the budget is added (needed only if you manage several "
        "partnerships' budgets); fixed after.",
    )
    year = YearField(help_text="Like 2017/18; fixed after the budget is added.")
    whole_budget = serializers.SerializerMethodField()
    total_pence = serializers.SerializerMethodField()
    statutory_partners_share_percent = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()
    expenditure = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = [
            "id",
            "partnership",
            "year",
            "notes",
            "is_partial",
            "whole_budget",
            "total_pence",
            "statutory_partners_share_percent",
            "contributions",
            "expenditure",
        ]

    def _view(self, budget: Budget) -> BudgetView:
        views: dict[int, BudgetView] = self.context.get("budget_views") or self.__dict__.setdefault(
            "_budget_views", {}
        )
        if budget.pk not in views:
            user = self.context["request"].user
            views[budget.pk] = selectors.budget_view_for(user, budget)
        return views[budget.pk]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_whole_budget(self, budget: Budget) -> bool:
        return self._view(budget).whole

    @extend_schema_field(OpenApiTypes.INT)
    def get_total_pence(self, budget: Budget) -> int | None:
        return self._view(budget).total_pence

    @extend_schema_field(OpenApiTypes.STR)
    def get_statutory_partners_share_percent(self, budget: Budget) -> str | None:
        return _percent(self._view(budget).statutory_share)

    @extend_schema_field(BudgetContributionSerializer(many=True))
    def get_contributions(self, budget: Budget) -> list[dict[str, Any]]:
        return [
            {
                "id": row.contribution.pk,
                "organisation": row.contribution.organisation_id,
                "contributor": row.contributor,
                "source": row.source,
                "amount_pence": row.amount_pence,
                "share_percent": _percent(row.share),
                "in_kind": row.in_kind,
                "change_from_last_year_pence": row.change_pence,
            }
            for row in self._view(budget).rows
        ]

    @extend_schema_field(BudgetExpenditureSerializer(many=True))
    def get_expenditure(self, budget: Budget) -> list[dict[str, Any]]:
        return [
            {"id": line.pk, "heading": line.heading, "amount_pence": line.amount_pence}
            for line in self._view(budget).expenditure
        ]


class BudgetViewSet(RecordViewSet):
    """Each year's budget you may see, latest first: contributions with their shares and the
    change from the year before, the total, and what the money is spent on."""

    model = Budget
    serializer_class = BudgetSerializer
    masa_permission = Permission.VIEW_BUDGET
    masa_change_permission = Permission.MANAGE_BUDGET

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Budget.objects.visible_to(self.request.user)
            .select_related("partnership")
            .order_by("-year", "partnership_id")
        )

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """What each budget shows is worked out for the whole page at once, in a number of
        queries that does not grow with the number of budgets."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        budgets = list(page if page is not None else self.get_queryset())
        views = {v.budget.pk: v for v in selectors.budget_views_for(request.user, budgets)}
        context = {**self.get_serializer_context(), "budget_views": views}
        data = self.get_serializer(budgets, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def create_record(self, data: dict[str, Any]) -> Budget:
        partnerships = selectors.budget_partnerships_for(self.request.user)
        wanted = data.get("partnership_id")
        if wanted is None and len(partnerships) == 1:
            wanted = partnerships[0].pk
        partnership = next((p for p in partnerships if p.pk == wanted), None)
        if partnership is None:
            raise field_refusal(
                {"partnership": "Give the id of a partnership whose budget you manage"}
            )
        with _refused_as("year"):
            return budget_create(
                actor=self.request.user,
                partnership=partnership,
                year=data["year"],
                notes=data.get("notes", "").strip(),
                is_partial=data.get("is_partial", False),
            )

    def update_record(self, record: Budget, data: dict[str, Any]) -> Budget:
        budget_change(
            actor=self.request.user,
            budget=record,
            notes=data["notes"].strip() if "notes" in data else None,
            is_partial=data.get("is_partial"),
        )
        return record


# -- Contributions ---------------------------------------------------------------------------


class ContributionSerializer(serializers.ModelSerializer):
    budget = serializers.IntegerField(
        source="budget_id", help_text="Set when the contribution is added; fixed after."
    )
    year = YearField(source="budget.year", read_only=True)
    organisation = serializers.IntegerField(
        source="organisation_id",
        allow_null=True,
        required=False,
        help_text="For an organisation's contribution; null for income from training or "
        "other income.",
    )
    contributor = serializers.CharField(read_only=True)
    amount_pence = serializers.IntegerField(
        allow_null=True, required=False, min_value=0, max_value=MAX_PENCE - 1
    )
    share_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        help_text="For a budget agreed as percentages only.",
    )

    class Meta:
        model = Contribution
        fields = [
            "id",
            "budget",
            "year",
            "organisation",
            "contributor",
            "source",
            "description",
            "amount_pence",
            "share_percent",
            "in_kind",
        ]


CONTRIBUTION_FIELDS = ("source", "description", "amount_pence", "share_percent", "in_kind")


class ContributionViewSet(RecordViewSet):
    """Contributions to the budgets you may see (an agency lead: their own organisation's)."""

    model = Contribution
    serializer_class = ContributionSerializer
    masa_permission = Permission.VIEW_BUDGET
    masa_change_permission = Permission.MANAGE_BUDGET

    def get_queryset(self) -> QuerySet[Any]:
        queryset = (
            Contribution.objects.visible_to(self.request.user)
            .select_related("organisation", "budget")
            .order_by("-budget__year", "budget_id", "pk")
        )
        budget = query_id(self.request.query_params, "budget")
        return queryset if budget is None else queryset.filter(budget_id=budget)

    @extend_schema(
        parameters=[OpenApiParameter("budget", int, required=False, description="A budget's id")]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    def _save(self, budget: Budget, values: dict[str, Any], record: Contribution | None) -> Any:
        organisation_id = values.get("organisation_id")
        organisation = None
        if organisation_id is not None:
            organisation = next(
                (o for o in selectors.contributor_organisations(budget) if o.pk == organisation_id),
                None,
            )
            if organisation is None:
                raise field_refusal(
                    {"organisation": "Give the id of an organisation of the budget's partnership"}
                )
            others = budget.contributions.filter(organisation=organisation)
            if record is not None:
                others = others.exclude(pk=record.pk)
            if others.exists():
                raise field_refusal(
                    {
                        "organisation": f"{organisation.name} already has a contribution in "
                        f"{budget.label}: change that one instead"
                    }
                )
        source = values.get("source") or ContributionSource.ORGANISATION
        if source != ContributionSource.ORGANISATION and organisation is not None:
            raise field_refusal(
                {"organisation": "Income from training or other income has no organisation"}
            )
        with _refused_as("amount_pence"):
            return contribution_set(
                actor=self.request.user,
                budget=budget,
                contribution=record,
                organisation=organisation,
                source=source,
                description=(values.get("description") or "").strip(),
                amount_pence=values.get("amount_pence"),
                share_percent=values.get("share_percent"),
                in_kind=(values.get("in_kind") or "").strip(),
            )

    def create_record(self, data: dict[str, Any]) -> Contribution:
        budget = selectors.budget_changeable_by(self.request.user, data["budget_id"])
        if budget is None:
            raise field_refusal({"budget": "Give the id of a budget you manage"})
        return self._save(budget, data, None)

    def update_record(self, record: Contribution, data: dict[str, Any]) -> Contribution:
        current: dict[str, Any] = {name: getattr(record, name) for name in CONTRIBUTION_FIELDS}
        current["organisation_id"] = record.organisation_id
        data.pop("budget_id", None)
        return self._save(record.budget, {**current, **data}, record)


# -- Expenditure -----------------------------------------------------------------------------


class ExpenditureLineSerializer(serializers.ModelSerializer):
    budget = serializers.IntegerField(
        source="budget_id", help_text="Set when the line is added; fixed after."
    )
    year = YearField(source="budget.year", read_only=True)
    amount_pence = serializers.IntegerField(min_value=0, max_value=MAX_PENCE - 1)

    class Meta:
        model = ExpenditureLine
        fields = ["id", "budget", "year", "heading", "amount_pence"]


class ExpenditureLineViewSet(RecordViewSet):
    """What the money of the budgets is spent on (for those who see whole budgets)."""

    model = ExpenditureLine
    serializer_class = ExpenditureLineSerializer
    masa_permission = Permission.VIEW_BUDGET
    masa_change_permission = Permission.MANAGE_BUDGET

    def get_queryset(self) -> QuerySet[Any]:
        return (
            ExpenditureLine.objects.visible_to(self.request.user)
            .select_related("budget")
            .order_by("-budget__year", "budget_id", "pk")
        )

    def create_record(self, data: dict[str, Any]) -> ExpenditureLine:
        budget = selectors.budget_changeable_by(self.request.user, data["budget_id"])
        if budget is None:
            raise field_refusal({"budget": "Give the id of a budget you manage"})
        with _refused_as("heading"):
            return expenditure_add(
                actor=self.request.user,
                budget=budget,
                heading=data["heading"].strip(),
                amount_pence=data["amount_pence"],
            )

    def update_record(self, record: ExpenditureLine, data: dict[str, Any]) -> ExpenditureLine:
        with _refused_as("heading"):
            return expenditure_change(
                actor=self.request.user,
                line=record,
                heading=data.get("heading", record.heading).strip(),
                amount_pence=data.get("amount_pence", record.amount_pence),
            )
