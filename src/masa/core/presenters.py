"""What each person's home page shows: who they are here, and what needs them now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from masa.core.permissions import Permission, permits
from masa.core.roles import PASSKEY_EXPECTED_ROLES, READ_ACROSS_ROLES


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    description: str


@dataclass(frozen=True)
class HomePage:
    name: str
    memberships: list[Any]
    reads_across: bool
    needs: list[Link] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


# Later capabilities add what is due from this person (actions, returns, reviews) here.
LOW_ON_RECOVERY_CODES = 3


def needs_for(user: Any) -> list[Link]:
    needs = []
    if user.roles() & PASSKEY_EXPECTED_ROLES and not user.passkeys.exists():
        needs.append(
            Link(
                "Add a passkey to your account",
                reverse("accounts:account") + "#passkeys",
                "Your role reads across every agency. A passkey cannot be phished or typed "
                "into a fake site.",
            )
        )
    left = user.recovery_codes.filter(used_at__isnull=True).count()
    if user.has_second_factor and left < LOW_ON_RECOVERY_CODES:
        needs.append(
            Link(
                "Make new recovery codes",
                reverse("accounts:account"),
                f"You have {left} recovery code{'s' if left != 1 else ''} left for when you "
                "do not have your phone.",
            )
        )
    needs.extend(overdue_action_links(user))
    needs.extend(risk_and_challenge_links(user))
    needs.extend(overdue_plan_action_links(user))
    needs.extend(case_links(user))
    needs.extend(review_action_links(user))
    needs.extend(overdue_case_audit_action_links(user))
    needs.extend(submission_links(user))
    needs.extend(audit_return_links(user))
    return needs


def audit_return_links(user: Any) -> list[Link]:
    """Section 11 and Section 175/157 returns due from the person's organisation."""
    from masa.audits.presenters import return_due_links

    return return_due_links(user)


def submission_links(user: Any) -> list[Link]:
    """Local figures outstanding: for the business unit and for an agency's lead."""
    from masa.performance.presenters import submission_links as links

    return links(user)


def review_action_links(user: Any) -> list[Link]:
    """Overdue actions of review action plans, for their owner and their organisation's lead."""
    from masa.learning.actions import overdue_action_links

    return overdue_action_links(user)


def case_links(user: Any) -> list[Link]:
    """Cases the business unit must act on, by reference only (one query)."""
    from masa.learning.presenters import case_links as links

    return links(user)


def overdue_case_audit_action_links(user: Any) -> list[Link]:
    """Each of the person's overdue case-audit actions (one query however many there are)."""
    from masa.assurance.selectors import overdue_case_audit_actions_for

    today = timezone.localdate()
    return [
        Link(
            f"Overdue case audit action: {action.description[:80]}",
            reverse("assurance:case-audit-action-close", args=[action.pk]),
            f"Due {action.due_on:%-d %B %Y}, {(today - action.due_on).days} "
            f"day{'s' if (today - action.due_on).days != 1 else ''} late. From the "
            f"{action.case_audit.theme} audit of {action.case_audit.audited_on:%-d %B %Y}.",
        )
        for action in overdue_case_audit_actions_for(user, today)
    ]


def overdue_action_links(user: Any) -> list[Link]:
    """Each of the person's overdue meeting actions (one query however many there are)."""
    from masa.partnership.meetings import overdue_actions_for

    today = timezone.localdate()
    return [
        Link(
            f"Overdue action: {action.description[:80]}",
            reverse("partnership:meeting-action-done", args=[action.pk]),
            f"Due {action.due_on:%-d %B %Y}, {(today - action.due_on).days} "
            f"day{'s' if (today - action.due_on).days != 1 else ''} late. Set at "
            f"{action.meeting.group.name} on {action.meeting.held_on:%-d %B %Y}.",
        )
        for action in overdue_actions_for(user, today)
    ]


def overdue_plan_action_links(user: Any) -> list[Link]:
    """Each of the person's business plan actions past their milestone (one query)."""
    from masa.businessplan.selectors import overdue_plan_actions_for

    today = timezone.localdate()
    return [
        Link(
            f"Overdue plan action: {action.description[:80]}",
            reverse("businessplan:action", args=[action.pk]),
            f"Milestone {action.milestone_on:%-d %B %Y}, {(today - action.milestone_on).days} "
            f"day{'s' if (today - action.milestone_on).days != 1 else ''} ago. Priority "
            f"{action.priority.number}: {action.priority.title}, {action.priority.year.label}.",
        )
        for action in overdue_plan_actions_for(user, today)
    ]


def risk_and_challenge_links(user: Any) -> list[Link]:
    """Challenges awaiting the response of the organisation the person leads for, and risks
    they own whose review date has passed (two queries however many there are)."""
    from masa.risks.selectors import challenges_awaiting_response_from, overdue_reviews_for

    today = timezone.localdate()
    links = [
        Link(
            f"Challenge awaiting your response: {challenge.subject[:80]}",
            reverse("risks:challenge-respond", args=[challenge.pk]),
            f"Raised with {challenge.organisation.name} on {challenge.raised_on:%-d %B %Y}; "
            f"{'response was due' if challenge.is_late(today) else 'response due'} by "
            f"{challenge.response_due_on:%-d %B %Y}.",
        )
        for challenge in challenges_awaiting_response_from(user)
    ]
    links += [
        Link(
            f"Risk review overdue: {risk.title[:80]}",
            reverse("risks:risk", args=[risk.pk]),
            f"The review was due on {risk.review_on:%-d %B %Y}.",
        )
        for risk in overdue_reviews_for(user, today)
    ]
    return links


def home_for(user: Any) -> HomePage:
    memberships = user.current_memberships()
    links = []
    if permits(user, Permission.VIEW_ORGANISATION):
        links.append(
            Link(
                "Organisations",
                reverse("accounts:organisations"),
                "The partners, agencies and schools in the partnership.",
            )
        )
    if permits(user, Permission.VIEW_PERSON):
        links.append(
            Link(
                "People", reverse("accounts:people"), "Who holds which role, and how to reach them."
            )
        )
    links.append(
        Link(
            "Your account",
            reverse("accounts:account"),
            "Two-factor sign-in, recovery codes and API tokens.",
        )
    )
    return HomePage(
        name=user.full_name,
        memberships=memberships,
        reads_across=bool(user.roles() & READ_ACROSS_ROLES),
        needs=needs_for(user),
        links=links,
    )
