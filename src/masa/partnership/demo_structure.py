"""The demo partnership's structure: who chairs and sits on each group, how often it meets,
whom it reports to, its terms of reference in brief, the independent scrutiny the partners
commission, and the reviews of the relevant agencies register.

Sources (shared/domain/seeds/):
- 002 "Leadership arrangements": the Lead Safeguarding Partners meet twice a year across Avon
  and Somerset and once a year in Somerset; they delegate to the Executive, whose members are
  the three delegated partners and an education representative (a headteacher), chaired by the
  council's delegate for 2024-25. "Engagement of schools": an education representative sits on
  each partnership group, and the partnership joins the termly DSL meetings. "Governance and
  scrutiny": the scrutineer attends the Executive. The agreement of 30 December 2024 lists the
  relevant agencies: the register's last review as a whole, and each listed agency's.
- 000 §1.6: the Partnership Business Group brings together the subgroup chairs.
- 003 §5.1 and §5.7 Table 1: the Board (to 2019) met quarterly; its 15 attending bodies.
  §6.9 and the "Quality and performance" pages: quarterly multi-agency audits reported through
  Quality and Performance, which a community member co-chaired. App. D: the designated nurse
  chairs the health group, with members from across the health economy. §7: CDOP is chaired by
  a public health consultant. §11 (district councils): Taunton Deane sat on the CSE subgroup;
  the housing providers' safeguarding meetings met four times in 2016/17. §11.9: education
  safeguarding advisory meetings drew secondary, primary, special and independent schools,
  colleges and early years providers.
- 001 §5.13: an independent scrutineer for about 15 days a year and what they scrutinise; §5.6:
  an Executive meeting every two months. Somerset's own documents give neither figure, so the
  demo takes Medway's proposal (001), as it says below. §5.17's secure estate role (6 days a
  year) is not loaded: Somerset has no youth custody establishments (seed 002).

Where the seeds name a chair the demo's invented persona holds the seat; where they name none
(or name a real person the demo does not use, like the Board's independent chair) the chair is
left empty rather than invented. Frequencies the seeds do not give are marked as assumed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from masa.accounts.models import Engagement, Organisation, OrganisationKind, Person, SettingType
from masa.partnership.demo_meetings import BOARD_NAME, TABLE_1
from masa.partnership.models import (
    Group,
    GroupMember,
    MeetingFrequency,
    Partnership,
    RegisterReview,
    ScrutinyRole,
)

# Seed 002: the agreement, with its list of relevant agencies, was made on 30 December 2024.
AGREEMENT_DATE = datetime.date(2024, 12, 30)
NEXT_REVIEW = datetime.date(2025, 12, 30)  # a year on: the agreement is reviewed yearly

EDUCATION_REPRESENTATIVE = "Education representative"


@dataclass(frozen=True)
class Seat:
    organisation: str  # a demo organisation's name; EDUCATION_SEAT for the DSL persona's school
    person: str = ""  # a demo persona's full name
    role_note: str = ""


EDUCATION_SEAT = "(the education representative's school)"
_EDUCATION_REP = Seat(EDUCATION_SEAT, "Grace Adeyemi", EDUCATION_REPRESENTATIVE)
_PARTNERS = (
    Seat("Somerset Council"),
    Seat("NHS Somerset Integrated Care Board"),
    Seat("Avon and Somerset Constabulary"),
)


@dataclass(frozen=True)
class GroupDetail:
    name: str
    frequency: MeetingFrequency
    terms: str
    parent: str = ""
    chair: str = ""  # a persona's full name
    seats: tuple[Seat, ...] = ()
    terms_reviewed_on: datetime.date | None = None
    terms_next_review_on: datetime.date | None = None
    education_settings: tuple[SettingType, ...] = field(default_factory=tuple)


EXECUTIVE = "Partnership Executive"
LEAD_PARTNERS = "Lead Safeguarding Partners"

GROUP_DETAILS = (
    GroupDetail(
        LEAD_PARTNERS,
        # Seed 002: "once per year at local level" (and twice a year across Avon and Somerset).
        MeetingFrequency.YEARLY,
        "The chief executives of the council and the ICB and the chief constable. They set the "
        "partnership's strategic direction, vision and culture, meeting twice a year across "
        "the Avon and Somerset footprint and once a year in Somerset, and delegate running "
        "the arrangements to the Executive.",
        seats=(
            Seat("Somerset Council", "Alison Penrose", "Lead safeguarding partner"),
            Seat("NHS Somerset Integrated Care Board", "Daniel Osei", "Lead safeguarding partner"),
            Seat("Avon and Somerset Constabulary", "Kathryn Mallory", "Lead safeguarding partner"),
        ),
        terms_reviewed_on=AGREEMENT_DATE,
        terms_next_review_on=NEXT_REVIEW,
    ),
    GroupDetail(
        EXECUTIVE,
        # Assumed: seed 002 gives no frequency; seed 001 §5.6 has the Executive meet every two
        # months.
        MeetingFrequency.EVERY_TWO_MONTHS,
        "The delegated safeguarding partners and an education representative. Provide "
        "leadership in their agencies; oversee and challenge the agreed data set; make sure "
        "agencies' money and in-kind resources meet the partnership's objectives; own the "
        "strategic plan, budget, yearly report and risk register; make sure information is "
        "shared, learning reviews are done well and multi-agency training is provided. The "
        "chair rotates each year between the partners; the independent scrutineer attends.",
        parent=LEAD_PARTNERS,
        chair="Priya Raman",
        seats=(
            Seat(
                "Somerset Council", "Priya Raman", "Delegated safeguarding partner; chair 2024-25"
            ),
            Seat(
                "NHS Somerset Integrated Care Board",
                "Gareth Pengelly",
                "Delegated safeguarding partner",
            ),
            Seat(
                "Avon and Somerset Constabulary",
                "Joanna Whitcombe",
                "Delegated safeguarding partner",
            ),
            Seat(EDUCATION_SEAT, "", f"{EDUCATION_REPRESENTATIVE} (a headteacher)"),
            Seat(
                "Brackenmoor Independent Scrutiny",
                "Ruth Achterberg",
                "Independent scrutineer, attends",
            ),
        ),
        terms_reviewed_on=AGREEMENT_DATE,
        terms_next_review_on=NEXT_REVIEW,
    ),
    GroupDetail(
        "Partnership Business Group",
        # Assumed: quarterly, with the subgroups' highlight reports (seed 003 §6.1).
        MeetingFrequency.QUARTERLY,
        "The chairs of the subgroups, with the business manager, follow the business plan "
        "together: each chair reports progress, and the group decides what more is needed and "
        "how the subgroups' work fits (seed 000 §1.6; seed 003 §6.1).",
        parent=EXECUTIVE,
        seats=(
            Seat("Somerset Council", "Tomasz Nowak", "Business manager"),
            Seat(
                "NHS Somerset Integrated Care Board",
                "Samira Haddad",
                "Chair of Health Safeguarding",
            ),
        ),
    ),
    GroupDetail(
        "Quality and Performance",
        # Seed 003: quarterly multi-agency audits, reported to the Board quarterly.
        MeetingFrequency.QUARTERLY,
        "Analyses multi-agency quality assurance (audits, data, Section 11 and 175/157 "
        "returns) to tell the Executive about risks and trends, oversees the Effective Support "
        "document, and follows up the actions audits set.",
        parent=EXECUTIVE,
        seats=(
            Seat("Somerset Council", "Ellie Hartfield", "Quality assurance and audit officer"),
            *_PARTNERS[1:],
            Seat("Somerset NHS Foundation Trust", "Owen Trevithick"),
            Seat("Community members", "", "Community member, co-chair (seed 003)"),
            _EDUCATION_REP,
        ),
    ),
    GroupDetail(
        "Learning and Improvement",
        MeetingFrequency.QUARTERLY,  # assumed
        "Considers cases for review and oversees rapid reviews and practice reviews; spreads "
        "their learning; commissions multi-agency training and reviews its impact.",
        parent=EXECUTIVE,
        seats=(
            *_PARTNERS,
            Seat("Somerset NHS Foundation Trust", "Owen Trevithick"),
            _EDUCATION_REP,
        ),
    ),
    GroupDetail(
        "Health Safeguarding",
        MeetingFrequency.QUARTERLY,  # assumed
        "Provides safeguarding children leadership to Somerset's health community, quality "
        "assures safeguarding across health, and keeps health and the wider partnership "
        "talking. Members come from across the health economy.",
        parent=EXECUTIVE,
        chair="Samira Haddad",
        seats=(
            Seat("NHS Somerset Integrated Care Board", "Samira Haddad", "Designated nurse, chair"),
            Seat("Somerset NHS Foundation Trust", "Owen Trevithick"),
            Seat("South Western Ambulance Service NHS Foundation Trust"),
            Seat("NHS England"),
            Seat("Devon Doctors"),
            Seat("Care UK"),
            _EDUCATION_REP,
        ),
    ),
    GroupDetail(
        "Policy and Procedures",
        MeetingFrequency.QUARTERLY,  # assumed
        "Keeps the local multi-agency procedures in line with national guidance and the South "
        "West procedures, and checks agencies follow them.",
        parent=EXECUTIVE,
        seats=(*_PARTNERS, _EDUCATION_REP),
    ),
    GroupDetail(
        "Exploitation and Missing Children",
        MeetingFrequency.QUARTERLY,  # assumed
        "Leads the response to child sexual and criminal exploitation and to children who go "
        "missing, and monitors its action plan; the CSE and missing subgroups combined, with "
        "refreshed terms of reference and membership (seed 003 §10).",
        parent=EXECUTIVE,
        seats=(
            *_PARTNERS,
            Seat("Somerset NHS Foundation Trust"),
            Seat("Taunton Deane Borough Council", "", "District councils' representative"),
            _EDUCATION_REP,
        ),
    ),
    GroupDetail(
        "Education Safeguarding Advisory Group",
        MeetingFrequency.TERMLY,  # assumed: the school year
        "Schools of every kind, colleges and early years providers meet with the council's "
        "education safeguarding team on their statutory safeguarding duties, the partnership's "
        "policies and procedures, and the Section 175/157 audit.",
        parent=EXECUTIVE,
        seats=(Seat("Somerset Council"), _EDUCATION_REP),
        education_settings=(
            SettingType.ACADEMY,
            SettingType.INDEPENDENT,
            SettingType.SEN_INDEPENDENT,
            SettingType.FURTHER_EDUCATION,
            SettingType.EARLY_YEARS,
        ),
    ),
    GroupDetail(
        "Child Death Overview Panel",
        MeetingFrequency.AS_NEEDED,
        "Reviews the deaths of children normally resident in Somerset, jointly with the "
        "Pan-Dorset panel since 2019, for the child death review partners (the council and the "
        "ICB, which supports it), and brings the learning back to the partnership. Chaired by "
        "a public health consultant.",
        seats=(
            Seat("NHS Somerset Integrated Care Board", "Callum Reid", "Child death review officer"),
            Seat("Somerset Council"),
        ),
    ),
    GroupDetail(
        "Designated Safeguarding Lead meetings",
        MeetingFrequency.TERMLY,  # seed 002: "termly Designated Safeguarding Lead meetings"
        "The partnership presents at each term's meeting of schools' designated safeguarding "
        "leads, to share key learning and hear from settings.",
        seats=(Seat("Somerset Council"), Seat(EDUCATION_SEAT, "Grace Adeyemi")),
    ),
    GroupDetail(
        "Participation network",
        MeetingFrequency.AS_NEEDED,
        "Children's and young people's groups the partnership works with; young people hold "
        "the partners to account at a yearly face-to-face meeting (seed 000 §4.1).",
    ),
    GroupDetail(
        "Housing Providers Safeguarding meetings",
        # Seed 003 §11: four meetings in 2016/17.
        MeetingFrequency.QUARTERLY,
        "Social housing providers, coordinated by the district councils and now the council, "
        "share safeguarding developments and the learning from reviews.",
        seats=(
            Seat("Taunton Deane Borough Council", "", "Coordinates the meetings"),
            *(
                Seat(name)
                for name in (
                    "Aster Group",
                    "YMCA",
                    "Curo Group",
                    "Yarlington Housing Group",
                    "LiveWest",
                    "Magna Housing",
                    "SHAL Housing",
                )
            ),
        ),
    ),
)

# Seed 001 §5.13–5.16 (the role proposed for Medway) and seed 002 "Governance and scrutiny".
SCRUTINY_ROLE_NAME = "Independent scrutiny of the partnership"
SCRUTINY_DAYS_PER_YEAR = 15
SCRUTINY_ACTIVITIES = (
    "Attend the Executive and challenge how well the partners lead the arrangements",
    "Scrutinise learning from practice reviews and case file audits, and their action plans",
    "Scrutinise how the partnership uses data",
    "Scrutinise the outcomes of multi-agency and single-agency audits",
    "Give a view on review decisions where the partners disagree",
    "Review the yearly report and comment on it in a section of the report",
    "Keep a line of sight to frontline practice, with the voice of the child at the centre",
)

# Board members in 2016/17 that have since merged or closed, and the bodies that sat at the
# Board on their own: not on the register the 2024 agreement lists, so never reviewed.
NOT_IN_THE_2024_AGREEMENT = frozenset(
    {
        "Somerset Partnership NHS Foundation Trust",
        "Taunton and Somerset NHS Foundation Trust",
        "Yeovil District Hospital NHS Foundation Trust",
        "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company",
        "Taunton Deane Borough Council",
        "Somerset District Councils",
        "Somerset County Council, Public Health",
        "Somerset Youth Offending Team",
    }
)


def load_structure(partnership: Partnership, changes: Counter[str]) -> None:
    """Chairs, frequencies, terms, parents and members of the demo's groups; the scrutiny
    role; the register's reviews. Fills blanks only, so a second run changes nothing."""
    from masa.partnership import demo

    people = {
        p.full_name: p
        for p in Person.objects.filter(email__in=[seed.email for seed in demo.PERSONAS])
    }
    groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}
    names = {seat.organisation for detail in GROUP_DETAILS for seat in detail.seats}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    organisations[EDUCATION_SEAT] = Organisation.objects.get(
        name=demo.DSL_SCHOOL, kind=OrganisationKind.EDUCATION
    )
    settings = _one_setting_of_each()

    for detail in GROUP_DETAILS:
        group = groups[detail.name]
        values: dict[str, object] = {
            "meeting_frequency": detail.frequency,
            "terms_of_reference": detail.terms,
            "terms_reviewed_on": detail.terms_reviewed_on,
            "terms_next_review_on": detail.terms_next_review_on,
        }
        if detail.parent:
            values["parent"] = groups[detail.parent]
        if detail.chair:
            values["chair"] = people[detail.chair]
        values = {name: value for name, value in values.items() if value is not None}
        changes["groups' structure filled in"] += demo._fill_blanks(group, values)
        for seat in detail.seats:
            changes["group members"] += _seat(
                group, organisations[seat.organisation], people.get(seat.person), seat.role_note
            )
        for setting_type in detail.education_settings:
            changes["group members"] += _seat(
                group, settings[setting_type], None, "Education setting"
            )

    board = groups.get(BOARD_NAME)
    if board is not None:
        # Seed 003 §5.1: "The SSCB meets quarterly"; Table 1 lists its 15 attending bodies.
        changes["groups' structure filled in"] += demo._fill_blanks(
            board, {"meeting_frequency": MeetingFrequency.QUARTERLY}
        )
        members = {o.name: o for o in Organisation.objects.filter(name__in=[n for n, _ in TABLE_1])}
        for name, _ in TABLE_1:
            changes["group members"] += _seat(board, members[name], None, "")

    _load_scrutiny(partnership, people, changes)
    _load_register_reviews(partnership, changes)


