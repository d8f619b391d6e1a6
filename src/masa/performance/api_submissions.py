"""/api/v1/submissions/: local indicator submissions.

GET lists (and reads by id) the submissions the person may see, current values and the ones
they replaced (`superseded`). POST takes one row or a list of rows, each with `indicator`
(code), `organisation` (name or id), `period` ("2016/17" or "2016/17 Q1") and `value`; they go
through the same checks and service as the CSV upload: nothing is saved unless every row is
clean, and a 400 lists each problem by row (the first row is 1) and column. Someone who may
submit in more than one partnership says which with `?partnership=<id>`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission
from masa.performance.models import Submission
from masa.performance.submissions import RowsRefused, choose_partnership, submit_rows


class SubmissionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "partnership",
            "indicator",
            "organisation",
            "organisation_name",
            "period",
            "year",
            "quarter",
            "value",
            "submitted_by",
            "submitted_at",
            "superseded",
            "superseded_by",
        ]
        read_only_fields = fields


class SubmissionRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code")
    organisation = serializers.CharField(help_text="The organisation's name or id")
    period = serializers.CharField(help_text='"2016/17", or "2016/17 Q1" for a quarter')
    value = serializers.CharField(help_text="A number; a percentage from 0 to 100")


ProblemSerializer = inline_serializer(
    "SubmissionProblem",
    {
        "row": serializers.IntegerField(),
        "column": serializers.CharField(),
        "message": serializers.CharField(),
    },
)


def _refusal(error: str, problems: list[dict[str, Any]]) -> Response:
    return Response(
        {
            "error": error,
            "fields": {
                "rows": [f"Row {p['row']}, {p['column']}: {p['message']}" for p in problems]
            },
            "problems": problems,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class SubmissionViewSet(RecordViewSet):
    """Local submissions: read what you may see; submit rows of figures."""

    model = Submission
    serializer_class = SubmissionSerializer
    masa_permission = Permission.VIEW_SUBMISSIONS
    masa_change_permission = Permission.SUBMIT_DATA
    http_method_names: ClassVar[list[str]] = ["get", "post", "head", "options"]  # type: ignore[misc]

    def get_queryset(self) -> Any:
        return Submission.objects.visible_to(self.request.user).select_related(
            "indicator", "organisation"
        )

    @extend_schema(
        request=SubmissionRowSerializer(many=True),
        parameters=[OpenApiParameter("partnership", int, required=False)],
        responses={201: SubmissionSerializer(many=True)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = request.data
        rows = body if isinstance(body, list) else [body]
        if not rows or not all(isinstance(row, dict) for row in rows):
            return _refusal(
                "Send one row, or a list of rows, each an object with indicator, "
                "organisation, period and value.",
                [],
            )
        partnership = choose_partnership(request.user, request.query_params.get("partnership"))
        if partnership is None:
            return _refusal(
                "Say which partnership you are submitting for with ?partnership=<id>, "
                "one where you may submit figures.",
                [],
            )
        try:
            result = submit_rows(rows, actor=request.user, partnership=partnership, first_row=1)
        except RowsRefused as refused:
            return _refusal(
                "Nothing was saved: each row below says what to fix.",
                [problem.as_dict() for problem in refused.problems],
            )
        return Response(
            SubmissionSerializer(result.saved, many=True).data, status=status.HTTP_201_CREATED
        )
