"""Reads for audit pages and the API, scoped to the person and aggregated in the database, so
the number of queries does not grow with the number of settings invited."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from masa.accounts.models import OrganisationKind, SettingType
from masa.audits.models import (
    BEST,
    GOOD_OR_BETTER,
    GRADES,
    RETURNED,
    WORST,
    Answer,
    AuditInvitation,
    AuditReturn,
    Cycle,
    Evidence,
    FollowUpStatus,
    Question,
    QuestionKind,
    ReturnKind,
    grade_label,
)
from masa.core.permissions import Permission, reach


def percent(part: int, whole: int) -> int | None:
    """Whole per cent, halves rounded up, as the annual report prints it."""
    if not whole:
        return None
    return math.floor(100 * part / whole + 0.5)


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    invited: int
    returned: int

    @property
    def rate(self) -> int | None:
        return percent(self.returned, self.invited)


def _group_label(kind: str, setting_type: str) -> tuple[str, str]:
    if kind == OrganisationKind.EDUCATION and setting_type:
        return setting_type, SettingType(setting_type).label
    return kind, OrganisationKind(kind).label


def return_rates(cycle: Cycle) -> tuple[RateRow, list[RateRow]]:
    """Overall and by setting type (education) or kind of organisation: one query."""
    rows = (
        cycle.invitations.values("organisation__kind", "organisation__setting_type")
        .annotate(
            invited=Count("pk"), returned=Count("pk", filter=Q(audit_return__status__in=RETURNED))
        )
        .order_by()
    )
    grouped: dict[str, list[Any]] = {}
    for row in rows:
        key, label = _group_label(row["organisation__kind"], row["organisation__setting_type"])
        entry = grouped.setdefault(key, [label, 0, 0])
        entry[1] += row["invited"]
        entry[2] += row["returned"]
    order = [*SettingType.values, *OrganisationKind.values]
    by_group = [
        RateRow(key, label, invited, returned)
        for key, (label, invited, returned) in sorted(
            grouped.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99
        )
    ]
    overall = RateRow(
        "overall",
        "All invited",
        sum(r.invited for r in by_group),
        sum(r.returned for r in by_group),
    )
    return overall, by_group


def missing(cycle: Cycle) -> QuerySet[AuditInvitation]:
    return (
        cycle.invitations.exclude(audit_return__status__in=RETURNED)
        .select_related("organisation", "audit_return")
        .order_by("organisation__setting_type", "organisation__name")
    )


def returns_in(cycle: Cycle) -> QuerySet[AuditReturn]:
    """The returns counted in a cycle (its own and those shared into it)."""
    return AuditReturn.objects.filter(invitations__cycle=cycle, status__in=RETURNED)


@dataclass
class GradeCount:
    grade: str
    label: str
    count: int
    percent: int | None


@dataclass
class SubStandardRow:
    code: str
    statement: str
    counts: list[GradeCount]
    answered: int
    good_or_better: int

    @property
    def good_percent(self) -> int | None:
        return percent(self.good_or_better, self.answered)


@dataclass
class StandardRow:
    number: int
    title: str
    counts: list[GradeCount]
    substandards: list[SubStandardRow] = field(default_factory=list)


@dataclass
class YesNoRow:
    key: str
    code: str
    text: str
    yes: int
    no: int


@dataclass
class Analysis:
    scale: str
    grades: list[tuple[str, str]]
    returns: int
    overall: list[GradeCount]
    nil_returns: int
    national_returns: int
    standards: list[StandardRow]
    yes_no: list[YesNoRow]
    with_worst: int
    worst_label: str


def _counts(scale: str, by_grade: dict[str, int]) -> list[GradeCount]:
    total = sum(by_grade.values())
    return [
        GradeCount(value, label, by_grade.get(value, 0), percent(by_grade.get(value, 0), total))
        for value, label in GRADES[scale]
    ]


def analysis(cycle: Cycle) -> Analysis:
    """Grade distribution overall, per standard and per sub-standard; yes/no questions; and
    how many organisations graded something at the worst grade. Five queries."""
    scale = cycle.scale
    returned = returns_in(cycle)
    kinds = dict(returned.values_list("kind").annotate(n=Count("pk", distinct=True)).order_by())
    overall = dict(
        returned.filter(kind=ReturnKind.FULL)
        .values_list("overall_grade")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    answers = Answer.objects.filter(
        audit_return__in=returned.filter(kind=ReturnKind.FULL).values("pk")
    )
    graded = (
        answers.filter(question__kind=QuestionKind.GRADED)
        .values(
            "question__substandard__standard__number",
            "question__substandard__standard__title",
            "question__substandard__number",
            "question__substandard__statement",
            "grade",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    standards: dict[int, StandardRow] = {}
    subs: dict[tuple[int, int], dict[str, Any]] = {}
    per_standard: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in graded:
        number = row["question__substandard__standard__number"]
        standards.setdefault(
            number, StandardRow(number, row["question__substandard__standard__title"], [])
        )
        per_standard[number][row["grade"]] += row["n"]
        key = (number, row["question__substandard__number"])
        sub = subs.setdefault(
            key, {"statement": row["question__substandard__statement"], "grades": defaultdict(int)}
        )
        sub["grades"][row["grade"]] += row["n"]
    good = GOOD_OR_BETTER[scale]
    for number, standard in standards.items():
        standard.counts = _counts(scale, per_standard[number])
    for (number, sub_number), sub in sorted(subs.items()):
        counts = sub["grades"]
        standards[number].substandards.append(
            SubStandardRow(
                f"{number}.{sub_number}",
                sub["statement"],
                _counts(scale, counts),
                sum(counts.values()),
                sum(n for g, n in counts.items() if g in good),
            )
        )
    yes_no_rows = (
        answers.filter(question__kind=QuestionKind.YES_NO)
        .values(
            "question__key",
            "question__text",
            "question__substandard__standard__number",
            "question__substandard__number",
        )
        .annotate(yes=Count("pk", filter=Q(yes_no=True)), no=Count("pk", filter=Q(yes_no=False)))
        .order_by("question__key")
    )
    with_worst = (
        answers.filter(grade=WORST[scale]).values("audit_return__organisation").distinct().count()
    )
    return Analysis(
        scale=scale,
        grades=GRADES[scale],
        returns=sum(kinds.values()),
        overall=_counts(scale, overall),
        nil_returns=kinds.get(ReturnKind.NIL, 0),
        national_returns=kinds.get(ReturnKind.NATIONAL, 0),
        standards=[standards[n] for n in sorted(standards)],
        yes_no=[
            YesNoRow(
                r["question__key"],
                f"{r['question__substandard__standard__number']}."
                f"{r['question__substandard__number']}",
                r["question__text"],
                r["yes"],
                r["no"],
            )
            for r in yes_no_rows
        ],
        with_worst=with_worst,
        worst_label=grade_label(scale, WORST[scale]),
    )


def organisations_with_worst(cycle: Cycle) -> QuerySet[AuditReturn]:
    """Returns with the worst grade at sub-standard level, e.g. an Inadequate anywhere."""
    worst = WORST[cycle.scale]
    return (
        returns_in(cycle)
        .filter(answers__grade=worst)
        .annotate(worst_count=Count("answers", filter=Q(answers__grade=worst), distinct=True))
        .select_related("organisation")
        .order_by("organisation__name")
        .distinct()
    )


def validation_sample(cycle: Cycle) -> QuerySet[AuditReturn]:
    """Every return graded best overall plus every return with the worst grade anywhere
    (seed 003 §6.4 Next steps)."""
    scale = cycle.scale
    return (
        returns_in(cycle)
        .filter(Q(overall_grade=BEST[scale]) | Q(answers__grade=WORST[scale]))
        .select_related("organisation", "validated_by")
        .order_by("organisation__name")
        .distinct()
    )


def follow_up_answers(cycle: Cycle, question: Question, gap: str) -> QuerySet[Answer]:
    """Answers to follow up: "no" to a yes/no question, or the worst grade."""
    rows = Answer.objects.filter(
        audit_return__in=returns_in(cycle).values("pk"), question=question
    ).select_related("audit_return__organisation", "follow_up")
    if question.kind == QuestionKind.YES_NO:
        return rows.filter(yes_no=False).order_by("audit_return__organisation__name")
    return rows.filter(grade=gap or WORST[cycle.scale]).order_by("audit_return__organisation__name")


def follow_up_label(answer: Answer) -> str:
    follow_up = getattr(answer, "follow_up", None)
    return FollowUpStatus(follow_up.status).label if follow_up else FollowUpStatus.OPEN.label


def question_summary(cycle: Cycle, question: Question) -> dict[str, Any]:
    """One question across organisations: counts of each grade (or yes/no)."""
    rows = Answer.objects.filter(audit_return__in=returns_in(cycle).values("pk"), question=question)
    if question.kind == QuestionKind.YES_NO:
        counts = rows.aggregate(
            yes=Count("pk", filter=Q(yes_no=True)), no=Count("pk", filter=Q(yes_no=False))
        )
        return {"yes": counts["yes"], "no": counts["no"]}
    by_grade = dict(rows.values_list("grade").annotate(n=Count("pk")).order_by())
    total = sum(by_grade.values())
    good = sum(n for g, n in by_grade.items() if g in GOOD_OR_BETTER[cycle.scale])
    return {
        "counts": _counts(cycle.scale, by_grade),
        "answered": total,
        "good_or_better": good,
        "good_percent": percent(good, total),
    }


def invitations_to_complete(user: Any) -> QuerySet[AuditInvitation]:
    """Invitations of the organisations whose returns the person completes."""
    organisations = reach(user, Permission.COMPLETE_AUDIT_RETURNS).organisation_ids
    return AuditInvitation.objects.filter(organisation__in=organisations)


def returns_to_validate(user: Any) -> QuerySet[AuditReturn]:
    """Returns the person may validate and moderate (the business unit)."""
    return AuditReturn.objects.validatable_by(user)


def invitable(partnership_id: int, kinds: list[str], setting_types: list[str]) -> list[Any]:
    """Organisations engaged with the partnership of the kinds, or education settings of the
    types, chosen for a new cycle."""
    from masa.accounts.models import Organisation

    condition = Q(kind__in=kinds)
    if setting_types:
        condition |= Q(kind=OrganisationKind.EDUCATION, setting_type__in=setting_types)
    return list(
        Organisation.objects.filter(condition, engagement__partnership_id=partnership_id)
        .distinct()
        .order_by("name")
    )


def evidence_files_visible_to(user: Any) -> QuerySet[Evidence]:
    """Evidence files of the returns the person may see."""
    return Evidence.objects.filter(
        answer__audit_return__in=AuditReturn.objects.visible_to(user).values("pk")
    ).exclude(stored_name="")


@dataclass
class ThemeRow:
    wording: str
    returns: int
    links: list[tuple[int, str]]  # (return id, organisation name) within the viewer's reach

    @property
    def more(self) -> int:
        return self.returns - len(self.links)


@dataclass
class StandardThemes:
    number: int
    title: str
    commented: int  # returns with a comment on this standard
    themes: list[ThemeRow]


THEMES_PER_STANDARD = 5
LINKS_PER_THEME = 8
# Words every comment in a self-assessment uses, which say nothing about a theme.
COMMENT_STOP_STEMS = frozenset({"demo", "answer", "standard", "agenc", "organisation", "servic"})


def comment_themes(cycle: Cycle, user: Any) -> list[StandardThemes]:
    """For each standard, the words and two-word phrases that recur across the returns'
    free-text comments (masa.core.text.common_themes: stemmed, stop words left out), with how
    many returns mention each and links to those the viewer may see. Two queries."""
    from masa.core.text import common_themes

    rows = (
        Answer.objects.filter(
            audit_return__in=returns_in(cycle).filter(kind=ReturnKind.FULL).values("pk")
        )
        .exclude(narrative="")
        .values_list(
            "question__substandard__standard__number",
            "question__substandard__standard__title",
            "audit_return_id",
            "narrative",
        )
        .order_by("question__substandard__standard__number", "audit_return_id", "pk")
    )
    by_standard: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for number, title, return_id, narrative in rows:
        by_standard.setdefault(number, (title, []))[1].append((return_id, narrative))
    found: list[tuple[int, str, int, list[Any]]] = []
    linked: set[int] = set()
    for number, (title, documents) in sorted(by_standard.items()):
        themes = common_themes(documents, top=THEMES_PER_STANDARD, stop_stems=COMMENT_STOP_STEMS)
        found.append((number, title, len({key for key, _ in documents}), themes))
        for theme in themes:
            linked.update(int(key) for key in theme.documents)  # type: ignore[call-overload]
    names = dict(
        AuditReturn.objects.visible_to(user)
        .filter(pk__in=linked)
        .values_list("pk", "organisation__name")
    )
    result = []
    for number, title, commented, themes in found:
        rows_out = []
        for theme in themes:
            ids = sorted(
                (int(key) for key in theme.documents if key in names),
                key=lambda pk: names[pk],
            )
            rows_out.append(
                ThemeRow(
                    theme.wording,
                    theme.count,
                    [(pk, names[pk]) for pk in ids[:LINKS_PER_THEME]],
                )
            )
        result.append(StandardThemes(number, title, commented, rows_out))
    return result
