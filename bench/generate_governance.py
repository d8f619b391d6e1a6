"""The benchmark partnership's governance: who sits on its groups, the relevant agencies
register's reviews, the business plan, the published arrangements, the risk register and
challenge log, and papers on the board's agendas.

Called by bench/generate.py's generate() once the organisations, people, groups and meetings
exist. Like the rest of the generator it writes rows directly (bulk_create where it can), not
through the services: they would write audit events, and reset() refuses to touch a database
that has any. The arrangements' versions are frozen with the app's own renderer
(render_arrangements), as arrangements_approve does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from masa.accounts.models import Engagement, Organisation, OrganisationKind, Person
from masa.arrangements.models import Arrangements, DraftSection, Milestone, SectionKey, Version
from masa.arrangements.sections import render_arrangements
from masa.arrangements.services import STATUTORY_MILESTONES
from masa.businessplan.models import (
    ActionStatus as PlanActionStatus,
)
from masa.businessplan.models import (
    HighlightReport,
    ImpactRecord,
    PlanAction,
    Priority,
    ProgressUpdate,
    Quarter,
    Rag,
)
from masa.documents.models import Paper
from masa.documents.uploads import Kind
from masa.partnership.models import (
    AgendaItem,
    Group,
    GroupKind,
    GroupMember,
    MeetingFrequency,
    Partnership,
    RegisterReview,
    ScrutinyRole,
)
from masa.risks.models import (
    Challenge,
    ChallengeEvent,
    ChallengeEventKind,
    ChallengeStatus,
    Risk,
    RiskAssessment,
    RiskStatus,
)

if TYPE_CHECKING:
    from bench.generate import Volumes

# Fixed at every scale, as in life: the plan years, their priorities, the subgroups' quarterly
# highlight reports, the arrangements' versions, a paper on the first agenda items of each
# board meeting.
PLAN_YEARS = (2024, 2025)  # 2024/25 and 2025/26; the plan page shows the latest
PRIORITIES_PER_YEAR = 5
UPDATES_PER_ACTION = 3
ARRANGEMENTS_VERSIONS = 3
PAPERS_PER_MEETING = 2
ASSESSMENTS_PER_RISK = 3

_RAGS = (Rag.GREEN, Rag.AMBER, Rag.GREEN, Rag.RED, Rag.AMBER)
_FREQUENCIES = {
    GroupKind.EXECUTIVE: MeetingFrequency.QUARTERLY,
    GroupKind.LEADERSHIP: MeetingFrequency.TWICE_A_YEAR,
    GroupKind.SUBGROUP: MeetingFrequency.EVERY_TWO_MONTHS,
    GroupKind.JOINT_SUBGROUP: MeetingFrequency.MONTHLY,
    GroupKind.PANEL: MeetingFrequency.AS_NEEDED,
    GroupKind.FORUM: MeetingFrequency.TERMLY,
}
_PRIORITY_TITLES = (
    "Neglect",
    "Child exploitation",
    "Children's mental health",
    "Domestic abuse",
    "Learning from reviews",
)


@dataclass(frozen=True)
class Cast:
    """What the governance rows hang on, from the main generator."""

    partnership: Partnership
    neighbour: Partnership
    statutory: list[Organisation]
    agencies: list[Organisation]  # agencies[0] is the agency lead's organisation
    representatives: dict[int, Person]  # organisation pk -> someone in it today
    business_manager: Person
    agency_lead: Person
    approver: Person  # a lead safeguarding partner


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _structure(cast: Cast, v: Volumes, today: datetime.date) -> Group:
    """Terms of reference, chairs and frequency on the main partnership's groups, and
    `v.group_members` seats on each (the agency lead's agency on every one)."""
    groups = list(Group.objects.filter(partnership=cast.partnership).order_by("pk"))
    board = next(g for g in groups if g.kind == GroupKind.EXECUTIVE)
    for n, group in enumerate(groups):
        group.terms_of_reference = (
            f"The {group.name} meets to oversee its part of the partnership's work, agree "
            "actions and report to the Executive.\n\nMembers send a deputy if they cannot attend."
        )
        group.terms_reviewed_on = today - _days(200 + 40 * n)
        # Some reviews of the terms of reference are overdue.
        group.terms_next_review_on = today + _days(165 - 40 * n)
        group.chair = cast.business_manager if n % 2 else cast.approver
        group.meeting_frequency = _FREQUENCIES[GroupKind(group.kind)]
        group.parent = board if group.kind == GroupKind.SUBGROUP else None
    Group.objects.bulk_update(
        groups,
        [
            "terms_of_reference",
            "terms_reviewed_on",
            "terms_next_review_on",
            "chair",
            "meeting_frequency",
            "parent",
        ],
    )
    candidates = cast.statutory + cast.agencies
    seats = []
    for n, group in enumerate(groups):
        count = min(v.group_members, len(candidates))
        others = [o for o in candidates[n % 3 :] if o.pk != cast.agencies[0].pk]
        chosen = [cast.agencies[0], *others[: count - 1]]
        for i, organisation in enumerate(chosen):
            person = cast.representatives.get(organisation.pk) if i % 3 != 2 else None
            seats.append(
                GroupMember(
                    group=group,
                    organisation=organisation,
                    person=person,
                    role_note="Education representative" if i % 11 == 5 else "",
                )
            )
            if person is not None and i % 6 == 0:
                seats.append(
                    GroupMember(
                        group=group, organisation=organisation, person=person, is_deputy=True
                    )
                )
    GroupMember.objects.bulk_create(seats, batch_size=500)
    ScrutinyRole.objects.create(
        partnership=cast.partnership,
        name="Independent scrutineer",
        days_per_year=30,
        activities="Attend the Executive\nScrutinise the yearly report\nMeet young people",
        commissioned_from=today - _days(500),
    )
    return board


def _register(cast: Cast, v: Volumes, today: datetime.date) -> Engagement:
    """Review dates on the relevant agencies' engagements (one in four overdue, one in ten
    never reviewed) and two reviews of the register as a whole."""
    engagements = list(
        Engagement.objects.filter(
            partnership=cast.partnership, organisation__kind=OrganisationKind.RELEVANT_AGENCY
        ).order_by("pk")
    )
    for i, engagement in enumerate(engagements):
        if i % 10 == 9:
            continue
        engagement.last_reviewed_on = today - _days(300 + i % 200)
        engagement.next_review_on = today - _days(30) if i % 4 == 0 else today + _days(60 + i % 300)
    Engagement.objects.bulk_update(
        engagements, ["last_reviewed_on", "next_review_on"], batch_size=500
    )
    RegisterReview.objects.bulk_create(
        [
            RegisterReview(
                partnership=cast.partnership,
                reviewed_on=today - _days(365 * years + 30),
                next_review_on=today - _days(365 * (years - 1) + 30),
                reviewed_by=cast.business_manager,
                agencies_listed=v.relevant_agencies,
            )
            for years in (2, 1)
        ]
    )
    return next(e for e in engagements if e.organisation_id == cast.agencies[0].pk)


def _business_plan(
    cast: Cast, v: Volumes, today: datetime.date, subgroups: list[Group]
) -> dict[str, int]:
    """PRIORITIES_PER_YEAR priorities a plan year, `v.plan_actions` actions a year among them
    (one in four owned by the agency lead's agency), UPDATES_PER_ACTION progress updates
    each, the subgroups' highlight reports and the earlier year's impact records."""
    priorities = Priority.objects.bulk_create(
        [
            Priority(
                partnership=cast.partnership,
                start_year=year,
                number=n + 1,
                title=title,
                outcome=f"Children are safer from {title.lower()}.",
                approach="We will do this by:\nTraining practitioners\nAuditing practice",
            )
            for year in PLAN_YEARS
            for n, title in enumerate(_PRIORITY_TITLES[:PRIORITIES_PER_YEAR])
        ]
    )
    owners = cast.statutory + cast.agencies
    actions = []
    for y, year in enumerate(PLAN_YEARS):
        year_priorities = priorities[y * PRIORITIES_PER_YEAR : (y + 1) * PRIORITIES_PER_YEAR]
        for i in range(v.plan_actions):
            organisation = cast.agencies[0] if i % 4 == 0 else owners[i % len(owners)]
            status = (
                PlanActionStatus.COMPLETE
                if i % 5 == 4
                else PlanActionStatus.IN_PROGRESS
                if i % 5
                else PlanActionStatus.NOT_STARTED
            )
            actions.append(
                PlanAction(
                    priority=year_priorities[i % PRIORITIES_PER_YEAR],
                    description=f"Deliver workstream {i + 1} of the {year} plan",
                    owner=cast.representatives.get(organisation.pk) if i % 3 else None,
                    owning_organisation=organisation,
                    responsible_group=subgroups[i % len(subgroups)] if subgroups else None,
                    milestone_on=datetime.date(year + 1, 1 + i % 12, 28),
                    measure_of_success="Audit shows improvement",
                    status=status,
                    rag="" if status == PlanActionStatus.NOT_STARTED else _RAGS[i % len(_RAGS)],
                )
            )
    actions = PlanAction.objects.bulk_create(actions, batch_size=500)
    updates = []
    for i, action in enumerate(actions):
        if action.status == PlanActionStatus.NOT_STARTED:
            continue
        for u in range(UPDATES_PER_ACTION):
            latest = u == UPDATES_PER_ACTION - 1
            updates.append(
                ProgressUpdate(
                    action=action,
                    reported_on=min(today, action.milestone_on)
                    - _days(30 * (UPDATES_PER_ACTION - u)),
                    rag=action.rag if latest else _RAGS[(i + u) % len(_RAGS)],
                    narrative=f"Update {u + 1}: work is under way.",
                    evidence="Minutes of the subgroup" if u % 2 else "",
                    status=action.status if latest else PlanActionStatus.IN_PROGRESS,
                    reported_by=action.owner or cast.business_manager,
                )
            )
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    HighlightReport.objects.bulk_create(
        [
            HighlightReport(
                group=group,
                start_year=year,
                quarter=quarter,
                summary=f"{group.name}: progress on the plan this quarter.",
                risks="Capacity in the business unit" if quarter == Quarter.Q3 else "",
                written_by=cast.business_manager,
                written_on=datetime.date(year, 4, 1) + _days(91 * quarter),
            )
            for year in PLAN_YEARS
            for quarter in Quarter.values
            for group in subgroups
        ]
    )
    ImpactRecord.objects.bulk_create(
        [
            ImpactRecord(
                priority=priority,
                what_we_did="Trained practitioners and audited practice.",
                how_well="Most actions were completed on time.",
                difference_made="Practitioners report more confidence.",
            )
            for priority in priorities[:PRIORITIES_PER_YEAR]
        ]
    )
    lead_action = next(
        a
        for a in actions
        if a.owning_organisation_id == cast.agencies[0].pk
        and a.priority.start_year == PLAN_YEARS[-1]
        and a.status != PlanActionStatus.NOT_STARTED
    )
    return {"priority": lead_action.priority_id, "plan_action": lead_action.pk}


def _arrangements(cast: Cast, today: datetime.date) -> dict[str, int]:
    """The arrangements with a draft of every section and ARRANGEMENTS_VERSIONS versions,
    each frozen as arrangements_approve freezes them (but without its audit event)."""
    arrangements = Arrangements.objects.create(
        partnership=cast.partnership, resourcing_year=2016, title="Benchshire arrangements"
    )
    sections = DraftSection.objects.bulk_create(
        DraftSection(arrangements=arrangements, key=key) for key in SectionKey.values
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                partnership=cast.partnership,
                title=seed.title,
                source=seed.source,
                due_on=seed.due_on,
                done_on=seed.due_on if n % 2 == 0 else None,
            )
            for n, seed in enumerate(STATUTORY_MILESTONES)
        ]
    )
    version = None
    for number in range(1, ARRANGEMENTS_VERSIONS + 1):
        for section in sections:
            section.body = (
                f"Version {number} of the {section.get_key_display().lower()} section.\n\n"
                f"The partners agreed this in {2022 + number}.\n- one point\n- another point"
            )
        DraftSection.objects.bulk_update(sections, ["body"])
        approved = timezone.make_aware(datetime.datetime(2022 + number, 6, 30, 12, 0))
        version = Version.objects.create(
            arrangements=arrangements,
            number=number,
            approved_by=cast.approver,
            approved_by_name=cast.approver.full_name,
            approved_by_role="Lead safeguarding partner",
            approved_at=approved,
            published_on=approved.date(),
            snapshot=render_arrangements(arrangements, today),
        )
    # The draft moves on after the latest version.
    sections[0].body += "\n\nA change not yet approved."
    sections[0].changed_at = timezone.now()
    sections[0].changed_by = cast.business_manager
    sections[0].save(update_fields=["body", "changed_at", "changed_by"])
    assert version is not None
    return {"arrangements": arrangements.pk, "arrangements_version": version.pk}


