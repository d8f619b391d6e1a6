"""Practice reviews and other learning reviews: the services that change them and the
selectors that read them for one person (issue 5 steps 4, 5 and 8).

Services take the acting person as `actor=`, check the change, make it and write its audit
event in one transaction; a refusal raises Django's `ValidationError` naming the field. Audit
details hold ids, field names and dates only, never what was written about a child.

The six-month clock (PUBLICATION_CLOCK): the report is expected six calendar months after the
decision to initiate the review (`started_on`), plus every day the review was paused. Ended
pauses are stored in `paused_days` and `publication_expected`; an open pause keeps moving the
date, so `expected_on(review, today)` adds the days it has run so far. The report goes to the
Panel and DfE at least seven working days before publication (ADVANCE_NOTICE_CLOCK, counted
with `masa.core.calendar`).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from masa.accounts.models import Engagement, Organisation
from masa.core import audit
from masa.core.calendar import CalendarCoverageError, is_working_day, working_days_between
from masa.core.permissions import Permission, reach
from masa.documents import uploads
from masa.documents.uploads import UploadRefused
from masa.learning.models import (
    ADVANCE_NOTICE_CLOCK,
    OPEN_ACTION_STATUSES,
    PUBLICATION_CLOCK,
    Case,
    Finding,
    FindingKind,
    PauseReason,
    Publication,
    PublicationKind,
    Review,
    ReviewAction,
    ReviewKind,
    ReviewMilestone,
    ReviewPause,
    ReviewRecommendation,
    ReviewStatus,
    Theme,
)
from masa.partnership.models import Partnership

__all__ = ["UploadRefused"]

TEXT_LIMIT = 10000
REVIEW_FIELDS = (
    "kind",
    "title",
    "reviewer_name",
    "reviewer_organisation",
    "methodology",
    "terms_of_reference",
    "started_on",
    "publication_planned_on",
    "advance_notice_sent_on",
    "status",
)
TEXT_FIELDS = (
    "title",
    "reviewer_name",
    "reviewer_organisation",
    "methodology",
    "terms_of_reference",
)


# -- Clocks -----------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def publication_expected(started_on: datetime.date, paused_days: int) -> datetime.date:
    """Six calendar months after the decision to initiate, plus the days paused."""
    return add_months(started_on, PUBLICATION_CLOCK.months) + datetime.timedelta(days=paused_days)


def advance_notice_due(planned_on: datetime.date | None) -> datetime.date | None:
    """The last working day that leaves seven working days before the planned publication."""
    if planned_on is None:
        return None
    day, counted = planned_on, 0
    try:
        while counted < ADVANCE_NOTICE_CLOCK.working_days:
            day -= datetime.timedelta(days=1)
            if is_working_day(day):
                counted += 1
    except CalendarCoverageError as problem:
        raise ValidationError({"publication_planned_on": str(problem)}) from None
    return day


def open_pause_days(review: Review, today: datetime.date) -> int:
    """Days the open pause (if any) has run so far; uses prefetched pauses when present."""
    return sum(p.days(today) for p in review.pauses.all() if p.ended_on is None)


def expected_on(review: Review, today: datetime.date) -> datetime.date | None:
    """When the report is now expected: the stored date moved on by an open pause."""
    if review.publication_expected is None:
        return None
    if hasattr(review, "open_pause_since"):  # annotated by reviews_for
        since = review.open_pause_since
        extra = max((today - since).days, 0) if since is not None else 0
    else:
        extra = open_pause_days(review, today)
    return review.publication_expected + datetime.timedelta(days=extra)


@dataclass(frozen=True)
class ReviewClock:
    expected: datetime.date | None
    paused_days: int
    paused_now: bool
    # "due", "paused", "late", "published", "published late", "completed", "not for publication"
    state: str

    @property
    def tag(self) -> str:
        return {
            "due": "govuk-tag--blue",
            "paused": "govuk-tag--yellow",
            "late": "govuk-tag--red",
            "published": "govuk-tag--green",
            "published late": "govuk-tag--orange",
        }.get(self.state, "govuk-tag--grey")


def clock_of(review: Review, today: datetime.date) -> ReviewClock:
    open_since = getattr(review, "open_pause_since", None)
    if not hasattr(review, "open_pause_since"):
        open_since = next((p.started_on for p in review.pauses.all() if p.ended_on is None), None)
    extra = max((today - open_since).days, 0) if open_since else 0
    expected = expected_on(review, today)
    if review.status == ReviewStatus.NOT_PUBLISHED:
        state = "not for publication"
    elif review.status == ReviewStatus.COMPLETED and review.kind != ReviewKind.CSPR:
        state = "completed"  # other learning reviews need not be published
    elif review.published_on is not None:
        late = expected is not None and review.published_on > expected
        state = "published late" if late else "published"
    elif open_since is not None:
        state = "paused"
    elif expected is not None and today > expected:
        state = "late"
    else:
        state = "due"
    return ReviewClock(expected, review.paused_days + extra, open_since is not None, state)


def _recompute(review: Review) -> None:
    ended = ReviewPause.objects.filter(review=review, ended_on__isnull=False)
    review.paused_days = sum(p.days(p.ended_on or p.started_on) for p in ended)
    review.publication_expected = publication_expected(review.started_on, review.paused_days)
    review.advance_notice_due_on = advance_notice_due(review.publication_planned_on)


# -- Reviews ----------------------------------------------------------------------------------


def managing_partnerships(user: Any) -> list[Partnership]:
    ids = reach(user, Permission.MANAGE_REVIEWS).partnership_ids
    return list(Partnership.objects.filter(pk__in=ids).order_by("name"))


def _clean_text(value: Any, field: str, *, required: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: "Keep this to 10,000 characters or fewer"})
    return text


def _check_review(review: Review, today: datetime.date) -> None:
    problems: dict[str, str] = {}
    if review.kind not in ReviewKind.values:
        problems["kind"] = "Select the kind of review"
    if not review.title:
        problems["title"] = "Enter the title, using pseudonyms only, like Child L and Child J"
    elif len(review.title) > 200:
        problems["title"] = "Keep the title to 200 characters or fewer"
    if review.started_on is None:
        problems["started_on"] = "Enter the date the review was initiated"
    elif review.started_on > today:
        problems["started_on"] = "The date the review was initiated must be today or in the past"
    if review.status not in ReviewStatus.values:
        problems["status"] = "Select the status of the review"
    sent = review.advance_notice_sent_on
    if sent is not None and sent > today:
        problems["advance_notice_sent_on"] = (
            "The date the report was sent to the Panel must be today or in the past"
        )
    if sent is not None and review.started_on and sent < review.started_on:
        problems["advance_notice_sent_on"] = (
            "The report cannot be sent to the Panel before the review was initiated"
        )
    planned = review.publication_planned_on
    if planned is not None and review.started_on and planned < review.started_on:
        problems["publication_planned_on"] = (
            "Publication cannot be planned before the review was initiated"
        )
    if review.status == ReviewStatus.PUBLISHED and review.published_on is None:
        problems["status"] = "A review is published when a second person approves its publication"
    if problems:
        raise ValidationError(problems)


def review_start(
    *,
    actor: Any,
    kind: str,
    title: str,
    started_on: datetime.date,
    partnership: Partnership | None = None,
    case: Case | None = None,
    reviewer_name: str = "",
    reviewer_organisation: str = "",
    methodology: str = "",
    terms_of_reference: str = "",
) -> Review:
    """Start a CSPR or another learning review, from a case or on its own (a thematic one)."""
    allowed = reach(actor, Permission.MANAGE_REVIEWS).partnership_ids
    if case is not None:
        if partnership is not None and partnership.pk != case.partnership_id:
            raise ValidationError({"case": "Select a case of the same partnership"})
        partnership = case.partnership
    if partnership is None:
        choices = managing_partnerships(actor)
        if len(choices) != 1:
            raise ValidationError({"partnership": "Select the partnership"})
        partnership = choices[0]
    if partnership.pk not in allowed:
        raise ValidationError(
            {"case" if case else "partnership": "Your roles do not include starting reviews here"}
        )
    review = Review(
        partnership=partnership,
        case=case,
        kind=kind,
        title=_clean_text(title, "title"),
        reviewer_name=_clean_text(reviewer_name, "reviewer_name"),
        reviewer_organisation=_clean_text(reviewer_organisation, "reviewer_organisation"),
        methodology=_clean_text(methodology, "methodology"),
        terms_of_reference=_clean_text(terms_of_reference, "terms_of_reference"),
        started_on=started_on,
    )
    _check_review(review, timezone.localdate())
    with transaction.atomic():
        review.paused_days = 0
        review.publication_expected = publication_expected(started_on, 0)
        review.save()
        audit.record(
            actor=actor,
            action="learning.review_started",
            target=review,
            detail={
                "partnership": partnership.pk,
                "case": case.pk if case else None,
                "kind": kind,
                "started_on": started_on.isoformat(),
            },
        )
    return review


def review_change(*, actor: Any, review: Review, changes: dict[str, Any]) -> Review:
    """Change the review's details, its planned publication and the advance notice."""
    unknown = set(changes) - set(REVIEW_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed here" for name in sorted(unknown)})
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        before = {name: getattr(review, name) for name in REVIEW_FIELDS}
        for name, value in changes.items():
            if name in TEXT_FIELDS:
                value = _clean_text(value, name)
            setattr(review, name, value)
        if review.status == ReviewStatus.PUBLISHED and before["status"] != review.status:
            raise ValidationError(
                {"status": "A review is published when a second person approves its publication"}
            )
        _check_review(review, timezone.localdate())
        changed = sorted(n for n in REVIEW_FIELDS if getattr(review, n) != before[n])
        if not changed:
            return review
        if review.started_on != before["started_on"]:
            earliest = review.pauses.order_by("started_on").values_list("started_on", flat=True)
            first = earliest.first()
            if first is not None and first < review.started_on:
                raise ValidationError(
                    {"started_on": "A recorded pause starts before this date; change it first"}
                )
        _recompute(review)
        review.save()
        audit.record(
            actor=actor,
            action="learning.review_changed",
            target=review,
            detail={"fields": changed},
        )
    return review


# -- Pauses and milestones --------------------------------------------------------------------


def _check_pause(pause: ReviewPause, today: datetime.date) -> None:
    review = pause.review
    problems: dict[str, str] = {}
    if pause.reason not in PauseReason.values:
        problems["reason"] = "Select why the review is paused"
    if pause.started_on is None:
        problems["started_on"] = "Enter the date the pause started"
    elif pause.started_on > today:
        problems["started_on"] = "The date the pause started must be today or in the past"
    elif pause.started_on < review.started_on:
        problems["started_on"] = "A pause cannot start before the review was initiated"
    if pause.ended_on is not None:
        if pause.ended_on > today:
            problems["ended_on"] = "The date the pause ended must be today or in the past"
        elif pause.started_on and pause.ended_on < pause.started_on:
            problems["ended_on"] = "The pause cannot end before it started"
    if problems:
        raise ValidationError(problems)
    others = ReviewPause.objects.filter(review=review).exclude(pk=pause.pk)
    far = datetime.date.max
    for other in others:
        if pause.started_on <= (other.ended_on or far) and other.started_on <= (
            pause.ended_on or far
        ):
            raise ValidationError(
                {
                    "started_on": "This pause overlaps another recorded pause of the review "
                    f"(from {other.started_on:%-d %B %Y})"
                }
            )


def pause_add(
    *,
    actor: Any,
    review: Review,
    reason: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> ReviewPause:
    """Record a pause (for criminal proceedings, say); the expected publication moves on."""
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        pause = ReviewPause(
            review=review,
            reason=reason,
            note=_clean_text(note, "note"),
            started_on=started_on,
            ended_on=ended_on,
        )
        _check_pause(pause, timezone.localdate())
        pause.save()
        _recompute(review)
        review.save(update_fields=["paused_days", "publication_expected", "updated_at"])
        audit.record(
            actor=actor,
            action="learning.review_paused",
            target=pause,
            detail={
                "review": review.pk,
                "reason": reason,
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else None,
            },
        )
    return pause


def pause_change(*, actor: Any, pause: ReviewPause, changes: dict[str, Any]) -> ReviewPause:
    """Change a pause; most often, record the day it ended."""
    allowed = {"reason", "note", "started_on", "ended_on"}
    if set(changes) - allowed:
        raise ValidationError({n: "This cannot be changed here" for n in set(changes) - allowed})
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=pause.review_id)
        pause = ReviewPause.objects.get(pk=pause.pk)
        pause.review = review
        before = {name: getattr(pause, name) for name in allowed}
        for name, value in changes.items():
            setattr(pause, name, _clean_text(value, name) if name == "note" else value)
        _check_pause(pause, timezone.localdate())
        changed = sorted(n for n in allowed if getattr(pause, n) != before[n])
        if not changed:
            return pause
        pause.save()
        _recompute(review)
        review.save(update_fields=["paused_days", "publication_expected", "updated_at"])
        audit.record(
            actor=actor,
            action="learning.review_pause_changed",
            target=pause,
            detail={"review": review.pk, "fields": changed},
        )
    return pause


def milestone_add(
    *,
    actor: Any,
    review: Review,
    what: str,
    due_on: datetime.date,
    done_on: datetime.date | None = None,
    quality_note: str = "",
) -> ReviewMilestone:
    milestone = ReviewMilestone(
        review=review,
        what=_clean_text(what, "what", required="Say what the milestone is"),
        due_on=due_on,
        done_on=done_on,
        quality_note=_clean_text(quality_note, "quality_note"),
    )
    _check_milestone(milestone)
    with transaction.atomic():
        milestone.save()
        audit.record(
            actor=actor,
            action="learning.review_milestone_added",
            target=milestone,
            detail={"review": review.pk, "due_on": due_on.isoformat()},
        )
    return milestone


def _check_milestone(milestone: ReviewMilestone) -> None:
    if len(milestone.what) > 200:
        raise ValidationError({"what": "Keep this to 200 characters or fewer"})
    if milestone.due_on is None:
        raise ValidationError({"due_on": "Enter the date the milestone is due"})
    if milestone.done_on is not None and milestone.done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    if milestone.done_on is not None and milestone.done_on < milestone.review.started_on:
        raise ValidationError({"done_on": "It cannot be done before the review was initiated"})


def milestone_change(
    *, actor: Any, milestone: ReviewMilestone, changes: dict[str, Any]
) -> ReviewMilestone:
    allowed = {"what", "due_on", "done_on", "quality_note"}
    if set(changes) - allowed:
        raise ValidationError({n: "This cannot be changed here" for n in set(changes) - allowed})
    before = {name: getattr(milestone, name) for name in allowed}
    for name, value in changes.items():
        if name == "what":
            value = _clean_text(value, name, required="Say what the milestone is")
        elif name == "quality_note":
            value = _clean_text(value, name)
        setattr(milestone, name, value)
    _check_milestone(milestone)
    changed = sorted(n for n in allowed if getattr(milestone, n) != before[n])
    if not changed:
        return milestone
    with transaction.atomic():
        milestone.save()
        audit.record(
            actor=actor,
            action="learning.review_milestone_changed",
            target=milestone,
            detail={"review": milestone.review_id, "fields": changed},
        )
    return milestone


# -- Findings and recommendations -------------------------------------------------------------


def _active_themes(themes: Iterable[Theme]) -> list[Theme]:
    chosen = list(themes)
    if any(not theme.active for theme in chosen):
        raise ValidationError({"themes": "Select themes from the list"})
    return chosen


def finding_add(
    *,
    actor: Any,
    review: Review,
    text: str,
    kind: str = FindingKind.FINDING,
    themes: Iterable[Theme] = (),
) -> Finding:
    """A finding or an example of good practice, tagged with themes."""
    text = _clean_text(text, "text", required="Enter the finding")
    if kind not in FindingKind.values:
        raise ValidationError({"kind": "Select whether this is a finding or good practice"})
    chosen = _active_themes(themes)
    with transaction.atomic():
        last = Finding.objects.filter(review=review).aggregate(m=Max("position"))["m"]
        finding = Finding.objects.create(
            review=review, kind=kind, text=text, position=(last or 0) + 1
        )
        finding.themes.set(chosen)
        audit.record(
            actor=actor,
            action="learning.finding_added",
            target=finding,
            detail={"review": review.pk, "kind": kind, "themes": sorted(t.pk for t in chosen)},
        )
    return finding


def finding_change(
    *,
    actor: Any,
    finding: Finding,
    text: str,
    kind: str,
    themes: Iterable[Theme],
) -> Finding:
    text = _clean_text(text, "text", required="Enter the finding")
    if kind not in FindingKind.values:
        raise ValidationError({"kind": "Select whether this is a finding or good practice"})
    chosen = {t.pk: t for t in themes}
    current = set(finding.themes.values_list("pk", flat=True))
    newly = [t for pk, t in chosen.items() if pk not in current]
    _active_themes(newly)  # a theme retired since keeps its old tags, but gets no new ones
    changed = [
        name
        for name, differs in (
            ("text", text != finding.text),
            ("kind", kind != finding.kind),
            ("themes", set(chosen) != current),
        )
        if differs
    ]
    if not changed:
        return finding
    with transaction.atomic():
        finding.text, finding.kind = text, kind
        finding.save(update_fields=["text", "kind"])
        finding.themes.set(chosen.values())
        audit.record(
            actor=actor,
            action="learning.finding_changed",
            target=finding,
            detail={"review": finding.review_id, "fields": changed},
        )
    return finding


def _check_addressees(review: Review, organisations: Iterable[Organisation]) -> list[Organisation]:
    chosen = list(organisations)
    engaged = set(
        Engagement.objects.filter(partnership_id=review.partnership_id).values_list(
            "organisation_id", flat=True
        )
    )
    if any(o.pk not in engaged for o in chosen):
        raise ValidationError(
            {"addressed_to": "Select organisations that work with the partnership"}
        )
    return chosen


def recommendation_add(
    *,
    actor: Any,
    review: Review,
    text: str,
    themes: Iterable[Theme] = (),
    addressed_to: Iterable[Organisation] = (),
    addressed_to_partnership: bool = False,
) -> ReviewRecommendation:
    text = _clean_text(text, "text", required="Enter the recommendation")
    chosen = _active_themes(themes)
    organisations = _check_addressees(review, addressed_to)
    if not organisations and not addressed_to_partnership:
        raise ValidationError(
            {
                "addressed_to": "Select who the recommendation is for: the partnership or organisations"
            }
        )
    with transaction.atomic():
        last = ReviewRecommendation.objects.filter(review=review).aggregate(m=Max("position"))["m"]
        recommendation = ReviewRecommendation.objects.create(
            review=review,
            text=text,
            addressed_to_partnership=addressed_to_partnership,
            position=(last or 0) + 1,
        )
        recommendation.themes.set(chosen)
        recommendation.addressed_to.set(organisations)
        audit.record(
            actor=actor,
            action="learning.recommendation_added",
            target=recommendation,
            detail={
                "review": review.pk,
                "themes": sorted(t.pk for t in chosen),
                "addressed_to": sorted(o.pk for o in organisations),
                "addressed_to_partnership": addressed_to_partnership,
            },
        )
    return recommendation


def recommendation_change(
    *,
    actor: Any,
    recommendation: ReviewRecommendation,
    text: str,
    themes: Iterable[Theme],
    addressed_to: Iterable[Organisation],
    addressed_to_partnership: bool,
) -> ReviewRecommendation:
    text = _clean_text(text, "text", required="Enter the recommendation")
    chosen = {t.pk: t for t in themes}
    current = set(recommendation.themes.values_list("pk", flat=True))
    _active_themes([t for pk, t in chosen.items() if pk not in current])
    organisations = _check_addressees(recommendation.review, addressed_to)
    if not organisations and not addressed_to_partnership:
        raise ValidationError(
            {
                "addressed_to": "Select who the recommendation is for: the partnership or organisations"
            }
        )
    was_to = set(recommendation.addressed_to.values_list("pk", flat=True))
    changed = [
        name
        for name, differs in (
            ("text", text != recommendation.text),
            ("themes", set(chosen) != current),
            ("addressed_to", {o.pk for o in organisations} != was_to),
            (
                "addressed_to_partnership",
                addressed_to_partnership != recommendation.addressed_to_partnership,
            ),
        )
        if differs
    ]
    if not changed:
        return recommendation
    with transaction.atomic():
        recommendation.text = text
        recommendation.addressed_to_partnership = addressed_to_partnership
        recommendation.save(update_fields=["text", "addressed_to_partnership"])
        recommendation.themes.set(chosen.values())
        recommendation.addressed_to.set(organisations)
        audit.record(
            actor=actor,
            action="learning.recommendation_changed",
            target=recommendation,
            detail={"review": recommendation.review_id, "fields": changed},
        )
    return recommendation


# -- Publication (maker-checker, SECURITY.md T10) ---------------------------------------------


def publication_prepare(
    *,
    actor: Any,
    review: Review,
    what: str,
    summary: str,
    file: IO[bytes] | Any | None,
    filename: str = "",
) -> Publication:
    """Prepare the public summary or the report: the file goes through every check of
    `masa.documents.uploads` (type, size, virus scan, metadata stripped); a refused file is
    audited with its reason code and nothing is stored. Someone else then approves it."""
    if what not in PublicationKind.values:
        raise ValidationError({"what": "Select whether this is the summary or the full report"})
    summary = _clean_text(summary, "summary", required="Enter the public summary")
    # Without a file the summary is published as text alone.
    stored = (
        None
        if file is None
        else uploads.accept(
            actor=actor, file=file, filename=filename, target=review, detail={"review": review.pk}
        )
    )
    file_fields = {} if stored is None else stored.fields(kind_field="file_kind")
    with uploads.kept_only_if_recorded(stored), transaction.atomic():
        publication = Publication.objects.create(
            review=review,
            what=what,
            summary=summary,
            prepared_by=actor,
            prepared_at=timezone.now(),
            **file_fields,
        )
        audit.record(
            actor=actor,
            action="learning.publication_prepared",
            target=publication,
            detail={"review": review.pk, "what": what, "kind": None}
            if stored is None
            else {
                "review": review.pk,
                "what": what,
                "kind": stored.kind,
                "size": stored.size,
                "sha256": stored.sha256,
            },
        )
    return publication


def publication_approve(
    *,
    actor: Any,
    publication: Publication,
    published_on: datetime.date | None = None,
) -> Publication:
    """A second person approves and publishes: never whoever prepared it. For a CSPR the
    report must have gone to the Panel and DfE seven working days before publication."""
    today = timezone.localdate()
    published_on = published_on or today
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        review = Review.objects.select_for_update().get(pk=publication.review_id)
        if (
            review.partnership_id
            not in reach(actor, Permission.APPROVE_REVIEW_PUBLICATION).partnership_ids
        ):
            raise ValidationError("Your roles do not include approving publications")
        if publication.approved_by_id is not None:
            raise ValidationError("This has already been approved")
        if publication.prepared_by_id == getattr(actor, "pk", None):
            raise ValidationError(
                "You prepared this publication, so someone else must approve it: publishing "
                "needs a second person"
            )
        if published_on > today:
            raise ValidationError(
                {"published_on": "The date of publication must be today or in the past"}
            )
        if published_on < review.started_on:
            raise ValidationError(
                {"published_on": "The review cannot be published before it was initiated"}
            )
        if review.kind == ReviewKind.CSPR:
            sent = review.advance_notice_sent_on
            if sent is None:
                raise ValidationError(
                    {
                        "published_on": "Record the date the report was sent to the Panel and "
                        "DfE before publishing it"
                    }
                )
            try:
                notice = working_days_between(sent, published_on)
            except CalendarCoverageError as problem:
                raise ValidationError({"published_on": str(problem)}) from None
            if notice < ADVANCE_NOTICE_CLOCK.working_days:
                raise ValidationError(
                    {
                        "published_on": "The report must reach the Panel and DfE at least "
                        f"{ADVANCE_NOTICE_CLOCK.working_days} working days before publication; "
                        f"it was sent {notice} working days before"
                    }
                )
        publication.approved_by = actor
        publication.approved_on = today
        publication.published_on = published_on
        publication.save(update_fields=["approved_by", "approved_on", "published_on"])
        if review.published_on is None or published_on < review.published_on:
            review.published_on = published_on
        review.status = ReviewStatus.PUBLISHED
        review.save(update_fields=["published_on", "status", "updated_at"])
        audit.record(
            actor=actor,
            action="learning.publication_approved",
            target=publication,
            detail={
                "review": review.pk,
                "prepared_by": publication.prepared_by_id,
                "published_on": published_on.isoformat(),
            },
        )
    return publication


def publication_opened(*, actor: Any, publication: Publication) -> IO[bytes]:
    """Open a publication's file, recording who read it (anonymous for the public page)."""
    handle = uploads.open_stored(publication.stored_name)
    audit.record(
        actor=actor,
        action="publication.read",
        target=publication,
        detail={"review": publication.review_id},
    )
    return handle


# -- Selectors --------------------------------------------------------------------------------


def _open_pause_since() -> Subquery:
    return Subquery(
        ReviewPause.objects.filter(review=OuterRef("pk"), ended_on__isnull=True).values(
            "started_on"
        )[:1]
    )


def reviews_for(user: Any) -> QuerySet[Review]:
    """The reviews `user` may see, with what the list shows, in a constant number of queries."""
    return (
        Review.objects.visible_to(user)
        .select_related("case", "partnership")
        .annotate(
            open_pause_since=_open_pause_since(),
            finding_count=Count(
                "findings", filter=Q(findings__kind=FindingKind.FINDING), distinct=True
            ),
            recommendation_count=Count("recommendations", distinct=True),
        )
        .order_by("-started_on", "-pk")
    )


def review_for(user: Any, pk: int) -> Review | None:
    return (
        Review.objects.visible_to(user)  # type: ignore[type-var]
        .select_related("case", "case__raised_by_organisation", "partnership")
        .prefetch_related(
            "pauses",
            "milestones",
            Prefetch("findings", queryset=Finding.objects.prefetch_related("themes")),
            Prefetch(
                "recommendations",
                queryset=ReviewRecommendation.objects.prefetch_related("themes", "addressed_to"),
            ),
            Prefetch(
                "publications",
                queryset=Publication.objects.select_related("prepared_by", "approved_by"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def review_changeable_by(user: Any, pk: int) -> Review | None:
    return (
        Review.objects.changeable_by(user)
        .select_related("partnership", "case")
        .filter(pk=pk)
        .first()
    )


def can_manage(user: Any, review: Review) -> bool:
    return Review.objects.changeable_by(user).filter(pk=review.pk).exists()


def can_approve(user: Any, review: Review) -> bool:
    return (
        review.partnership_id in reach(user, Permission.APPROVE_REVIEW_PUBLICATION).partnership_ids
    )


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(active=True).order_by("name")


def cases_to_review(user: Any) -> QuerySet[Case]:
    """Cases a review may start from: those of the partnerships where `user` manages reviews."""
    return (
        Case.objects.changeable_by(user)
        .filter(partnership__in=reach(user, Permission.MANAGE_REVIEWS).partnership_ids)
        .order_by("-raised_on", "-pk")
    )


@dataclass(frozen=True)
class ThemeSummary:
    theme: Theme
    findings: int
    reviews: int
    since: int | None
    recommendations: int
    open_actions: int

    @property
    def sentence(self) -> str:
        """ "information sharing: 9 findings in 5 reviews since 2014; 3 open actions"."""
        if not self.findings and not self.recommendations:
            return f"{self.theme.name}: no findings yet"
        found = f"{_n(self.findings, 'finding')} in {_n(self.reviews, 'review')}"
        since = f" since {self.since}" if self.since else ""
        return f"{self.theme.name}: {found}{since}; {_n(self.open_actions, 'open action')}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def theme_summaries(user: Any, themes: QuerySet[Theme] | None = None) -> list[ThemeSummary]:
    """Per theme, within what `user` may see: findings (not good practice), the reviews they
    come from and the earliest year, recommendations, and open actions. One query."""
    reviews = Review.objects.visible_to(user).values("pk")
    findings = Finding.objects.filter(review__in=reviews, kind=FindingKind.FINDING)
    recommendations = ReviewRecommendation.objects.filter(review__in=reviews)
    actions = ReviewAction.objects.visible_to(user).filter(status__in=OPEN_ACTION_STATUSES)

    def count_of(rows: QuerySet[Any], field: str, link: str) -> Subquery:
        return Subquery(
            rows.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(n=Count(field, distinct=True))
            .values("n")[:1]
        )

    from django.db.models.functions import Coalesce, ExtractYear

    since = Subquery(
        Review.objects.filter(
            pk__in=findings.filter(themes=OuterRef(OuterRef("pk"))).values("review")
        )
        .order_by("started_on")
        .annotate(year=ExtractYear("started_on"))
        .values("year")[:1]
    )
    rows = (themes if themes is not None else Theme.objects.all()).annotate(
        n_findings=Coalesce(count_of(findings, "pk", "themes"), 0),
        n_reviews=Coalesce(count_of(findings, "review", "themes"), 0),
        n_recommendations=Coalesce(count_of(recommendations, "pk", "themes"), 0),
        n_open_actions=Coalesce(count_of(actions, "pk", "recommendation__themes"), 0),
        since_year=since,
    )
    return [
        ThemeSummary(
            theme,
            theme.n_findings,
            theme.n_reviews,
            theme.since_year,
            theme.n_recommendations,
            theme.n_open_actions,
        )
        for theme in rows.order_by("-n_findings", "name")
    ]


def theme_entries(user: Any, theme: Theme) -> tuple[list[Finding], list[ReviewRecommendation]]:
    """The findings and recommendations of one theme that `user` may see, oldest review first."""
    findings = list(
        Finding.objects.visible_to(user)
        .filter(themes=theme)
        .select_related("review")
        .order_by("review__started_on", "review_id", "position")
    )
    recommendations = list(
        ReviewRecommendation.objects.visible_to(user)
        .filter(themes=theme)
        .select_related("review")
        .order_by("review__started_on", "review_id", "position")
    )
    return findings, recommendations


def published_reviews() -> QuerySet[Review]:
    """What the public may see: reviews published with an approved publication. Only the
    title, dates and the approved publications are ever read from these for the public."""
    today = timezone.localdate()
    return (
        Review.objects.filter(
            published_on__isnull=False,
            published_on__lte=today,
            pk__in=Publication.objects.published().values("review"),
        )
        .only("pk", "title", "kind", "started_on", "published_on", "partnership_id")
        .order_by("-published_on", "-pk")
    )


def published_review(pk: int) -> tuple[Review, list[Publication]] | None:
    review = published_reviews().filter(pk=pk).first()
    if review is None:
        return None
    publications = list(
        Publication.objects.published()
        .filter(review=review, published_on__lte=timezone.localdate())
        .only("pk", "review_id", "what", "summary", "file_kind", "size", "published_on")
        .order_by("published_on", "pk")
    )
    return review, publications


def published_publication(pk: int) -> Publication | None:
    return (
        Publication.objects.published()
        .filter(pk=pk, published_on__lte=timezone.localdate(), review__published_on__isnull=False)
        .first()
    )