def _one_setting_of_each() -> dict[str, Organisation]:
    from masa.partnership.demo import education_setting_names

    first: dict[str, str] = {}
    for setting in education_setting_names():
        first.setdefault(setting.setting_type, setting.name)
    found = {
        o.name: o
        for o in Organisation.objects.filter(
            kind=OrganisationKind.EDUCATION, name__in=list(first.values())
        )
    }
    return {setting_type: found[name] for setting_type, name in first.items()}


def _seat(group: Group, organisation: Organisation, person: Person | None, note: str) -> int:
    _, created = GroupMember.objects.get_or_create(
        group=group,
        organisation=organisation,
        is_deputy=False,
        defaults={"person": person, "role_note": note},
    )
    return int(created)


def _load_scrutiny(
    partnership: Partnership, people: dict[str, Person], changes: Counter[str]
) -> None:
    from masa.partnership.demo import _fill_blanks

    role, created = ScrutinyRole.objects.get_or_create(
        partnership=partnership, name=SCRUTINY_ROLE_NAME
    )
    changes["scrutiny roles"] += created
    values = {
        "scrutineer": people.get("Ruth Achterberg"),
        "days_per_year": SCRUTINY_DAYS_PER_YEAR,
        "activities": "\n".join(SCRUTINY_ACTIVITIES),
    }
    filled = _fill_blanks(role, {k: v for k, v in values.items() if v is not None})
    changes["scrutiny roles filled in"] += filled and not created


def _load_register_reviews(partnership: Partnership, changes: Counter[str]) -> None:
    register = Engagement.objects.filter(
        partnership=partnership, organisation__kind=OrganisationKind.RELEVANT_AGENCY
    )
    # Ids first: an UPDATE over a join becomes a self-join PostgreSQL can plan as nested loops
    # over every row when its statistics are stale (in a test's open transaction: seconds).
    unreviewed = list(
        register.exclude(organisation__name__in=NOT_IN_THE_2024_AGREEMENT)
        .filter(last_reviewed_on__isnull=True, next_review_on__isnull=True)
        .values_list("pk", flat=True)
    )
    changes["engagement reviews"] += Engagement.objects.filter(pk__in=unreviewed).update(
        last_reviewed_on=AGREEMENT_DATE, next_review_on=NEXT_REVIEW
    )
    if not RegisterReview.objects.filter(partnership=partnership).exists():
        RegisterReview.objects.create(
            partnership=partnership,
            reviewed_on=AGREEMENT_DATE,
            next_review_on=NEXT_REVIEW,
            agencies_listed=register.exclude(
                organisation__name__in=NOT_IN_THE_2024_AGREEMENT
            ).count(),
        )
        changes["register reviews"] += 1