def _risks(cast: Cast, v: Volumes, today: datetime.date) -> int:
    """`v.risks` risks, ASSESSMENTS_PER_RISK assessments each (the latest on the risk)."""
    owners = cast.statutory + cast.agencies
    risks, histories = [], []
    for i in range(v.risks):
        scores = [(1 + (i + a) % 4, 1 + (i * 3 + a) % 4) for a in range(ASSESSMENTS_PER_RISK)]
        dates = [
            today - _days(90 * (ASSESSMENTS_PER_RISK - a) + i % 30) for a in range(len(scores))
        ]
        closed = i % 7 == 6
        likelihood, impact = scores[-1]
        previous = scores[-2][0] * scores[-2][1] if len(scores) > 1 else None
        organisation = owners[i % len(owners)]
        risks.append(
            Risk(
                partnership=cast.partnership,
                title=f"Risk {i + 1}: capacity to respond to {_PRIORITY_TITLES[i % 5].lower()}",
                description="What could go wrong.",
                cause="Demand is rising.",
                consequence="Children may not be seen in time.",
                mitigation="Weekly oversight by the Executive.",
                owner=cast.representatives.get(organisation.pk),
                owning_organisation=organisation,
                review_on=today + _days(-20 if i % 5 == 0 else 60),  # some reviews overdue
                status=RiskStatus.CLOSED if closed else RiskStatus.OPEN,
                closed_on=today - _days(10) if closed else None,
                likelihood=likelihood,
                impact=impact,
                assessed_on=dates[-1],
                previous_score=previous,
            )
        )
        histories.append(list(zip(dates, scores, strict=True)))
    risks = Risk.objects.bulk_create(risks, batch_size=500)
    recorded = timezone.now()
    RiskAssessment.objects.bulk_create(
        [
            RiskAssessment(
                risk=risk,
                assessed_on=day,
                likelihood=likelihood,
                impact=impact,
                note="Reassessed at the Executive.",
                assessed_by=cast.business_manager,
                recorded_at=recorded,
            )
            for risk, history in zip(risks, histories, strict=True)
            for day, (likelihood, impact) in history
        ],
        batch_size=500,
    )
    return next(r for r in risks if r.status == RiskStatus.OPEN).pk


