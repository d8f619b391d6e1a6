"""Changes to the arrangements. Each service takes the acting person as `actor=` and writes its
audit event in the same transaction as the change; a refused change raises Django's
ValidationError naming the field, which a form shows and the API answers with 400."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masa.arrangements.models import Arrangements, DraftSection, Milestone, SectionKey, Version
from masa.arrangements.sections import render_arrangements
from masa.core import audit
from masa.core.permissions import Permission, reach
from masa.partnership.models import Partnership

MAX_SECTION_CHARACTERS = 20_000
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


@dataclass(frozen=True)
class MilestoneSeed:
    title: str
    source: str
    due_on: datetime.date


# Every timescale is data (DOMAIN.md "Statutory clocks"): these are copied into each
# partnership's milestones when its arrangements are started, and kept there.
STATUTORY_MILESTONES = (
    MilestoneSeed(
        "Publish the arrangements (Working Together 2018)",
        "Working Together 2018 transitional guidance; seed 001 §2.3: publish by 29 June 2019",
        datetime.date(2019, 6, 29),
    ),
    MilestoneSeed(
        "Notify the Secretary of State for Education that they are published",
        "Seed 001 §2.3: notify the Secretary of State once published, by 29 June 2019",
        datetime.date(2019, 6, 29),
    ),
    MilestoneSeed(
        "Implement the arrangements (Working Together 2018)",
        "Seed 001 §2.3 and §7.1: implement by 29 September 2019",
        datetime.date(2019, 9, 29),
    ),
    MilestoneSeed(
        "Publish the arrangements revised for Working Together 2023",
        "Working Together 2023: full implementation by December 2024 (verified locally)",
        datetime.date(2024, 12, 31),
    ),
)


def check_plain_text(text: str, field: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_SECTION_CHARACTERS:
        raise ValidationError(
            {field: f"The section must be {MAX_SECTION_CHARACTERS:,} characters or fewer"}
        )
    if _TAG.search(text):
        raise ValidationError(
            {
                field: "Write the section as plain text without HTML tags: separate paragraphs "
                "with an empty line and start list items with a dash"
            }
        )
    return text


@transaction.atomic
def arrangements_start(
    *, actor: Any, partnership: Partnership, resourcing_year: int | None = None
) -> Arrangements:
    """The empty draft of a partnership's arrangements, with its statutory milestones."""
    if Arrangements.objects.filter(partnership=partnership).exists():
        raise ValidationError("The arrangements of this partnership have already been started")
    arrangements = Arrangements.objects.create(
        partnership=partnership, resourcing_year=resourcing_year
    )
    DraftSection.objects.bulk_create(
        DraftSection(arrangements=arrangements, key=key) for key in SectionKey.values
    )
    for seed in STATUTORY_MILESTONES:
        Milestone.objects.get_or_create(
            partnership=partnership,
            title=seed.title,
            defaults={"source": seed.source, "due_on": seed.due_on},
        )
    audit.record(
        actor=actor,
        action="arrangements.started",
        target=arrangements,
        detail={"partnership": partnership.pk},
    )
    return arrangements


@transaction.atomic
def section_change(*, actor: Any, section: DraftSection, body: str) -> DraftSection:
    body = check_plain_text(body, "body")
    if body == section.body:
        return section
    section.body = body
    section.changed_at = timezone.now()
    section.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    section.save(update_fields=["body", "changed_at", "changed_by"])
    audit.record(
        actor=actor,
        action="arrangements.section_changed",
        target=section,
        detail={"arrangements": section.arrangements_id, "section": section.key},
    )
    return section


@transaction.atomic
def details_change(
    *, actor: Any, arrangements: Arrangements, title: str, resourcing_year: int | None
) -> Arrangements:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter the title of the arrangements"})
    if resourcing_year is not None and not 2000 <= resourcing_year <= 2100:
        raise ValidationError({"resourcing_year": "Enter a year between 2000 and 2100"})
    changed = [
        name
        for name, value in (("title", title), ("resourcing_year", resourcing_year))
        if getattr(arrangements, name) != value
    ]
    if not changed:
        return arrangements
    arrangements.title = title
    arrangements.resourcing_year = resourcing_year
    arrangements.save(update_fields=changed)
    audit.record(
        actor=actor,
        action="arrangements.section_changed",
        target=arrangements,
        detail={"arrangements": arrangements.pk, "section": "details", "fields": changed},
    )
    return arrangements


def role_description(actor: Any, partnership_id: int) -> str:
    """How the approver holds the permission, as the published version will say it."""
    from masa.core.roles import Role

    approving = [
        m
        for m in actor.current_memberships()
        if m.partnership_id == partnership_id
        and m.role
        in (
            Role.LEAD_SAFEGUARDING_PARTNER,
            Role.DELEGATED_SAFEGUARDING_PARTNER,
            Role.PARTNERSHIP_CHAIR,
        )
    ]
    return "; ".join(f"{m.get_role_display()}, {m.organisation.name}" for m in approving)


@transaction.atomic
def arrangements_approve(
    *,
    actor: Any,
    arrangements: Arrangements,
    when: datetime.datetime | None = None,
) -> Version:
    """Freeze the draft, as rendered now, into the next published version.

    Publishing needs a second person (SECURITY.md T10): whoever changed the draft since the
    last version cannot approve it. A draft that renders exactly as the last version does is
    not approved again."""
    if (
        arrangements.partnership_id
        not in reach(actor, Permission.APPROVE_ARRANGEMENTS).partnership_ids
    ):
        raise ValidationError("Your roles do not include approving these arrangements")
    arrangements = Arrangements.objects.select_for_update().get(pk=arrangements.pk)
    when = when or timezone.now()
    latest = arrangements.versions.order_by("-number").first()
    edited = arrangements.sections.filter(changed_by=actor)
    if latest is not None:
        edited = edited.filter(changed_at__gt=latest.approved_at)
    if edited.exists():
        raise ValidationError(
            "You changed this draft, so someone else must approve it: publishing needs a "
            "second person"
        )
    # The records as they stand now, even when `when` records an earlier approval (the demo).
    snapshot = render_arrangements(arrangements)
    if latest is not None and latest.snapshot == snapshot:
        raise ValidationError(
            f"Nothing has changed since version {latest.number}: there is nothing new to approve"
        )
    version = Version.objects.create(
        arrangements=arrangements,
        number=(latest.number + 1) if latest else 1,
        approved_by=actor,
        approved_by_name=actor.full_name,
        approved_by_role=role_description(actor, arrangements.partnership_id),
        approved_at=when,
        published_on=timezone.localdate(when),
        snapshot=snapshot,
    )
    # The landing page's "Published" date is the newest version's.
    Partnership.objects.filter(pk=arrangements.partnership_id).update(
        arrangements_published_on=version.published_on
    )
    audit.record(
        actor=actor,
        action="arrangements.approved",
        target=version,
        detail={"arrangements": arrangements.pk, "version": version.number},
    )
    return version


@transaction.atomic
def milestone_record(
    *, actor: Any, milestone: Milestone, done_on: datetime.date | None
) -> Milestone:
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    if milestone.done_on == done_on:
        return milestone
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record(
        actor=actor,
        action="arrangements.milestone_recorded",
        target=milestone,
        detail={
            "milestone": milestone.pk,
            "done_on": done_on.isoformat() if done_on else None,
        },
    )
    return milestone
