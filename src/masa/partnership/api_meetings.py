"""/api/v1/attendance?year=2016/17: each organisation's expected and attended meetings, and %.

Scoped like the attendance page: read-across roles get every organisation in their
partnerships, an agency lead their own organisation only.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission
from masa.partnership import meetings as selectors


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class AttendanceView(APIView):
    """Attendance by organisation for one reporting year (April to March)."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.VIEW_MEETINGS

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                str,
                description="A reporting year written like 2016/17; without it, the latest "
                "year with a meeting you can see",
            )
        ],
        responses={200: dict, 400: dict},
    )
    def get(self, request: Request) -> Response:
        label = request.query_params.get("year", "").strip()
        if not label:  # no year asked for: the latest year with a meeting this person can see
            year = selectors.latest_year(request.user)
        else:
            try:
                year = ReportingYear.parse(label)
            except ValueError as problem:
                return Response({"error": str(problem)}, status=status.HTTP_400_BAD_REQUEST)
        report = selectors.attendance_report(request.user, year)
        return Response(
            {
                "year": year.label,
                "meetings": [meeting.held_on.isoformat() for meeting in report.meetings],
                "organisations": [
                    {
                        "organisation": row.organisation,
                        "organisation_id": row.organisation_id,
                        "expected": row.expected,
                        "attended": row.attended,
                        "percent": _number(row.percent),
                        "percent_exact": _number(row.percent_exact),
                    }
                    for row in report.rows
                ],
                "expected": report.expected,
                "attended": report.attended,
                "overall_percent": _number(report.overall_percent),
                "overall_percent_exact": _number(report.overall_percent_exact),
            }
        )
