"""/api/v1/budget?year=2016/17: one year's contributions, with their shares and the total.

Without a year it answers with the latest budget you may see.

Scoped like the budget pages: the business unit, executive and scrutineer get the whole
budget; an agency lead gets their own organisation's contribution only, with no total.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission
from masa.partnership import budget as selectors


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
        partnership = request.query_params.get("partnership")
        if partnership is not None and not (partnership.isascii() and partnership.isdigit()):
            return Response(
                {"error": "Give the partnership as its id, like ?partnership=1"}, status=400
            )
        partnership_id = int(partnership) if partnership else None
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
