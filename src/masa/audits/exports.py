"""A cycle's results as tables, for the CSV and XLSX downloads.

The XLSX has one visible sheet per table (returns and grades; answers; actions), no hidden
sheets, no defined names and no formulas: every cell is written as a string or a number with
its type set, so a value starting with "=" stays text. Its document properties name only the
partnership (no author, no last-modified-by, no title or company).
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Prefetch, QuerySet

from masa.audits.models import (
    Answer,
    AuditReturn,
    Cycle,
    Question,
    QuestionKind,
    ReturnKind,
    ReturnStatus,
    grade_label,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[list[Any]]]


def _questions(cycle: Cycle) -> list[Question]:
    return list(
        Question.objects.filter(substandard__standard__version=cycle.version)
        .select_related("substandard__standard")
        .order_by("substandard__standard__number", "substandard__number", "order")
    )


def _returns(returns: QuerySet[AuditReturn]) -> list[AuditReturn]:
    return list(
        returns.select_related("organisation")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("question_id")))
        .order_by("organisation__name", "pk")
        .distinct()
    )


def _answer_text(question: Question, answer: Answer | None, scale: str) -> str:
    if answer is None:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return "" if answer.yes_no is None else ("Yes" if answer.yes_no else "No")
    return grade_label(scale, answer.grade)


def results_table(cycle: Cycle, returns: QuerySet[AuditReturn]) -> Table:
    """One row per return: organisation, kind, status, overall grade and each question's
    grade (or yes/no) by question key. The CSV download is this table."""
    questions = _questions(cycle)
    header = [
        "Organisation",
        "Kind of return",
        "Status",
        "Overall grade",
        *[q.key for q in questions],
    ]
    rows = []
    for r in _returns(returns):
        by_question = {a.question_id: a for a in r.answers.all()}
        rows.append(
            [
                r.organisation.name,
                ReturnKind(r.kind).label,
                ReturnStatus(r.status).label,
                grade_label(cycle.scale, r.overall_grade),
                *[_answer_text(q, by_question.get(q.pk), cycle.scale) for q in questions],
            ]
        )
    return "Returns and grades", header, rows


def tables(cycle: Cycle, returns: QuerySet[AuditReturn]) -> list[Table]:
    """The results table, then every answer (with the moderated grade and the comment) and
    every action planned for a grade below Good."""
    questions = _questions(cycle)
    loaded = _returns(returns)
    answers_header = [
        "Organisation",
        "Standard",
        "Sub-standard",
        "Question",
        "Question text",
        "Answer",
        "Moderated grade",
        "Comment",
    ]
    actions_header = ["Organisation", "Question", "Grade", "Action", "Owner", "Due date"]
    answer_rows: list[list[Any]] = []
    action_rows: list[list[Any]] = []
    for r in loaded:
        by_question = {a.question_id: a for a in r.answers.all()}
        for q in questions:
            a = by_question.get(q.pk)
            if a is None:
                continue
            answer_rows.append(
                [
                    r.organisation.name,
                    q.substandard.standard.number,
                    f"{q.substandard.standard.number}.{q.substandard.number}",
                    q.key,
                    q.text,
                    _answer_text(q, a, cycle.scale),
                    grade_label(cycle.scale, a.moderated_grade),
                    a.narrative,
                ]
            )
            if a.action_what:
                action_rows.append(
                    [
                        r.organisation.name,
                        q.key,
                        grade_label(cycle.scale, a.grade),
                        a.action_what,
                        a.action_owner,
                        a.action_due_on.isoformat() if a.action_due_on else "",
                    ]
                )
    return [
        results_table(cycle, returns),
        ("Answers", answers_header, answer_rows),
        ("Actions", actions_header, action_rows),
    ]


def _cell_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def workbook(cycle: Cycle, returns: QuerySet[AuditReturn]) -> bytes:
    """The XLSX file: one visible sheet per table; strings and numbers only, never formulas."""
    from openpyxl import Workbook
    from openpyxl.packaging.core import DocumentProperties

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in tables(cycle, returns):
        sheet = book.create_sheet(title=title)
        sheet.sheet_state = "visible"
        for row_number, row in enumerate([header, *rows], start=1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, bool) or not isinstance(value, int | float):
                    cell.value = _cell_text(str(value))
                    cell.data_type = "s"  # text, even when it starts with "="
                else:
                    cell.value = value
                    cell.data_type = "n"
        sheet.freeze_panes = "A2"
    # Only the partnership's name: no author, last-modified-by, title, company or keywords.
    book.properties = DocumentProperties(creator=cycle.partnership.name, lastModifiedBy="")
    book.properties.title = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