def _challenges(cast: Cast, v: Volumes, today: datetime.date) -> int:
    """`v.challenges` challenges at various steps (one in three to the agency lead's agency),
    each with its events."""
    targets = cast.statutory + cast.agencies
    challenges, steps = [], []
    for i in range(v.challenges):
        organisation = cast.agencies[0] if i % 3 == 0 else targets[i % len(targets)]
        raised = today - _days(10 + 7 * (i % 40))
        step = i % 4  # 0 raised, 1 responded, 2 assurance recorded, 3 closed
        responded = raised + _days(14) if step >= 1 else None
        assured = raised + _days(21) if step >= 2 else None
        closed = raised + _days(28) if step == 3 else None
        challenges.append(
            Challenge(
                partnership=cast.partnership,
                organisation=organisation,
                subject=f"Challenge {i + 1}: assurance on {_PRIORITY_TITLES[i % 5].lower()}",
                detail="The partnership asks for evidence of improvement.",
                raised_by=cast.business_manager,
                raised_on=raised,
                response_due_on=raised + _days(28),
                response="Our action plan is attached." if responded else "",
                responded_on=responded,
                assurance_received=True if assured else None,
                assurance="The audit shows improvement." if assured else "",
                assurance_on=assured,
                status=ChallengeStatus.CLOSED if closed else ChallengeStatus.OPEN,
                closed_on=closed,
            )
        )
        steps.append((raised, responded, assured, closed))
    challenges = Challenge.objects.bulk_create(challenges, batch_size=500)
    recorded = timezone.now()
    events = []
    for challenge, (raised, responded, assured, closed) in zip(challenges, steps, strict=True):
        lead = cast.representatives.get(challenge.organisation_id)
        for kind, day, by in (
            (ChallengeEventKind.RAISED, raised, cast.business_manager),
            (ChallengeEventKind.RESPONDED, responded, lead),
            (ChallengeEventKind.ASSURANCE, assured, cast.business_manager),
            (ChallengeEventKind.CLOSED, closed, cast.business_manager),
        ):
            if day is None:
                break
            events.append(
                ChallengeEvent(
                    challenge=challenge,
                    kind=kind,
                    occurred_on=day,
                    by=by,
                    text=f"{ChallengeEventKind(kind).label}.",
                    assurance_received=True if kind == ChallengeEventKind.ASSURANCE else None,
                    recorded_at=recorded,
                )
            )
    ChallengeEvent.objects.bulk_create(events, batch_size=500)
    return next(
        c for c in challenges if c.organisation_id == cast.agencies[0].pk and c.responded_on
    ).pk


