"""/api/v1/submissions/: local indicator submissions.

GET lists (and reads by id) the submissions the person may see, current values and the ones
they replaced (`superseded`). POST takes one row or a list of rows, each with `indicator`
(code), `organisation` (name or id), `period` ("2016/17" or "2016/17 Q1") and `value`, and
for an indicator submitted with breakdowns optionally `breakdowns: [{characteristic, category,
count}]`, each characteristic's counts adding up to the value; they go
through the same checks and service as the CSV upload: nothing is saved unless every row is
clean, and a 400 lists each problem by row (the first row is 1) and column. Someone who may
submit in more than one partnership says which with `?partnership=<id>`.

Breakdown counts of 1 to 4 (and one more, where it could be worked out from the total) come as
`"count": null, "suppressed": true` to everyone but those who may submit or correct the figure
(the submitting organisation's lead and the business unit).

/api/v1/submissions/outstanding?period=2016/17 Q4: who has not submitted, for the business unit.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from masa.core.access import Access
from masa.core.api_records import RecordViewSet
from masa.core.permissions import Permission, Reach, reach
from masa.partnership.models import Partnership
from masa.performance.breakdowns import table
from masa.performance.models import Submission
from masa.performance.submissions import (
    DAYS_TO_SUBMIT,
    RowsRefused,
    choose_partnership,
    current_period,
    figures_expected,
    parse_period,
    submit_rows,
)

BreakdownCellSerializer = inline_serializer(
    "SubmissionBreakdownCell",
    {
        "characteristic": serializers.CharField(),
        "category": serializers.CharField(),
        "count": serializers.IntegerField(allow_null=True),
        "suppressed": serializers.BooleanField(),
    },
    many=True,
)


class SubmissionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    breakdowns = serializers.SerializerMethodField()

    @extend_schema_field(BreakdownCellSerializer)
    def get_breakdowns(self, submission: Submission) -> list[dict[str, Any]]:
        """Counts of 1 to 4 (and one more where it could be worked out) come as null with
        suppressed true, except for those who may submit or correct the figure."""
        exact = _may_change(self.context.get("submit_reach"), submission)
        rows = [(b.characteristic, b.category, b.count) for b in submission.breakdowns.all()]
        return [
            {
                "characteristic": characteristic,
                "category": cell.category,
                "count": cell.count,
                "suppressed": cell.suppressed,
            }
            for characteristic, _label, cells in table(
                rows, submission.indicator.breakdown_characteristics, exact=exact
            )
            for cell in cells
        ]

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
            "breakdowns",
        ]
        read_only_fields = fields


def _may_change(where: Reach | None, submission: Submission) -> bool:
    """Whether the person may submit or correct this figure (and so sees exact counts)."""
    if where is None:
        return False
    return (
        submission.partnership_id in where.partnership_ids
        or submission.organisation_id in where.organisation_ids
    )


class BreakdownRowSerializer(serializers.Serializer):
    characteristic = serializers.CharField(help_text="sex, age_band, ethnicity, disability, …")
    category = serializers.CharField(help_text="A category of the characteristic, e.g. female")
    count = serializers.IntegerField(help_text="A whole number, 0 or more")


class SubmissionRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code")
    organisation = serializers.CharField(help_text="The organisation's name or id")
    period = serializers.CharField(help_text='"2016/17", or "2016/17 Q1" for a quarter')
    value = serializers.CharField(help_text="A number; a percentage from 0 to 100")
    breakdowns = BreakdownRowSerializer(
        many=True,
        required=False,
        help_text="For an indicator submitted with breakdowns: the counts of each category of "
        "a characteristic, adding up to the value",
    )


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
        return (
            Submission.objects.visible_to(self.request.user)
            .select_related("indicator", "organisation")
            .prefetch_related("breakdowns")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "submit_reach": reach(self.request.user, Permission.SUBMIT_DATA),
        }

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
            SubmissionSerializer(
                result.saved, many=True, context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )


class OutstandingView(APIView):
    """Who has not submitted figures for a quarter (the business unit only)."""

    masa_access = Access.PERMISSION
    masa_permission = Permission.MANAGE_PERFORMANCE

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                required=False,
                description='A quarter written like "2016/17 Q4"; without it, the latest quarter '
                "that has ended",
            ),
            OpenApiParameter("partnership", int, required=False),
        ],
        responses={200: dict, 400: dict},
    )
    def get(self, request: Request) -> Response:
        where = reach(request.user, Permission.MANAGE_PERFORMANCE).partnership_ids
        chosen = request.query_params.get("partnership", "").strip()
        if chosen and (not chosen.isdigit() or int(chosen) not in where):
            raise Http404
        partnership = Partnership.objects.filter(pk__in=where).order_by("pk")
        if chosen:
            partnership = partnership.filter(pk=int(chosen))
        found = partnership.first()
        if found is None:
            raise Http404
        today = timezone.localdate()
        text = request.query_params.get("period", "").strip()
        period = current_period(today) if not text else parse_period(text, today.year)
        if isinstance(period, str) or not period[1]:
            return Response(
                {
                    "error": 'Give the period as a quarter, like "2016/17 Q4".',
                    "fields": {"period": [period if isinstance(period, str) else "Give a quarter"]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        figures = figures_expected(found, *period, today=today)
        return Response(
            {
                "partnership": found.pk,
                "period": figures.label,
                "due": figures.due.isoformat() if figures.due else None,
                "days_to_submit": DAYS_TO_SUBMIT,
                "organisations": [
                    {
                        "organisation": org.organisation.name,
                        "organisation_id": org.organisation.pk,
                        "outstanding": [e.indicator.code for e in org.outstanding],
                        "submitted": [e.indicator.code for e in org.submitted],
                        "late": any(e.late for e in org.outstanding),
                        "last_reminded": org.last_reminder.sent_at.isoformat()
                        if org.last_reminder
                        else None,
                    }
                    for org in figures.organisations
                ],
            }
        )
