"""The partnership's structure and its relevant agencies register: services and selectors.

Services take the acting person as `actor=`, refuse a change they cannot make with Django's
`ValidationError` (naming the field), and write their audit event in the same transaction as
the change. Selectors scope every read by the policy (`visible_to`) and count in the database,
so the number of queries on a page does not grow with the number of groups or agencies.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from masa.accounts.models import Engagement, Membership, Organisation, OrganisationKind, Person
from masa.core import audit
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach
from masa.partnership import meetings as meeting_selectors
from masa.partnership.models import (
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    Partnership,
    RegisterReview,
    ScrutinyRole,
)

# How long an engagement or the register stands before its next review, unless a date is given.
REVIEW_INTERVAL_YEARS = 1

GROUP_FIELDS = (
    "name",
    "kind",
    "purpose",
    "terms_of_reference",
    "terms_reviewed_on",
    "terms_next_review_on",
    "chair",
    "meeting_frequency",
    "parent",
    "shared_with",
)


def a_year_after(day: datetime.date, years: int = REVIEW_INTERVAL_YEARS) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _current_members_of(partnership: Partnership) -> QuerySet[Membership]:
    today = timezone.localdate()
    return Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        partnership=partnership,
        started_on__lte=today,
    )


def people_in(partnership: Partnership) -> QuerySet[Person]:
    """People with a current role in the partnership: who may chair or sit on its groups."""
    return (
        Person.objects.filter(
            is_active=True,
            pk__in=_current_members_of(partnership).values("person_id"),
        )
        .order_by("full_name")
        .distinct()
    )


def people_in_any(partnerships: Iterable[Partnership]) -> QuerySet[Person]:
    today = timezone.localdate()
    current = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        partnership__in=list(partnerships),
        started_on__lte=today,
    )
    return (
        Person.objects.filter(is_active=True, pk__in=current.values("person_id"))
        .order_by("full_name")
        .distinct()
    )


def organisations_in(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=Engagement.objects.filter(partnership=partnership).values("organisation_id")
    ).order_by("name")


# -- Services: groups ----------------------------------------------------------------------


def _check_group(partnership: Partnership, values: dict[str, Any], group: Group | None) -> None:
    problems: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        problems["name"] = "Enter the name of the group"
    else:
        same_name = Group.objects.filter(partnership=partnership, name__iexact=name)
        if group is not None:
            same_name = same_name.exclude(pk=group.pk)
        if same_name.exists():
            problems["name"] = f"The partnership already has a group called {name}"
    if values.get("kind") not in GroupKind.values:
        problems["kind"] = "Select what kind of group it is"
    parent: Group | None = values.get("parent")
    if parent is not None:
        if parent.partnership_id != partnership.pk:
            problems["parent"] = "Select a group of the same partnership"
        elif group is not None and _reports_to(parent, group):
            problems["parent"] = "A group cannot report to itself or to one of its own subgroups"
    shared_with: Partnership | None = values.get("shared_with")
    if shared_with is not None:
        if values.get("kind") != GroupKind.JOINT_SUBGROUP:
            problems["shared_with"] = (
                "Only a joint subgroup is shared with a neighbouring partnership: "
                "choose joint subgroup, or leave this empty"
            )
        elif shared_with.pk == partnership.pk:
            problems["shared_with"] = "Select the neighbouring partnership, not this one"
    chair: Person | None = values.get("chair")
    if chair is not None and not people_in(partnership).filter(pk=chair.pk).exists():
        problems["chair"] = "Select someone with a current role in the partnership"
    reviewed, next_review = values.get("terms_reviewed_on"), values.get("terms_next_review_on")
    if reviewed is not None and reviewed > timezone.localdate():
        problems["terms_reviewed_on"] = "The date of the last review must be today or earlier"
    if reviewed is not None and next_review is not None and next_review <= reviewed:
        problems["terms_next_review_on"] = "The next review must come after the last review"
    if problems:
        raise ValidationError(problems)


def _reports_to(candidate: Group, group: Group) -> bool:
    """Whether `candidate` is `group` or sits below it (which would make a loop)."""
    seen: set[int] = set()
    current: Group | None = candidate
    while current is not None and current.pk not in seen:
        if current.pk == group.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def group_create(*, actor: Any, partnership: Partnership, **values: Any) -> Group:
    unknown = set(values) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"group_create() got unexpected fields {sorted(unknown)}")
    values.setdefault("kind", GroupKind.SUBGROUP)
    values["name"] = (values.get("name") or "").strip()
    with transaction.atomic():
        _check_group(partnership, values, None)
        group = Group.objects.create(partnership=partnership, **values)
        audit.record(
            actor=actor,
            action="structure.group_created",
            target=group,
            detail={
                "partnership": partnership.pk,
                "kind": group.kind,
                "parent": group.parent_id,
                "chair": group.chair_id,
            },
        )
    return group


def group_update(*, actor: Any, group: Group, **changes: Any) -> Group:
    unknown = set(changes) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"group_update() got unexpected fields {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
    values = {name: getattr(group, name) for name in GROUP_FIELDS} | changes
    changed = sorted(name for name in changes if getattr(group, name) != changes[name])
    if not changed:
        return group
    with transaction.atomic():
        _check_group(group.partnership, values, group)
        for name in changed:
            setattr(group, name, changes[name])
        group.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="structure.group_changed",
            target=group,
            detail={"fields": changed},
        )
    return group


def member_add(
    *,
    actor: Any,
    group: Group,
    organisation: Organisation,
    person: Person | None = None,
    is_deputy: bool = False,
    role_note: str = "",
) -> GroupMember:
    """Seat an organisation on a group, with the person who represents it (or their deputy)."""
    problems: dict[str, str] = {}
    if not organisations_in(group.partnership).filter(pk=organisation.pk).exists():
        problems["organisation"] = "Select an organisation that works with the partnership"
    if is_deputy and person is None:
        problems["person"] = "Select the person who deputises"
    if person is not None and not (
        _current_members_of(group.partnership)
        .filter(person=person, organisation=organisation)
        .exists()
    ):
        problems["person"] = (
            f"Select someone who holds a role in the partnership through {organisation.name}"
        )
    with transaction.atomic():
        if (
            "organisation" not in problems
            and GroupMember.objects.filter(
                group=group, organisation=organisation, is_deputy=is_deputy
            ).exists()
        ):
            seat = "a deputy" if is_deputy else "a member"
            problems["organisation"] = (
                f"{organisation.name} already has {seat} on {group.name}: remove that one first"
            )
        if problems:
            raise ValidationError(problems)
        member = GroupMember.objects.create(
            group=group,
            organisation=organisation,
            person=person,
            is_deputy=is_deputy,
            role_note=role_note.strip(),
        )
        audit.record(
            actor=actor,
            action="structure.member_added",
            target=member,
            organisation=organisation,
            detail={
                "group": group.pk,
                "organisation": organisation.pk,
                "person": person.pk if person else None,
                "is_deputy": is_deputy,
            },
        )
    return member


def member_remove(*, actor: Any, member: GroupMember) -> None:
    with transaction.atomic():
        detail = {
            "group": member.group_id,
            "organisation": member.organisation_id,
            "person": member.person_id,
            "is_deputy": member.is_deputy,
        }
        audit.record(
            actor=actor,
            action="structure.member_removed",
            target=member,
            organisation=member.organisation_id,
            detail=detail,
        )
        member.delete()


def scrutiny_role_update(*, actor: Any, role: ScrutinyRole, **changes: Any) -> ScrutinyRole:
    allowed = {"name", "scrutineer", "days_per_year", "activities", "commissioned_from"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"scrutiny_role_update() got unexpected fields {sorted(unknown)}")
    problems: dict[str, str] = {}
    if "name" in changes and not (changes["name"] or "").strip():
        problems["name"] = "Enter the name of the scrutiny role"
    days = changes.get("days_per_year")
    if days is not None and not 0 < days <= 366:
        problems["days_per_year"] = "Enter the days a year as a whole number from 1 to 366"
    scrutineer = changes.get("scrutineer")
    if scrutineer is not None and not people_in(role.partnership).filter(pk=scrutineer.pk).exists():
        problems["scrutineer"] = "Select someone with a current role in the partnership"
    if problems:
        raise ValidationError(problems)
    changed = sorted(name for name in changes if getattr(role, name) != changes[name])
    if not changed:
        return role
    with transaction.atomic():
        for name in changed:
            setattr(role, name, changes[name])
        role.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="structure.scrutiny_changed",
            target=role,
            detail={"fields": changed},
        )
    return role


# -- Services: the relevant agencies register ---------------------------------------------


def _check_review_dates(
    reviewed_on: datetime.date, next_review_on: datetime.date | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if reviewed_on > timezone.localdate():
        problems["reviewed_on"] = "The date of the review must be today or earlier"
    if next_review_on is not None and next_review_on <= reviewed_on:
        problems["next_review_on"] = "The next review must come after this review"
    return problems


def engagement_review(
    *,
    actor: Any,
    engagement: Engagement,
    reviewed_on: datetime.date,
    next_review_on: datetime.date | None = None,
) -> Engagement:
    """Record that the partners reviewed how an agency engages; the next review is due a year
    later unless another date is given."""
    problems = _check_review_dates(reviewed_on, next_review_on)
    if problems:
        raise ValidationError(problems)
    next_review_on = next_review_on or a_year_after(reviewed_on)
    with transaction.atomic():
        engagement.last_reviewed_on = reviewed_on
        engagement.next_review_on = next_review_on
        engagement.save(update_fields=["last_reviewed_on", "next_review_on"])
        audit.record(
            actor=actor,
            action="structure.engagement_reviewed",
            target=engagement,
            organisation=engagement.organisation_id,
            detail={
                "reviewed_on": reviewed_on.isoformat(),
                "next_review_on": next_review_on.isoformat(),
            },
        )
    return engagement


def engagement_update(*, actor: Any, engagement: Engagement, **changes: Any) -> Engagement:
    allowed = {"how_engaged", "since", "next_review_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"engagement_update() got unexpected fields {sorted(unknown)}")
    if "how_engaged" in changes:
        changes["how_engaged"] = (changes["how_engaged"] or "").strip()
    problems: dict[str, str] = {}
    since = changes.get("since", engagement.since)
    if since is not None and since > timezone.localdate():
        problems["since"] = (
            "The date the agency started working with the partnership must be today or earlier"
        )
    next_review = changes.get("next_review_on", engagement.next_review_on)
    if (
        next_review is not None
        and engagement.last_reviewed_on is not None
        and next_review <= engagement.last_reviewed_on
    ):
        problems["next_review_on"] = "The next review must come after the last review"
    if problems:
        raise ValidationError(problems)
    changed = sorted(name for name in changes if getattr(engagement, name) != changes[name])
    if not changed:
        return engagement
    with transaction.atomic():
        for name in changed:
            setattr(engagement, name, changes[name])
        engagement.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="structure.engagement_changed",
            target=engagement,
            organisation=engagement.organisation_id,
            detail={"fields": changed},
        )
    return engagement


def register_review(
    *,
    actor: Any,
    partnership: Partnership,
    reviewed_on: datetime.date,
    next_review_on: datetime.date | None = None,
) -> RegisterReview:
    """Record a review of the list of relevant agencies as a whole (seed 001 §5.21)."""
    problems = _check_review_dates(reviewed_on, next_review_on)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        review = RegisterReview.objects.create(
            partnership=partnership,
            reviewed_on=reviewed_on,
            next_review_on=next_review_on or a_year_after(reviewed_on),
            reviewed_by=actor if isinstance(actor, Person) else None,
            agencies_listed=_register_of(partnership).count(),
        )
        audit.record(
            actor=actor,
            action="structure.register_reviewed",
            target=review,
            detail={
                "partnership": partnership.pk,
                "reviewed_on": reviewed_on.isoformat(),
                "agencies_listed": review.agencies_listed,
            },
        )
    return review


def _register_of(partnership: Partnership) -> QuerySet[Engagement]:
    return Engagement.objects.filter(
        partnership=partnership, organisation__kind=OrganisationKind.RELEVANT_AGENCY
    )


# -- Selectors: groups ---------------------------------------------------------------------


def groups_for(user: Any) -> QuerySet[Group]:
    """The groups this person may see, each with its member count (organisations)."""
    visible = Group.objects.visible_to(user).values("pk")
    return (
        Group.objects.filter(pk__in=visible)
        .select_related("chair", "parent", "shared_with", "partnership")
        .annotate(member_count=Count("members__organisation", distinct=True))
        .order_by("partnership__name", "name")
    )


@dataclass(frozen=True)
class StructureSection:
    kind: str
    label: str
    groups: list[Group]


def structure_for(user: Any) -> list[StructureSection]:
    """The groups by kind, in the order the arrangements describe them: executive and
    leadership first, then subgroups, joint subgroups, panels and forums."""
    by_kind: dict[str, list[Group]] = {}
    for group in groups_for(user):
        by_kind.setdefault(group.kind, []).append(group)
    return [
        StructureSection(kind, label, by_kind[kind])
        for kind, label in GroupKind.choices
        if kind in by_kind
    ]


def scrutiny_roles_for(user: Any) -> list[ScrutinyRole]:
    return list(
        ScrutinyRole.objects.visible_to(user)
        .select_related("scrutineer", "partnership")
        .order_by("partnership__name", "name")
    )


def scrutiny_role_changeable_by(user: Any, pk: int) -> ScrutinyRole | None:
    return (
        ScrutinyRole.objects.changeable_by(user)
        .select_related("partnership", "scrutineer")
        .filter(pk=pk)
        .first()
    )


def group_for(user: Any, pk: int) -> Group | None:
    visible = Group.objects.visible_to(user).filter(pk=pk).values("pk")
    return (
        Group.objects.filter(pk__in=visible)
        .select_related("chair", "parent", "shared_with", "partnership")
        .first()
    )


def group_changeable_by(user: Any, pk: int) -> Group | None:
    changeable = Group.objects.changeable_by(user).filter(pk=pk).values("pk")
    return (
        Group.objects.filter(pk__in=changeable)
        .select_related("chair", "parent", "shared_with", "partnership")
        .first()
    )


def can_manage_group(user: Any, group: Group) -> bool:
    return Group.objects.changeable_by(user).filter(pk=group.pk).exists()


def member_changeable_by(user: Any, pk: int) -> GroupMember | None:
    return (
        GroupMember.objects.changeable_by(user)
        .select_related("group", "organisation", "person")
        .filter(pk=pk)
        .first()
    )


def partnerships_to_manage_groups(user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(pk__in=reach(user, Permission.MANAGE_GROUPS).partnership_ids)


@dataclass(frozen=True)
class Seat:
    """One organisation's seat on a group: its member and, where named, its deputy."""

    organisation: Organisation
    member: GroupMember | None
    deputy: GroupMember | None


