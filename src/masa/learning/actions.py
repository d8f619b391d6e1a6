"""Action plans and dissemination of practice reviews (issue 5 steps 6 and 7): the services
that change them and the selectors that read them for one person.

An action answers one of a review's recommendations and is owned by one organisation (and,
optionally, one person there). Its status runs open → in progress → done → closed; moving it
to done or closed needs evidence of completion, and evidence of impact can be added at any
time. An action is overdue when its due date has passed and it is neither done nor closed.

Who may change what (ReviewAction.objects.changeable_by): the business unit (MANAGE_REVIEWS)
adds actions and changes anything about those of its partnership; the owning organisation's
lead (VIEW_REVIEWS for their own organisation) and the action's owner update its status and
evidence only. The business unit records how the learning was spread (dissemination).

Services take the acting person as `actor=`, check the change, make it and write its audit
event in one transaction; a refusal raises Django's `ValidationError` naming the field, or
`PermissionDenied` when the person may update the action but not change its plan. Audit
details hold ids, field names and dates only, never the text of an action or its evidence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Organisation, Person
from masa.core import audit
from masa.core.permissions import Permission, reach
from masa.learning.models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    Dissemination,
    DisseminationKind,
    Review,
    ReviewAction,
    ReviewActionQuerySet,
    ReviewRecommendation,
)

TEXT_LIMIT = 10000
PLAN_FIELDS = ("description", "owning_organisation", "owner", "due_on")
PROGRESS_FIELDS = ("status", "closed_on", "evidence_of_completion", "evidence_of_impact")
COMPLETE_STATUSES = (ActionStatus.DONE, ActionStatus.CLOSED)


def _clean_text(value: Any, field: str, *, required: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({field: "Keep this to 10,000 characters or fewer"})
    return text


# -- Who may do what -------------------------------------------------------------------------


def manages(user: Any, partnership_id: int) -> bool:
    """Whether `user` is in the business unit of the partnership (changes any action)."""
    return partnership_id in reach(user, Permission.MANAGE_REVIEWS).partnership_ids


def can_manage_action(user: Any, action: ReviewAction) -> bool:
    return manages(user, action.recommendation.review.partnership_id)


def can_update_action(user: Any, action: ReviewAction) -> bool:
    return ReviewAction.objects.changeable_by(user).filter(pk=action.pk).exists()


# -- Checks ----------------------------------------------------------------------------------


def owners_of(partnership_id: int, organisation_id: int | None = None) -> QuerySet[Person]:
    """Who may own an action: people with a role in force in the partnership (through the
    owning organisation when it is given)."""
    today = timezone.localdate()
    where = Q(memberships__partnership_id=partnership_id, memberships__started_on__lte=today) & (
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today)
    )
    if organisation_id is not None:
        where &= Q(memberships__organisation_id=organisation_id)
    return Person.objects.filter(where, is_active=True).distinct().order_by("full_name")


def organisations_for(partnership_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships=partnership_id).order_by("name")


def _check_plan(review: Review, values: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    organisation = values["owning_organisation"]
    if organisation is None:
        problems["owning_organisation"] = "Select the organisation that owns the action"
    elif not organisations_for(review.partnership_id).filter(pk=organisation.pk).exists():
        problems["owning_organisation"] = "Select an organisation of the partnership"
    owner = values["owner"]
    if (
        owner is not None
        and organisation is not None
        and "owning_organisation" not in problems
        and not owners_of(review.partnership_id, organisation.pk).filter(pk=owner.pk).exists()
    ):
        problems["owner"] = (
            f"Select someone with a role in {organisation.name}, or leave the owner blank"
        )
    due_on = values["due_on"]
    if due_on is None:
        problems["due_on"] = "Enter the date the action is due"
    elif due_on < review.started_on:
        problems["due_on"] = (
            "The due date must be on or after the review was initiated, "
            f"{review.started_on:%-d %B %Y}"
        )
    if problems:
        raise ValidationError(problems)


def _check_progress(action: ReviewAction, today: datetime.date) -> None:
    if action.status not in ActionStatus.values:
        raise ValidationError({"status": "Select the status: open, in progress, done or closed"})
    if action.status in COMPLETE_STATUSES:
        if not action.evidence_of_completion:
            raise ValidationError(
                {
                    "evidence_of_completion": "Enter the evidence that the action is complete "
                    f"before marking it {ActionStatus(action.status).label.lower()}"
                }
            )
        if action.closed_on is None:
            action.closed_on = today
        elif action.closed_on > today:
            raise ValidationError(
                {"closed_on": "The date it was completed must be today or in the past"}
            )
        elif action.closed_on < action.recommendation.review.started_on:
            raise ValidationError(
                {
                    "closed_on": "The date it was completed must be on or after the review was "
                    f"initiated, {action.recommendation.review.started_on:%-d %B %Y}"
                }
            )
    else:
        action.closed_on = None


# -- Services --------------------------------------------------------------------------------


def action_add(
    *,
    actor: Any,
    recommendation: ReviewRecommendation,
    description: str,
    owning_organisation: Organisation | None,
    due_on: datetime.date | None,
    owner: Person | None = None,
) -> ReviewAction:
    """A new action answering `recommendation` ("learning.action_added"); open to begin with."""
    review = recommendation.review
    if not manages(actor, review.partnership_id):
        raise PermissionDenied("Only the business unit adds actions to a review's action plan")
    description = _clean_text(description, "description", required="Enter what is to be done")
    values = {"owning_organisation": owning_organisation, "owner": owner, "due_on": due_on}
    _check_plan(review, values)
    if owning_organisation is None or due_on is None:  # _check_plan has refused these
        raise ValidationError("Give the owning organisation and the due date")
    with transaction.atomic():
        action = ReviewAction.objects.create(
            recommendation=recommendation,
            description=description,
            owning_organisation=owning_organisation,
            owner=owner,
            due_on=due_on,
        )
        audit.record(
            actor=actor,
            action="learning.action_added",
            target=action,
            organisation=owning_organisation,
            detail={
                "review": review.pk,
                "recommendation": recommendation.pk,
                "owner": owner.pk if owner else None,
                "due_on": due_on.isoformat(),
            },
        )
    return action


def action_update(*, actor: Any, action: ReviewAction, changes: dict[str, Any]) -> ReviewAction:
    """Change an action: its plan (description, owning organisation, owner, due date) for the
    business unit; its status, completion date and evidence for them, the owning
    organisation's lead and the owner. Done or closed needs evidence of completion.
    One event: "learning.action_closed" when it becomes done or closed, otherwise
    "learning.action_changed"; a change that changes nothing records nothing."""
    unknown = set(changes) - set(PLAN_FIELDS) - set(PROGRESS_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed here" for name in sorted(unknown)})
    if not can_update_action(actor, action):
        raise PermissionDenied("You may not change this action")
    today = timezone.localdate()
    review = action.recommendation.review
    values = {name: getattr(action, name) for name in (*PLAN_FIELDS, *PROGRESS_FIELDS)}
    for name in ("description", "evidence_of_completion", "evidence_of_impact"):
        if name in changes:
            changes[name] = _clean_text(
                changes[name],
                name,
                required="Enter what is to be done" if name == "description" else "",
            )
    changed = [name for name, value in changes.items() if values[name] != value]
    if (
        "closed_on" in changed
        and "status" not in changes
        and action.status not in (COMPLETE_STATUSES)
    ):
        changed.remove("closed_on")
    if not changed:
        return action
    if any(name in PLAN_FIELDS for name in changed) and not manages(actor, review.partnership_id):
        raise PermissionDenied(
            "You may update the status and evidence of this action; the business unit changes "
            "what it is, who owns it and when it is due"
        )
    before_status = action.status
    for name in changed:
        setattr(action, name, changes[name])
    try:
        if any(name in PLAN_FIELDS for name in changed):
            _check_plan(review, {name: getattr(action, name) for name in PLAN_FIELDS})
        _check_progress(action, today)
    except ValidationError:
        for name, value in values.items():
            setattr(action, name, value)
        raise
    fields = sorted({*changed, "closed_on"} if action.closed_on != values["closed_on"] else changed)
    closing = action.status in COMPLETE_STATUSES and before_status != action.status
    with transaction.atomic():
        action.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            action="learning.action_closed" if closing else "learning.action_changed",
            target=action,
            organisation=action.owning_organisation_id,
            detail={
                "review": review.pk,
                "fields": fields,
                "status": [before_status, action.status],
                "closed_on": action.closed_on.isoformat() if action.closed_on else None,
                "due_on": action.due_on.isoformat(),
            },
        )
    return action


def dissemination_add(
    *,
    actor: Any,
    review: Review,
    kind: str,
    held_on: datetime.date | None,
    audience: str = "",
    attendance: int | None = None,
    notes: str = "",
) -> Dissemination:
    """How a review's learning was spread: a bulletin, briefing, practitioner session (with
    how many attended) or presentation to an agency ("learning.dissemination_added")."""
    if not manages(actor, review.partnership_id):
        raise PermissionDenied("Only the business unit records how learning was disseminated")
    problems: dict[str, str] = {}
    if kind not in DisseminationKind.values:
        problems["kind"] = "Select how the learning was disseminated"
    if held_on is None:
        problems["held_on"] = "Enter the date it was held or sent"
    elif held_on > timezone.localdate():
        problems["held_on"] = "The date it was held or sent must be today or in the past"
    elif held_on < review.started_on:
        problems["held_on"] = (
            "The date it was held or sent must be on or after the review was initiated, "
            f"{review.started_on:%-d %B %Y}"
        )
    if attendance is not None and attendance < 0:
        problems["attendance"] = "Enter the number who attended, like 25"
    elif attendance is None and kind == DisseminationKind.PRACTITIONER_SESSION:
        problems["attendance"] = "Enter how many practitioners attended, like 25"
    if problems:
        raise ValidationError(problems)
    audience = _clean_text(audience, "audience")
    notes = _clean_text(notes, "notes")
    if held_on is None:  # refused above
        raise ValidationError({"held_on": "Enter the date it was held or sent"})
    with transaction.atomic():
        dissemination = Dissemination.objects.create(
            review=review,
            kind=kind,
            held_on=held_on,
            audience=audience,
            attendance=attendance,
            notes=notes,
        )
        audit.record(
            actor=actor,
            action="learning.dissemination_added",
            target=dissemination,
            detail={
                "review": review.pk,
                "kind": kind,
                "held_on": held_on.isoformat(),
                "attendance": attendance,
            },
        )
    return dissemination


# -- Selectors -------------------------------------------------------------------------------


def _with_context(rows: ReviewActionQuerySet) -> ReviewActionQuerySet:
    return rows.select_related(
        "recommendation__review__partnership", "owning_organisation", "owner"
    )


@dataclass(frozen=True)
class ActionFilters:
    status: str = ""
    organisation: int | None = None
    overdue: bool = False


def actions_for(
    user: Any, filters: ActionFilters | None = None, today: datetime.date | None = None
) -> QuerySet[ReviewAction]:
    """The review actions `user` may see, filtered, oldest due first (one query)."""
    filters = filters or ActionFilters()
    rows = _with_context(ReviewAction.objects.visible_to(user))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.organisation is not None:
        rows = rows.filter(owning_organisation_id=filters.organisation)
    if filters.overdue:
        rows = rows.overdue(today or timezone.localdate())
    return rows.order_by("due_on", "pk")


def action_counts(user: Any, today: datetime.date) -> dict[str, int]:
    """How many actions `user` may see, open, overdue and done or closed (one query)."""
    return ReviewAction.objects.visible_to(user).aggregate(
        total=Count("pk"),
        still_open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
        complete=Count("pk", filter=Q(status__in=COMPLETE_STATUSES)),
    )


def organisations_with_actions(user: Any) -> QuerySet[Organisation]:
    """The organisations owning an action `user` may see, for the list's filter."""
    owned = ReviewAction.objects.visible_to(user).values("owning_organisation")
    return Organisation.objects.filter(pk__in=owned).order_by("name")