def _papers(cast: Cast, board: Group) -> None:
    """A paper (the row only: the pages list papers, they do not read the files) on the
    first PAPERS_PER_MEETING agenda items of each board meeting."""
    items = AgendaItem.objects.filter(meeting__group=board, order__lte=PAPERS_PER_MEETING).order_by(
        "pk"
    )
    uploaded = timezone.now()
    Paper.objects.bulk_create(
        [
            Paper(
                agenda_item=item,
                title=f"Report for item {item.order}",
                original_filename=f"report-{item.order}.pdf",
                kind=Kind.PDF.value,
                size=120_000 + n,
                sha256=f"{n:064x}",
                stored_name=f"bench{n:027d}",
                uploaded_by=cast.business_manager,
                uploaded_at=uploaded,
            )
            for n, item in enumerate(items)
        ],
        batch_size=500,
    )


def generate_governance(cast: Cast, v: Volumes) -> dict[str, Any]:
    """Write the governance rows; return the ids of the pages the benchmark measures."""
    today = timezone.localdate()
    board = _structure(cast, v, today)
    engagement = _register(cast, v, today)
    subgroups = list(
        Group.objects.filter(partnership=cast.partnership, kind=GroupKind.SUBGROUP).order_by("pk")
    )
    ids = _business_plan(cast, v, today, subgroups)
    ids.update(_arrangements(cast, today))
    risk = _risks(cast, v, today)
    challenge = _challenges(cast, v, today)
    _papers(cast, board)
    return {
        "group": board.pk,
        "engagement": engagement.pk,
        "risk": risk,
        "challenge": challenge,
        **ids,
    }


GOVERNANCE_MODELS = (
    Paper,
    ChallengeEvent,
    Challenge,
    RiskAssessment,
    Risk,
    Version,
    Milestone,
    DraftSection,
    Arrangements,
    ImpactRecord,
    HighlightReport,
    ProgressUpdate,
    PlanAction,
    Priority,
    RegisterReview,
    ScrutinyRole,
    GroupMember,
)
"""What generate_governance() writes, children first (for reset())."""


def volumes(partnership: Partnership) -> dict[str, int]:
    return {
        "group_members": GroupMember.objects.filter(group__partnership=partnership).count(),
        "engagements_review_overdue": Engagement.objects.filter(
            partnership=partnership, next_review_on__lt=timezone.localdate()
        ).count(),
        "priorities": Priority.objects.count(),
        "plan_actions": PlanAction.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "highlight_reports": HighlightReport.objects.count(),
        "impact_records": ImpactRecord.objects.count(),
        "arrangements_versions": Version.objects.count(),
        "risks": Risk.objects.count(),
        "risk_assessments": RiskAssessment.objects.count(),
        "challenges": Challenge.objects.count(),
        "challenge_events": ChallengeEvent.objects.count(),
        "papers": Paper.objects.count(),
    }