def seats_of(user: Any, group: Group) -> list[Seat]:
    """The group's members by organisation (one query)."""
    seats: dict[int, dict[str, Any]] = {}
    for member in (
        GroupMember.objects.visible_to(user)
        .filter(group=group)
        .select_related("organisation", "person")
        .order_by("organisation__name", "is_deputy", "pk")
    ):
        seat = seats.setdefault(
            member.organisation_id,
            {"organisation": member.organisation, "member": None, "deputy": None},
        )
        seat["deputy" if member.is_deputy else "member"] = member
    return [Seat(**seat) for seat in seats.values()]


def subgroups_of(user: Any, group: Group) -> list[Group]:
    return list(groups_for(user).filter(parent=group))


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    expected: int
    attended: int

    @property
    def percent(self) -> Decimal | None:
        return meeting_selectors.percent(self.attended, self.expected)


@dataclass(frozen=True)
class GroupMeetings:
    year: ReportingYear | None
    report: meeting_selectors.AttendanceReport | None
    rows: list[MeetingRow]


def group_meetings(user: Any, group: Group, year: ReportingYear | None = None) -> GroupMeetings:
    """The group's meetings in one reporting year (the latest with a meeting, unless given)
    with attendance by meeting and by organisation, from the meetings selectors: scoped to
    the organisations the person may see, four queries however many meetings."""
    if year is None:
        latest = (
            meeting_selectors.meetings_for(user, group=group)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        if latest is None:
            return GroupMeetings(None, None, [])
        year = ReportingYear.containing(latest)
    report = meeting_selectors.attendance_report(user, year, group=group)
    rows = []
    for index, meeting in enumerate(report.meetings):
        cells = [row.cells[index] for row in report.rows if row.cells[index] is not None]
        rows.append(MeetingRow(meeting, len(cells), sum(1 for cell in cells if cell)))
    return GroupMeetings(year, report, rows)


# -- Selectors: the relevant agencies register ---------------------------------------------


def register_for(
    user: Any, *, category: str = "", overdue: bool = False, today: datetime.date | None = None
) -> QuerySet[Engagement]:
    """The relevant agencies this person may see in the register, by name."""
    engagements = (
        Engagement.objects.visible_to(user)
        .filter(organisation__kind=OrganisationKind.RELEVANT_AGENCY)
        .select_related("organisation", "partnership")
        .order_by("organisation__name", "partnership__name")
    )
    if category:
        engagements = engagements.filter(organisation__agency_category=category)
    if overdue:
        engagements = engagements.review_overdue(today or timezone.localdate())
    return engagements


@dataclass(frozen=True)
class RegisterSummary:
    agencies: int
    with_section_11_duty: int
    overdue: int
    never_reviewed: int


def register_summary(user: Any, today: datetime.date | None = None) -> RegisterSummary:
    today = today or timezone.localdate()
    totals = register_for(user).aggregate(
        agencies=Count("pk"),
        with_section_11_duty=Count("pk", filter=Q(organisation__has_section_11_duty=True)),
        overdue=Count("pk", filter=Q(next_review_on__lt=today)),
        never_reviewed=Count("pk", filter=Q(last_reviewed_on__isnull=True)),
    )
    return RegisterSummary(**totals)


def engagement_for(user: Any, pk: int) -> Engagement | None:
    return register_for(user).filter(pk=pk).first()


def engagement_changeable_by(user: Any, pk: int) -> Engagement | None:
    return (
        Engagement.objects.changeable_by(user)
        .filter(organisation__kind=OrganisationKind.RELEVANT_AGENCY, pk=pk)
        .select_related("organisation", "partnership")
        .first()
    )


def seats_of_organisation(user: Any, engagement: Engagement) -> list[GroupMember]:
    """The seats the agency holds on the partnership's groups that this person may see."""
    return list(
        GroupMember.objects.visible_to(user)
        .filter(
            organisation=engagement.organisation_id, group__partnership=engagement.partnership_id
        )
        .select_related("group", "person")
        .order_by("group__name", "is_deputy")
    )


def can_manage_engagement(user: Any, engagement: Engagement) -> bool:
    return Engagement.objects.changeable_by(user).filter(pk=engagement.pk).exists()


def latest_register_reviews(user: Any) -> list[RegisterReview]:
    """The latest review of the register of each partnership this person may see it for."""
    latest: dict[int, RegisterReview] = {}
    for review in (
        RegisterReview.objects.visible_to(user)
        .select_related("partnership", "reviewed_by")
        .order_by("-reviewed_on", "-pk")
    ):
        latest.setdefault(review.partnership_id, review)
    return list(latest.values())


def partnerships_to_review_register(user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(
        pk__in=reach(user, Permission.MANAGE_AGENCY_REGISTER).partnership_ids
    ).order_by("name")


def group_choices_for(partnerships: Iterable[Partnership]) -> QuerySet[Group]:
    return Group.objects.filter(partnership__in=list(partnerships)).order_by("name")