def action_for(user: Any, pk: int) -> ReviewAction | None:
    return _with_context(ReviewAction.objects.visible_to(user)).filter(pk=pk).first()


def action_changeable_by(user: Any, pk: int) -> ReviewAction | None:
    return _with_context(ReviewAction.objects.changeable_by(user)).filter(pk=pk).first()


def overdue_review_actions_for(user: Any, today: datetime.date | None = None) -> list[ReviewAction]:
    """Overdue actions the person owns, or their organisation owns where they lead for it
    (VIEW_REVIEWS for their own organisation), oldest first (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    own_organisations = reach(user, Permission.VIEW_REVIEWS).organisation_ids
    return list(
        _with_context(ReviewAction.objects.visible_to(user))
        .overdue(today or timezone.localdate())
        .filter(Q(owner_id=user.pk) | Q(owning_organisation__in=own_organisations))
        .order_by("due_on", "pk")
    )


def recommendation_for_actions(user: Any, pk: int) -> ReviewRecommendation | None:
    """A recommendation to which `user` may add actions (the business unit's)."""
    partnerships = reach(user, Permission.MANAGE_REVIEWS).partnership_ids
    return (
        ReviewRecommendation.objects.changeable_by(user)
        .filter(review__partnership__in=partnerships)
        .select_related("review")
        .filter(pk=pk)
        .first()
    )


def review_for_dissemination(user: Any, pk: int) -> Review | None:
    partnerships = reach(user, Permission.MANAGE_REVIEWS).partnership_ids
    return (
        Review.objects.changeable_by(user)
        .filter(partnership__in=partnerships)
        .select_related("partnership")
        .filter(pk=pk)
        .first()
    )


def disseminations_for(user: Any) -> QuerySet[Dissemination]:
    return Dissemination.objects.visible_to(user).select_related("review")


def dissemination_for(user: Any, pk: int) -> Dissemination | None:
    return disseminations_for(user).filter(pk=pk).first()


@dataclass(frozen=True)
class RecommendationPlan:
    """One recommendation of a review with the actions answering it that the person sees."""

    recommendation: ReviewRecommendation
    number: int
    actions: list[tuple[ReviewAction, bool]]


def review_plan(user: Any, review: Review, today: datetime.date) -> dict[str, Any]:
    """What the review page's action plan and dissemination show (three queries)."""
    actions = _with_context(ReviewAction.objects.visible_to(user)).order_by("due_on", "pk")
    recommendations = (
        ReviewRecommendation.objects.visible_to(user)
        .filter(review=review)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("position", "pk")
    )
    plans = [
        RecommendationPlan(
            recommendation,
            number,
            [(action, action.is_late(today)) for action in recommendation.actions.all()],
        )
        for number, recommendation in enumerate(recommendations, start=1)
    ]
    disseminations = list(
        Dissemination.objects.visible_to(user).filter(review=review).order_by("held_on", "pk")
    )
    attended = [d.attendance for d in disseminations if d.attendance is not None]
    can_manage = manages(user, review.partnership_id)
    return {
        "action_plans": plans,
        "actions_can_manage": can_manage,
        "disseminations": disseminations,
        "dissemination_attendance": sum(attended) if attended else None,
        "dissemination_can_add": can_manage,
    }


def overdue_action_links(user: Any) -> list[Any]:
    """The home page's prompts: each overdue review action the person owns, or their
    organisation owns where they lead for it (one query however many there are)."""
    from django.urls import reverse

    from masa.core.presenters import Link

    today = timezone.localdate()
    links = []
    for action in overdue_review_actions_for(user, today):
        late = (today - action.due_on).days
        links.append(
            Link(
                f"Overdue review action: {action.description[:80]}",
                reverse("learning:action", args=[action.pk]),
                f"Due {action.due_on:%-d %B %Y}, {late} day{'s' if late != 1 else ''} late. "
                f"Owned by {action.owning_organisation.name}, from the action plan of "
                f"{action.recommendation.review.title}.",
            )
        )
    return links
