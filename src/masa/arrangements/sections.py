"""What each section of the arrangements says: the business manager's narrative, and, where
the records exist, what the records say (the area, the leaders, the relevant agencies, the
groups, the budget's shares). `render_arrangements` builds the whole document as plain data
(a "snapshot"): the draft page shows it live and approval freezes it into a Version.

A snapshot is JSON: {"title", "partnership", "short_name", "contact_email", "resourcing_year",
"sections": [{"key", "number", "title", "blocks": [...]}]}, each block one of
{"kind": "p", "text"}, {"kind": "ul", "items"} or {"kind": "table", "caption", "head", "rows"}.
Templates lay blocks out; nothing in a snapshot is HTML.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from masa.accounts.models import Engagement, Membership, OrganisationKind
from masa.arrangements.models import Arrangements, SectionKey
from masa.core.calendar import ReportingYear
from masa.core.roles import Role
from masa.partnership.budget import format_money, whole_budget_view
from masa.partnership.models import Budget, Group

Block = dict[str, Any]


@dataclass(frozen=True)
class SectionSpec:
    key: SectionKey
    hint: str

    @property
    def title(self) -> str:
        return str(self.key.label)

    @property
    def number(self) -> int:
        return SectionKey.values.index(self.key) + 1


SECTIONS = (
    SectionSpec(
        SectionKey.INTRODUCTION,
        "Why the arrangements exist and what they cover: the duties of the Children and "
        "Social Work Act 2017 and Working Together, and the partners' shared and equal "
        "responsibility.",
    ),
    SectionSpec(
        SectionKey.AREA,
        "The list of local authorities and their codes comes from the partnership's area. "
        "Write anything else the public should know, such as subgroups shared with a "
        "neighbouring partnership.",
    ),
    SectionSpec(
        SectionKey.LEADERSHIP,
        "The lead and delegated safeguarding partners and the chair come from people's roles. "
        "Write how often the leaders meet, what the Executive does, how the chair rotates and "
        "how the education representative was chosen.",
    ),
    SectionSpec(
        SectionKey.RELEVANT_AGENCIES,
        "The table of relevant agencies comes from the agency register. Write how relevant "
        "agencies, schools, health, youth custody and residential homes are engaged.",
    ),
    SectionSpec(
        SectionKey.PARTICIPATION,
        "How children, young people, families and practitioners are heard: the participation "
        "groups the partnership links with.",
    ),
    SectionSpec(
        SectionKey.GOVERNANCE,
        "The groups and the independent scrutineer come from the records. Write how scrutiny "
        "works and how the partnership knows its arrangements are effective.",
    ),
    SectionSpec(
        SectionKey.RESOURCING,
        "Each contributor's share comes from the budget for the year chosen. Write how "
        "contributions are agreed, what is given in kind and who hosts the business unit.",
    ),
    SectionSpec(
        SectionKey.REVIEWS,
        "How cases are considered, how rapid reviews and child safeguarding practice reviews "
        "are commissioned and published, and how their learning is spread.",
    ),
    SectionSpec(
        SectionKey.TRAINING,
        "Who oversees multi-agency training, what is offered and how its impact is measured.",
    ),
    SectionSpec(
        SectionKey.PROTOCOLS,
        "The protocols and policies that go with the arrangements. Put each on its own line "
        "with its web address, like: Resolving professional differences: https://…",
    ),
)
SPECS = {spec.key.value: spec for spec in SECTIONS}


# -- Plain text to blocks ---------------------------------------------------------------------


def text_blocks(text: str) -> list[Block]:
    """Paragraphs are separated by an empty line; lines starting with "- " or "* " make a
    bulleted list."""
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line[:2] in ("- ", "* ", "• "):
                if paragraph:
                    blocks.append({"kind": "p", "text": " ".join(paragraph)})
                    paragraph = []
                items.append(line[2:].strip())
            else:
                if items:
                    blocks.append({"kind": "ul", "items": items})
                    items = []
                paragraph.append(line)
        if paragraph:
            blocks.append({"kind": "p", "text": " ".join(paragraph)})
        if items:
            blocks.append({"kind": "ul", "items": items})
    return blocks


def block_lines(block: Block) -> list[str]:
    """A block as lines of text, for comparing versions."""
    if block["kind"] == "p":
        return [block["text"]]
    if block["kind"] == "ul":
        return [f"• {item}" for item in block["items"]]
    lines = [f"Table: {block['caption']}", " | ".join(block["head"])]
    return lines + [" | ".join(row) for row in block["rows"]]


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# -- From the records -------------------------------------------------------------------------


def _area_blocks(arrangements: Arrangements) -> list[Block]:
    authorities = list(arrangements.partnership.area.prefetch_related("ons_codes"))
    if not authorities:
        return [{"kind": "p", "text": "No local authority has been recorded in the area."}]
    items = []
    for authority in authorities:
        codes = []
        for code in authority.ons_codes.all():
            if code.valid_from_year and code.valid_until_year:
                codes.append(f"{code.code} ({code.valid_from_year} to {code.valid_until_year})")
            elif code.valid_from_year:
                codes.append(f"{code.code} (from {code.valid_from_year})")
            elif code.valid_until_year:
                codes.append(f"{code.code} (until {code.valid_until_year})")
            else:
                codes.append(code.code)
        ons = f"; ONS code {', '.join(codes)}" if codes else ""
        items.append(f"{authority.name} (DfE local authority number {authority.dfe_code}{ons})")
    noun = "boundary" if len(authorities) == 1 else "boundaries"
    return [
        {
            "kind": "p",
            "text": f"The arrangements apply to the area defined by the local authority {noun} of:",
        },
        {"kind": "ul", "items": items},
    ]


LEADERSHIP_ROLES = (
    Role.LEAD_SAFEGUARDING_PARTNER,
    Role.DELEGATED_SAFEGUARDING_PARTNER,
    Role.PARTNERSHIP_CHAIR,
    Role.INDEPENDENT_SCRUTINEER,
)


def _leaders(arrangements: Arrangements, today: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            partnership=arrangements.partnership,
            role__in=LEADERSHIP_ROLES,
            started_on__lte=today,
            person__is_active=True,
        )
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__full_name")
    )


def _who(membership: Membership) -> str:
    person = membership.person
    title = f", {person.job_title}" if person.job_title else ""
    return f"{person.full_name}{title}"


def _leadership_blocks(leaders: list[Membership]) -> list[Block]:
    lead = [m for m in leaders if m.role == Role.LEAD_SAFEGUARDING_PARTNER]
    delegated = [m for m in leaders if m.role == Role.DELEGATED_SAFEGUARDING_PARTNER]
    chairs = [m for m in leaders if m.role == Role.PARTNERSHIP_CHAIR]
    chair_people = {m.person_id for m in chairs}
    blocks: list[Block] = []
    if lead:
        blocks.append({"kind": "p", "text": "The lead safeguarding partners are:"})
        blocks.append({"kind": "ul", "items": [f"{m.organisation.name}: {_who(m)}" for m in lead]})
    else:
        blocks.append({"kind": "p", "text": "No lead safeguarding partner has been recorded."})
    partners = [m for m in delegated if m.organisation.kind != OrganisationKind.EDUCATION]
    education = [m for m in delegated if m.organisation.kind == OrganisationKind.EDUCATION]
    if partners or education:
        blocks.append({"kind": "p", "text": "The delegated safeguarding partners are:"})
        items = [
            f"{m.organisation.name}: {_who(m)}{' (Chair)' if m.person_id in chair_people else ''}"
            for m in partners
        ]
        items += [
            f"Education: {_who(m)}, {m.organisation.name}"
            f"{' (Chair)' if m.person_id in chair_people else ''}"
            for m in education
        ]
        blocks.append({"kind": "ul", "items": items})
    for chair in chairs:
        text = f"The partnership chair is {chair.person.full_name} ({chair.organisation.name})"
        if chair.started_on:
            rotation = _a_year_after(chair.started_on)
            text += (
                f", in the chair since {_date(chair.started_on)}. The chair rotates annually "
                f"between the partners: the next rotation is due by {_date(rotation)}."
            )
        else:
            text += "."
        blocks.append({"kind": "p", "text": text})
    return blocks


def _agency_blocks(arrangements: Arrangements) -> list[Block]:
    engagements = list(
        Engagement.objects.filter(
            partnership=arrangements.partnership,
            organisation__kind=OrganisationKind.RELEVANT_AGENCY,
        )
        .select_related("organisation")
        .order_by("organisation__agency_category", "organisation__name")
    )
    settings = (
        Engagement.objects.filter(
            partnership=arrangements.partnership, organisation__kind=OrganisationKind.EDUCATION
        )
        .order_by()
        .aggregate(n=Count("pk"))["n"]
    )
    blocks: list[Block] = []
    if engagements:
        with_duty = sum(1 for e in engagements if e.organisation.has_section_11_duty)
        blocks.append(
            {
                "kind": "p",
                "text": f"The safeguarding partners have named {len(engagements)} relevant "
                f"agencies, {with_duty} of them with a duty under section 11 of the Children "
                "Act 2004:",
            }
        )
        blocks.append(
            {
                "kind": "table",
                "caption": "Relevant agencies and how each is engaged",
                "head": ["Agency", "Type", "Section 11 duty", "How it is engaged"],
                "rows": [
                    [
                        e.organisation.name,
                        e.organisation.get_agency_category_display()
                        if e.organisation.agency_category
                        else "",
                        "Yes" if e.organisation.has_section_11_duty else "No",
                        e.how_engaged,
                    ]
                    for e in engagements
                ],
            }
        )
    else:
        blocks.append({"kind": "p", "text": "No relevant agencies have been recorded yet."})
    if settings:
        blocks.append(
            {
                "kind": "p",
                "text": f"All {settings} education settings engaged with the partnership, "
                "including early years settings, are relevant agencies.",
            }
        )
    return blocks


def _governance_blocks(arrangements: Arrangements, leaders: list[Membership]) -> list[Block]:
    groups = list(
        Group.objects.filter(partnership=arrangements.partnership)
        .select_related("shared_with")
        .order_by("kind", "name")
    )
    blocks: list[Block] = []
    if groups:
        blocks.append(
            {
                "kind": "table",
                "caption": "The partnership's groups",
                "head": ["Group", "Kind", "Purpose"],
                "rows": [
                    [
                        g.name,
                        g.get_kind_display()
                        + (f" (with {g.shared_with.name})" if g.shared_with else ""),
                        g.purpose,
                    ]
                    for g in groups
                ],
            }
        )
    scrutineers = [m for m in leaders if m.role == Role.INDEPENDENT_SCRUTINEER]
    if scrutineers:
        names = " and ".join(m.person.full_name for m in scrutineers)
        noun = "scrutineer is" if len(scrutineers) == 1 else "scrutineers are"
        blocks.append({"kind": "p", "text": f"The partnership's independent {noun} {names}."})
    return blocks


def _resourcing_blocks(arrangements: Arrangements) -> list[Block]:
    if arrangements.resourcing_year is None:
        return []
    label = ReportingYear(arrangements.resourcing_year).label
    budget = Budget.objects.filter(
        partnership=arrangements.partnership, year=arrangements.resourcing_year
    ).first()
    if budget is None:
        return [{"kind": "p", "text": f"No budget has been recorded for {label}."}]
    view = whole_budget_view(budget)
    with_amounts = view.total_pence is not None
    rows = []
    for row in view.rows:
        if row.share_whole is None and row.amount_pence is None:
            continue
        share = "" if row.share_whole is None else f"{row.share_whole}%"
        rows.append(
            [row.contributor, share, row.amount] if with_amounts else [row.contributor, share]
        )
    head = ["Contributor", f"Share of the {label} budget"] + (["Amount"] if with_amounts else [])
    blocks: list[Block] = [{"kind": "p", "text": f"The arrangements for {label} are:"}]
    blocks.append(
        {
            "kind": "table",
            "caption": f"Contributions to the {label} budget",
            "head": head,
            "rows": rows,
        }
    )
    if with_amounts:
        blocks.append(
            {
                "kind": "p",
                "text": f"The budget for {label} totals {format_money(view.total_pence)}.",
            }
        )
    return blocks


# -- The whole document -----------------------------------------------------------------------


def render_arrangements(
    arrangements: Arrangements, today: datetime.date | None = None
) -> dict[str, Any]:
    """The snapshot of the draft as it stands: narrative and records, every section."""
    today = today or timezone.localdate()
    partnership = arrangements.partnership
    bodies = {s.key: s.body for s in arrangements.sections.all()}
    leaders = _leaders(arrangements, today)
    from_records = {
        SectionKey.AREA: lambda: _area_blocks(arrangements),
        SectionKey.LEADERSHIP: lambda: _leadership_blocks(leaders),
        SectionKey.RELEVANT_AGENCIES: lambda: _agency_blocks(arrangements),
        SectionKey.GOVERNANCE: lambda: _governance_blocks(arrangements, leaders),
        SectionKey.RESOURCING: lambda: _resourcing_blocks(arrangements),
    }
    sections = []
    for spec in SECTIONS:
        make = from_records.get(spec.key)
        blocks = make() if make else []
        blocks += text_blocks(bodies.get(spec.key.value, ""))
        sections.append(
            {"key": spec.key.value, "number": spec.number, "title": spec.title, "blocks": blocks}
        )
    return {
        "title": arrangements.title,
        "partnership": partnership.name,
        "short_name": partnership.short_name,
        "contact_email": partnership.contact_email,
        "resourcing_year": ReportingYear(arrangements.resourcing_year).label
        if arrangements.resourcing_year
        else "",
        "sections": sections,
    }
