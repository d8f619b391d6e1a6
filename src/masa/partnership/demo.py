"""The demo partnership: Somerset, built from the documents it published.

`load_demo()` creates what is missing, fills in fields left blank, and never overwrites a
value that is already there, so `make demo` can run it every time and a second run changes
nothing. Everything happens in one transaction.

Sources, by their number in `shared/domain/seeds/` (DOMAIN.md cites them the same way):
- 000: Somerset County Council scrutiny report on the new arrangements (November 2019);
- 001: Medway's proposed arrangements (March 2019), §5.21 for the relevant agency categories;
- 002: the SSCP Partnership Agreement (December 2024), the arrangements in force;
- 003: the Somerset Safeguarding Children Board annual report 2016/17, the reference figures.

Organisations are the real public bodies the seeds name. People are invented: the seeds'
own names are never used. Schools are invented too (no real names or URNs), from a fixed
list of place-name parts, so every run builds the same ones.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Model

from masa.accounts.models import (
    AgencyCategory,
    Engagement,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    SettingType,
    TotpDevice,
)
from masa.accounts.selectors import DEMO_EMAIL_DOMAIN, current_memberships
from masa.accounts.services import membership_add, person_create
from masa.accounts.sign_in import new_totp_secret
from masa.arrangements.demo_arrangements import load_arrangements
from masa.assurance.demo_assurance import load_assurance
from masa.audits.demo_audits import load_audits
from masa.businessplan.demo_business_plan import load_business_plan
from masa.core import audit
from masa.core.roles import Role
from masa.learning.demo_actions import load_review_actions
from masa.learning.demo_learning import load_cases
from masa.partnership.demo_budget import load_budgets
from masa.partnership.demo_meetings import load_board_meetings
from masa.partnership.demo_structure import load_structure
from masa.partnership.models import Group, GroupKind, LocalAuthority, OnsCode, Partnership
from masa.performance.catalogue import load_performance_demo
from masa.performance.demo_performance import load_local_figures
from masa.risks.demo_risks import load_risks_and_challenges

# One passphrase for every persona, printed by `masa load-demo` on purpose (demo sites only).
# It passes every validator in AUTH_PASSWORD_VALIDATORS, including ServiceNameValidator: it
# holds no service or partnership word.
DEMO_PASSWORD = "amber kestrel lantern"  # noqa: S105

# -- The partnership and its area ------------------------------------------------------------

PARTNERSHIP_NAME = "Somerset Safeguarding Children Partnership"
PARTNERSHIP_SHORT_NAME = "SSCP"
# A reserved top-level domain (RFC 2606): plausible, and can never reach anyone.
PARTNERSHIP_CONTACT_EMAIL = "sscp.businessunit@somerset-safeguarding.invalid"
# Seed 002 gives one date: the agreement "is made on the 30th day of December 2024" and is
# delivered that day. It names no publication or Secretary of State notification date, so
# those stay empty rather than invented.
ARRANGEMENTS_IN_FORCE_ON = datetime.date(2024, 12, 30)
PARTNERSHIP_SUMMARY = (
    "Somerset Council, NHS Somerset Integrated Care Board and Avon and Somerset Constabulary "
    "share equal responsibility for keeping children in Somerset safe, and do it together with "
    "schools, early years settings and the other agencies that work with children and families. "
    "The chief officers of the three partners set the direction; their delegates run an "
    "Executive, joined by an education representative, whose chair rotates each year. Subgroups "
    "look after quality and performance, learning from reviews and training, health, policy, "
    "exploitation and education, and an independent scrutineer tests how well it all works. "
    "The partnership replaced the Somerset Safeguarding Children Board in September 2019 and "
    "renewed its agreement for Working Together 2023 in December 2024."
)

SOMERSET_DFE_CODE = "933"
# Somerset kept its DfE number when the county and its districts became one unitary council
# in April 2023, but its ONS code changed (shared/data/README.md; the DfE files use both).
SOMERSET_ONS_CODES = (
    ("E10000027", None, 2023),
    ("E06000066", 2024, None),
)

# -- Organisations ---------------------------------------------------------------------------

SOMERSET_COUNCIL = "Somerset Council"
SOMERSET_ICB = "NHS Somerset Integrated Care Board"
CONSTABULARY = "Avon and Somerset Constabulary"
SOMERSET_FOUNDATION_TRUST = "Somerset NHS Foundation Trust"
SCRUTINEER_PRACTICE = "Brackenmoor Independent Scrutiny"


@dataclass(frozen=True)
class OrganisationSeed:
    name: str
    kind: OrganisationKind
    how_engaged: str
    agency_category: AgencyCategory | None = None
    has_section_11_duty: bool = False


# Seed 002 "Resourcing" gives each partner's share of the 2024-25 budget.
STATUTORY_PARTNERS = (
    OrganisationSeed(
        SOMERSET_COUNCIL,
        OrganisationKind.LOCAL_AUTHORITY,
        "Statutory safeguarding partner with equal and joint responsibility. Hosts the "
        "partnership's business unit; its delegated partner chairs the Executive for 2024-25. "
        "Pays 33% of the 2024-25 budget.",
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        SOMERSET_ICB,
        OrganisationKind.INTEGRATED_CARE_BOARD,
        "Statutory safeguarding partner with equal and joint responsibility. Pays 33% of the "
        "2024-25 budget.",
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        CONSTABULARY,
        OrganisationKind.POLICE,
        "Statutory safeguarding partner with equal and joint responsibility. Pays 15% of the "
        "2024-25 budget and has agreed to pay more from 2025-26.",
        has_section_11_duty=True,
    ),
)

# How seed 002 ("Relevant agencies") says relevant agencies take part.
_RELEVANT_AGENCY = (
    "Relevant agency: contributes to learning reviews and spreads their learning, attends "
    "partnership training and events, takes part in subgroups and completes the Section 11 "
    "audit."
)
_HEALTH = (
    "Relevant agency in Somerset's health community: works with the partnership through the "
    "Health Safeguarding subgroup, learning reviews, training and the Section 11 audit."
)
_CHILDRENS_HOMES = (
    "Children's homes and fostering agencies are named relevant agencies; they take part "
    "mainly through the Section 11 audit."
)
_HOUSING = (
    "Social housing provider named as a relevant agency; meets other providers at the housing "
    "providers' safeguarding meetings and completes the Section 11 audit."
)
_BOARD_2016_17 = "Member of the Somerset Safeguarding Children Board in 2016/17."

RELEVANT_AGENCIES = (
    # Seed 002's list, in its order, where it names an organisation.
    OrganisationSeed(
        "Avon and Somerset Police and Crime Commissioner",
        OrganisationKind.RELEVANT_AGENCY,
        _RELEVANT_AGENCY,
        AgencyCategory.POLICING,
        # The local policing body is a section 11 body.
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "National Probation Service",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_RELEVANT_AGENCY} {_BOARD_2016_17}",
        AgencyCategory.PROBATION,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        SOMERSET_FOUNDATION_TRUST,
        OrganisationKind.RELEVANT_AGENCY,
        _HEALTH,
        AgencyCategory.NHS,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "CAFCASS",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_RELEVANT_AGENCY} {_BOARD_2016_17}",
        AgencyCategory.CAFCASS,
        # CAFCASS's welfare duty comes from the Criminal Justice and Court Services Act 2000,
        # not section 11 of the Children Act 2004.
        has_section_11_duty=False,
    ),
    OrganisationSeed(
        "South Western Ambulance Service NHS Foundation Trust",
        OrganisationKind.RELEVANT_AGENCY,
        _HEALTH,
        AgencyCategory.EMERGENCY_SERVICES,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Devon Doctors",
        OrganisationKind.RELEVANT_AGENCY,
        _HEALTH,
        AgencyCategory.PRIMARY_CARE,
    ),
    OrganisationSeed(
        "Care UK",
        OrganisationKind.RELEVANT_AGENCY,
        _HEALTH,
        AgencyCategory.PRIMARY_CARE,
    ),
    OrganisationSeed(
        "Devon and Somerset Fire and Rescue Service",
        OrganisationKind.RELEVANT_AGENCY,
        _RELEVANT_AGENCY,
        AgencyCategory.EMERGENCY_SERVICES,
    ),
    *(
        OrganisationSeed(name, OrganisationKind.RELEVANT_AGENCY, _HOUSING, AgencyCategory.HOUSING)
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
    OrganisationSeed(
        "NHS England",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_HEALTH} {_BOARD_2016_17}",
        AgencyCategory.NHS,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "British Transport Police",
        OrganisationKind.RELEVANT_AGENCY,
        _RELEVANT_AGENCY,
        AgencyCategory.POLICING,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Somerset Domestic Abuse Service",
        OrganisationKind.RELEVANT_AGENCY,
        _RELEVANT_AGENCY,
        AgencyCategory.SPECIALIST_SERVICES,
    ),
    OrganisationSeed(
        "Somerset Drug and Alcohol Service",
        OrganisationKind.RELEVANT_AGENCY,
        _RELEVANT_AGENCY,
        AgencyCategory.SPECIALIST_SERVICES,
    ),
    # Seed 002 names these sectors without naming an organisation; seed 003 §6.6 names the
    # sport, faith and voluntary sector bodies the partnership worked with.
    OrganisationSeed(
        "Somerset Active Sports Partnership",
        OrganisationKind.RELEVANT_AGENCY,
        "Works with the partnership on safeguarding in sports clubs and spreads the Child "
        "Protection in Sport Unit's self-assessment to them.",
        AgencyCategory.SPORT,
    ),
    OrganisationSeed(
        "Diocese of Bath and Wells",
        OrganisationKind.RELEVANT_AGENCY,
        "Faith organisation: shares its safeguarding improvement plan with the partnership, "
        "whose Quality and Performance subgroup follows its progress.",
        AgencyCategory.FAITH,
    ),
    OrganisationSeed(
        "Somerset Voluntary and Community Sector Forum",
        OrganisationKind.RELEVANT_AGENCY,
        "The partnership's link with voluntary, community and social enterprise groups that "
        "work with children and families.",
        AgencyCategory.VOLUNTARY_SECTOR,
    ),
    # Seed 002 names children's homes and independent fostering agencies as a group; these
    # two are invented stand-ins, like the schools.
    OrganisationSeed(
        "Larkmead House Children's Home",
        OrganisationKind.RELEVANT_AGENCY,
        _CHILDRENS_HOMES,
        AgencyCategory.CHILDRENS_HOMES,
    ),
    OrganisationSeed(
        "Fernbridge Fostering",
        OrganisationKind.RELEVANT_AGENCY,
        _CHILDRENS_HOMES,
        AgencyCategory.CHILDRENS_HOMES,
    ),
    # Seed 003 Appendix A: Board members in 2016/17 that have since merged or closed. They
    # are kept so the 2016/17 reference figures can be attributed to the bodies that had them.
    OrganisationSeed(
        "Somerset Partnership NHS Foundation Trust",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_BOARD_2016_17} Merged with Taunton and Somerset NHS Foundation Trust in 2020 to "
        "form Somerset NHS Foundation Trust.",
        AgencyCategory.NHS,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Taunton and Somerset NHS Foundation Trust",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_BOARD_2016_17} Merged with Somerset Partnership NHS Foundation Trust in 2020 to "
        "form Somerset NHS Foundation Trust.",
        AgencyCategory.NHS,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Yeovil District Hospital NHS Foundation Trust",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_BOARD_2016_17} Joined Somerset NHS Foundation Trust in 2023.",
        AgencyCategory.NHS,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_BOARD_2016_17} Its work returned to the Probation Service in 2021.",
        AgencyCategory.PROBATION,
        has_section_11_duty=True,
    ),
    OrganisationSeed(
        "Taunton Deane Borough Council",
        OrganisationKind.RELEVANT_AGENCY,
        f"{_BOARD_2016_17} Represented Somerset's district councils; the districts became "
        "part of Somerset Council in 2023.",
        AgencyCategory.DISTRICT_COUNCIL,
        has_section_11_duty=True,
    ),
)

OTHER_ORGANISATIONS = (
    # Invented: the independent scrutineer's own practice. Seed 002 makes the scrutineer an
    # independent appointment, so the persona does not belong to any partner.
    OrganisationSeed(
        SCRUTINEER_PRACTICE,
        OrganisationKind.OTHER,
        "Provides the independent scrutineer, appointed by the three safeguarding partners, "
        "who attends the Executive.",
    ),
)

# -- Education settings ----------------------------------------------------------------------

_EDUCATION = (
    "Education settings are relevant agencies: education representatives sit on every "
    "partnership group, the partnership joins the termly designated safeguarding lead "
    "meetings, and each setting completes the Section 175/157 self-assessment."
)


@dataclass(frozen=True)
class SettingTypeSeed:
    """How many settings of a type the demo holds, and how many of them returned the
    2016/17 Section 175/157 audit (seed 003 §6.5 gives only the return rate)."""

    setting_type: SettingType
    count: int
    returned_2016_17: int
    published_return_rate: int  # per cent, as seed 003 §6.5 prints it
    name_endings: tuple[str, ...]

    @property
    def return_rate(self) -> int:
        """The rate as the report would print it: whole per cent, halves rounded up."""
        return math.floor(100 * self.returned_2016_17 / self.count + 0.5)


# Seed 003 §6.5: 97% of education providers returned the 2016/17 audit; maintained schools,
# independent schools and further education colleges 100%; independent special (SEN)
# schools 57%, pupil referral units 75% and early years settings 56%. It gives no rate for
# academies, and names only those three types as falling short, so academies returned 100%.
# Each count is small and reproduces its printed rate with whole settings:
# - SEN independent: 4 of 7 is 57% (57.1); no smaller count gives 57%.
# - Pupil referral units: 3 of 4 is 75%; no smaller count gives 75%.
# - Early years: 14 of 25 is exactly 56%. (9 of 16 is 56.25%, which also prints as 56%, but
#   an exact rate leaves nothing to rounding.)
# - Overall: those three types miss 3 + 1 + 11 = 15 returns. 97% exactly needs 15 to be 3%
#   of all settings, so there are 500, of which 485 returned.
# - The other 464, all returning, are shared out like a large rural county's: mostly
#   maintained schools and academies, a few dozen independent schools, five colleges.
EDUCATION_SETTINGS = (
    SettingTypeSeed(
        SettingType.MAINTAINED,
        count=250,
        returned_2016_17=250,
        published_return_rate=100,
        name_endings=(
            "Primary School",
            "Church of England Primary School",
            "Community Primary School",
            "Infant School",
            "Junior School",
            "First School",
            "Church of England First School",
            "Middle School",
            "Nursery School",
            "Special School",
        ),
    ),
    SettingTypeSeed(
        SettingType.ACADEMY,
        count=170,
        returned_2016_17=170,
        published_return_rate=100,
        name_endings=(
            "Primary Academy",
            "Academy",
            "Church of England Academy",
            "Community College",
            "Primary School",
            "Upper School",
            "Free School",
        ),
    ),
    SettingTypeSeed(
        SettingType.INDEPENDENT,
        count=39,
        returned_2016_17=39,
        published_return_rate=100,
        name_endings=("School", "Preparatory School", "House School", "Senior School"),
    ),
    SettingTypeSeed(
        SettingType.SEN_INDEPENDENT,
        count=7,
        returned_2016_17=4,
        published_return_rate=57,
        name_endings=("Specialist School", "Lodge School", "House Special School"),
    ),
    SettingTypeSeed(
        SettingType.PUPIL_REFERRAL_UNIT,
        count=4,
        returned_2016_17=3,
        published_return_rate=75,
        name_endings=("Learning Centre",),
    ),
    SettingTypeSeed(
        SettingType.FURTHER_EDUCATION,
        count=5,
        returned_2016_17=5,
        published_return_rate=100,
        name_endings=("College",),
    ),
    SettingTypeSeed(
        SettingType.EARLY_YEARS,
        count=25,
        returned_2016_17=14,
        published_return_rate=56,
        name_endings=("Pre-school", "Day Nursery", "Children's Nursery", "Playgroup", "Nursery"),
    ),
)
SECTION_175_OVERALL_RETURN_RATE_2016_17 = 97

# Invented place names: every prefix with every suffix, except where the letters at the
# join would double up ("Millleigh") or the result is a name people know: a famous place or
# school, or a real school or village in or near Somerset ("Millfield", "Heathfield").
# fmt: off
_PLACE_PREFIXES = (
    "Alder", "Ash", "Birch", "Bracken", "Bram", "Brook", "Clay", "Elder", "Elm", "Fern",
    "Hazel", "Heath", "Heron", "Holly", "Lark", "Lime", "Maple", "Marsh", "Mill", "Oak",
    "Otter", "Reed", "Rowan", "Sorrel", "Stone", "Thorn", "Willow", "Yew",
)
_PLACE_SUFFIXES = (
    "bourne", "bridge", "bury", "combe", "cote", "dale", "down", "field", "ford", "gate",
    "ham", "hurst", "leigh", "mead", "moor", "stead", "ton", "well", "wick", "wood",
)
_KNOWN_NAMES = frozenset({
    "Ashcombe", "Ashdown", "Ashford", "Ashwick", "Elmhurst", "Hazelwood", "Heathfield",
    "Hollywood", "Millfield", "Oakfield", "Oakham", "Thornbury",
})
# fmt: on
# Stepping through the places by a stride with no common factor with their number visits
# each once, in a mixed but fixed order, so one type of school does not get all the "Ash"es.
_PLACE_STRIDE = 149


def _place_names() -> list[str]:
    joined = [
        prefix + suffix
        for prefix in _PLACE_PREFIXES
        for suffix in _PLACE_SUFFIXES
        if prefix[-1] != suffix[0]
    ]
    places = [name for name in joined if name not in _KNOWN_NAMES]
    if math.gcd(_PLACE_STRIDE, len(places)) != 1:
        raise ValueError("choose a stride with no common factor with the number of places")
    return [places[(i * _PLACE_STRIDE) % len(places)] for i in range(len(places))]


@dataclass(frozen=True)
class SettingName:
    name: str
    setting_type: SettingType


def education_setting_names() -> list[SettingName]:
    """The invented name of every education setting: each its own place, the same every run."""
    places = iter(_place_names())
    names = []
    for seed in EDUCATION_SETTINGS:
        for number in range(seed.count):
            ending = seed.name_endings[number % len(seed.name_endings)]
            names.append(SettingName(f"{next(places)} {ending}", seed.setting_type))
    return names


# The education DSL persona's school: the first maintained school.
DSL_SCHOOL = next(
    s.name for s in education_setting_names() if s.setting_type == SettingType.MAINTAINED
)

# -- Groups ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSeed:
    name: str
    kind: GroupKind
    purpose: str


GROUPS = (
    GroupSeed(
        "Lead Safeguarding Partners",
        GroupKind.LEADERSHIP,
        # Seed 002 "Leadership arrangements".
        "The three partners' chief officers set the partnership's direction, vision and "
        "culture, meeting twice a year across Avon and Somerset and once a year in Somerset.",
    ),
    GroupSeed(
        "Partnership Executive",
        GroupKind.EXECUTIVE,
        # Seed 002 "Leadership arrangements".
        "The delegated partners and an education representative own the strategic plan, "
        "budget, yearly report and risk register and challenge the safeguarding data, under a "
        "chair that rotates each year.",
    ),
    GroupSeed(
        "Partnership Business Group",
        GroupKind.SUBGROUP,
        # Seed 000 §1.6; the Business Planning Group of seed 003 §6.1 before it.
        "The subgroup chairs track the business plan together and make sure their work fits.",
    ),
    GroupSeed(
        "Quality and Performance",
        GroupKind.SUBGROUP,
        # Seed 002 "Governance and scrutiny", "Effective support"; seed 003 §6.9.
        "Analyses audits, data and assurance to tell the Executive about risks and trends, "
        "and follows up the actions that result.",
    ),
    GroupSeed(
        "Learning and Improvement",
        GroupKind.SUBGROUP,
        # Seed 002 "Child Safeguarding Practice Reviews", "Multi-agency training"; seed 003 §8.
        "Decides which cases to review, oversees rapid and practice reviews and spreads their "
        "learning, and commissions and evaluates multi-agency training.",
    ),
    GroupSeed(
        "Health Safeguarding",
        GroupKind.SUBGROUP,
        # Seed 002 "Engagement of health"; seed 003 Appendix D (the Health Advisory Group).
        "Leads safeguarding across Somerset's health services, checks how well it works and "
        "keeps health and the rest of the partnership talking.",
    ),
    GroupSeed(
        "Policy and Procedures",
        GroupKind.SUBGROUP,
        # Seed 003 §11.5 "Next steps".
        "Keeps local procedures and guidance in line with national guidance and checks that "
        "agencies put them into practice.",
    ),
    GroupSeed(
        "Exploitation and Missing Children",
        GroupKind.SUBGROUP,
        # Seed 003 §10: the CSE and missing children subgroups, combined.
        "Leads the partnership's response to children who are exploited or go missing, and "
        "follows its action plan.",
    ),
    GroupSeed(
        "Education Safeguarding Advisory Group",
        GroupKind.SUBGROUP,
        # Seed 003 §11.9.
        "Brings schools, colleges and early years settings together on their safeguarding "
        "duties, policies and the Section 175/157 audit.",
    ),
    GroupSeed(
        "Child Death Overview Panel",
        GroupKind.PANEL,
        # Seed 003 §7; seed 000 §5.9 (merged with the Pan-Dorset panel in 2019).
        "Reviews the deaths of children with the Pan-Dorset panel, for the child death review "
        "partners, and brings its learning back to the partnership.",
    ),
    GroupSeed(
        "Designated Safeguarding Lead meetings",
        GroupKind.FORUM,
        # Seed 002 "Engagement of schools and educational settings".
        "Each term the partnership meets schools' designated safeguarding leads to share "
        "learning and hear from them.",
    ),
    GroupSeed(
        "Participation network",
        GroupKind.FORUM,
        # Seed 002 "Participation arrangements".
        "Children's and young people's groups whose views shape the partnership's decisions: "
        "the In Care and Leaving Care Councils, Somerset Youth Forum, the UK Youth Parliament, "
        "The Unstoppables, the CAMHS participation group, the constabulary's Young People's "
        "Independent Advisory Group and Healthwatch projects.",
    ),
    GroupSeed(
        "Housing Providers Safeguarding meetings",
        GroupKind.FORUM,
        # Seed 003 §11 (district councils).
        "Social housing providers meet to share safeguarding developments and the learning "
        "from reviews.",
    ),
)

# -- Personas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonaSeed:
    full_name: str
    job_title: str
    organisation: str
    roles: tuple[Role, ...]

    @property
    def email(self) -> str:
        first, *_, last = self.full_name.lower().split()
        return f"{first}.{last}@{DEMO_EMAIL_DOMAIN}"


# Invented people, one for each role (three of each partner role, one per partner). Seed
# 002 has the council's delegated partner chair the Executive, so that persona holds both.
PERSONAS = (
    PersonaSeed(
        "Alison Penrose",
        "Chief Executive",
        SOMERSET_COUNCIL,
        (Role.LEAD_SAFEGUARDING_PARTNER,),
    ),
    PersonaSeed("Daniel Osei", "Chief Executive", SOMERSET_ICB, (Role.LEAD_SAFEGUARDING_PARTNER,)),
    PersonaSeed(
        "Kathryn Mallory",
        "Chief Constable",
        CONSTABULARY,
        (Role.LEAD_SAFEGUARDING_PARTNER,),
    ),
    PersonaSeed(
        "Priya Raman",
        "Executive Director, Children, Families and Education",
        SOMERSET_COUNCIL,
        (Role.DELEGATED_SAFEGUARDING_PARTNER, Role.PARTNERSHIP_CHAIR),
    ),
    PersonaSeed(
        "Gareth Pengelly",
        "Chief Nursing Officer",
        SOMERSET_ICB,
        (Role.DELEGATED_SAFEGUARDING_PARTNER,),
    ),
    PersonaSeed(
        "Joanna Whitcombe",
        "Chief Superintendent, Exploitation and Safeguarding",
        CONSTABULARY,
        (Role.DELEGATED_SAFEGUARDING_PARTNER,),
    ),
    PersonaSeed(
        "Tomasz Nowak",
        "Partnership Business Manager",
        SOMERSET_COUNCIL,
        (Role.BUSINESS_MANAGER,),
    ),
    PersonaSeed(
        "Ellie Hartfield",
        "Quality Assurance and Audit Officer",
        SOMERSET_COUNCIL,
        (Role.BUSINESS_UNIT_OFFICER,),
    ),
    PersonaSeed(
        "Ruth Achterberg",
        "Independent Scrutineer",
        SCRUTINEER_PRACTICE,
        (Role.INDEPENDENT_SCRUTINEER,),
    ),
    PersonaSeed(
        # Seed 003 Appendix D: the ICB's (then CCG's) designated nurse chairs the health group.
        "Samira Haddad",
        "Designated Nurse for Safeguarding Children; chair of the Health Safeguarding subgroup",
        SOMERSET_ICB,
        (Role.SUBGROUP_CHAIR,),
    ),
    PersonaSeed(
        "Owen Trevithick",
        "Head of Safeguarding Children",
        SOMERSET_FOUNDATION_TRUST,
        (Role.AGENCY_SAFEGUARDING_LEAD,),
    ),
    PersonaSeed(
        "Grace Adeyemi",
        "Deputy Headteacher and Designated Safeguarding Lead",
        DSL_SCHOOL,
        (Role.EDUCATION_DSL,),
    ),
    PersonaSeed("Liam Doherty", "Health Visitor", SOMERSET_FOUNDATION_TRUST, (Role.PRACTITIONER,)),
    PersonaSeed(
        "Nadia Kowalczyk",
        "Designated Officer (LADO)",
        SOMERSET_COUNCIL,
        (Role.DESIGNATED_OFFICER,),
    ),
    PersonaSeed(
        # Seed 000 §5.9: the ICB (then CCG) supports the child death arrangements.
        "Callum Reid",
        "Child Death Review Officer",
        SOMERSET_ICB,
        (Role.CHILD_DEATH_REVIEW_OFFICER,),
    ),
)

# -- Loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonaRow:
    email: str
    full_name: str
    roles: list[str]  # "Role, Organisation", one per current membership
    authenticator_key: str  # demo only: lets a visitor try the real two-step sign-in


@dataclass(frozen=True)
class DemoSummary:
    partnership: Partnership
    changes: dict[str, int]  # rows created or filled in by this run, by model
    organisations_by_kind: dict[str, int]
    settings_by_type: dict[str, int]
    groups: list[Group]
    personas: list[PersonaRow]
    password: str = DEMO_PASSWORD

    @property
    def changed_anything(self) -> bool:
        return any(self.changes.values())


def load_demo() -> DemoSummary:
    """Load the Somerset demo partnership (idempotent) and summarise what is there."""
    changes: Counter[str] = Counter()
    with transaction.atomic():
        partnership = _load_partnership(changes)
        organisations = _load_organisations(partnership, changes)
        _load_groups(partnership, changes)
        _load_personas(partnership, organisations, changes)
        load_board_meetings(partnership, organisations, changes)
        load_budgets(partnership, changes)
        load_structure(partnership, changes)
        load_business_plan(partnership, organisations, changes)
        load_risks_and_challenges(partnership, organisations, changes)
        load_arrangements(partnership, changes)
        load_cases(partnership, organisations, changes)
        load_review_actions(partnership, organisations, changes)
        load_performance_demo(partnership, changes)
        load_local_figures(partnership, organisations, changes)
        load_assurance(partnership, organisations, changes)
        load_audits(partnership, organisations, changes)
        if any(changes.values()):
            # Organisations, groups and the area have no services of their own yet; one event
            # records that the loader made them. People and memberships have their own events.
            audit.record(
                actor=None,
                action="demo.loaded",
                target=partnership,
                detail={"changes": dict(sorted((+changes).items()))},
            )
    return summarise(partnership, changes)


def _fill_blanks(instance: Model, values: dict[str, object]) -> bool:
    """Set the fields that are empty; keep anything someone has already set."""
    blank = [name for name, value in values.items() if getattr(instance, name) in ("", None)]
    for name in blank:
        setattr(instance, name, values[name])
    if blank:
        instance.save(update_fields=blank)
    return bool(blank)


def _load_partnership(changes: Counter[str]) -> Partnership:
    authority, created = LocalAuthority.objects.get_or_create(
        dfe_code=SOMERSET_DFE_CODE, defaults={"name": "Somerset"}
    )
    changes["local authorities"] += created
    for code, valid_from, valid_until in SOMERSET_ONS_CODES:
        _, created = OnsCode.objects.get_or_create(
            local_authority=authority,
            code=code,
            defaults={"valid_from_year": valid_from, "valid_until_year": valid_until},
        )
        changes["ONS codes"] += created

    partnership, created = Partnership.objects.get_or_create(
        name=PARTNERSHIP_NAME, defaults={"short_name": PARTNERSHIP_SHORT_NAME}
    )
    changes["partnerships"] += created
    filled = _fill_blanks(
        partnership,
        {
            "short_name": PARTNERSHIP_SHORT_NAME,
            "summary": PARTNERSHIP_SUMMARY,
            "arrangements_in_force_on": ARRANGEMENTS_IN_FORCE_ON,
            "contact_email": PARTNERSHIP_CONTACT_EMAIL,
        },
    )
    changes["partnerships filled in"] += filled and not created
    if not partnership.area.filter(pk=authority.pk).exists():
        partnership.area.add(authority)
        changes["local authorities added to its area"] += 1
    return partnership


def _load_organisations(partnership: Partnership, changes: Counter[str]) -> dict[str, Organisation]:
    """Every demo organisation, engaged with the partnership, by name."""
    organisations: dict[str, Organisation] = {}
    how_engaged: dict[str, str] = {}
    for seed in (*STATUTORY_PARTNERS, *RELEVANT_AGENCIES, *OTHER_ORGANISATIONS):
        organisation, created = Organisation.objects.get_or_create(
            name=seed.name,
            kind=seed.kind,
            defaults={
                "agency_category": seed.agency_category or "",
                "has_section_11_duty": seed.has_section_11_duty,
            },
        )
        changes["organisations"] += created
        if not created and seed.agency_category:
            changes["organisations filled in"] += _fill_blanks(
                organisation, {"agency_category": seed.agency_category}
            )
        organisations[seed.name] = organisation
        how_engaged[seed.name] = seed.how_engaged

    settings = education_setting_names()
    existing = set(
        Organisation.objects.filter(
            kind=OrganisationKind.EDUCATION, name__in=[s.name for s in settings]
        ).values_list("name", flat=True)
    )
    new_settings = Organisation.objects.bulk_create(
        Organisation(name=s.name, kind=OrganisationKind.EDUCATION, setting_type=s.setting_type)
        for s in settings
        if s.name not in existing
    )
    changes["organisations"] += len(new_settings)
    for school in Organisation.objects.filter(
        kind=OrganisationKind.EDUCATION, name__in=[s.name for s in settings]
    ):
        organisations[school.name] = school
        how_engaged[school.name] = _EDUCATION

    _engage(partnership, organisations, how_engaged, changes)
    return organisations


def _engage(
    partnership: Partnership,
    organisations: dict[str, Organisation],
    how_engaged: dict[str, str],
    changes: Counter[str],
) -> None:
    engaged = set(
        Engagement.objects.filter(
            partnership=partnership, organisation__in=organisations.values()
        ).values_list("organisation_id", flat=True)
    )
    new_engagements = Engagement.objects.bulk_create(
        Engagement(
            partnership=partnership, organisation=organisation, how_engaged=how_engaged[name]
        )
        for name, organisation in organisations.items()
        if organisation.pk not in engaged
    )
    changes["engagements"] += len(new_engagements)
    # Engagements made before the loader ran (by hand, say) get their text if they have none.
    by_text: dict[str, list[int]] = {}
    for name, organisation in organisations.items():
        if organisation.pk in engaged:
            by_text.setdefault(how_engaged[name], []).append(organisation.pk)
    for text, organisation_ids in by_text.items():
        changes["engagements filled in"] += Engagement.objects.filter(
            partnership=partnership, organisation_id__in=organisation_ids, how_engaged=""
        ).update(how_engaged=text)


def _load_groups(partnership: Partnership, changes: Counter[str]) -> None:
    for seed in GROUPS:
        group, created = Group.objects.get_or_create(
            partnership=partnership,
            name=seed.name,
            defaults={"kind": seed.kind, "purpose": seed.purpose},
        )
        changes["groups"] += created
        if not created:
            changes["groups filled in"] += _fill_blanks(group, {"purpose": seed.purpose})


def _load_personas(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    for seed in PERSONAS:
        person = Person.objects.filter(email=seed.email).first()
        if person is None:
            person = person_create(
                actor=None,
                email=seed.email,
                full_name=seed.full_name,
                job_title=seed.job_title,
                password=DEMO_PASSWORD,
            )
            changes["people"] += 1
        organisation = organisations[seed.organisation]
        for role in seed.roles:
            held = Membership.objects.filter(
                person=person, organisation=organisation, partnership=partnership, role=role
            ).exists()
            if not held:
                membership_add(
                    actor=None,
                    person=person,
                    organisation=organisation,
                    partnership=partnership,
                    role=role,
                )
                changes["memberships"] += 1
        if not person.has_second_factor:
            _confirm_second_factor(person)
            changes["second factors"] += 1


def _confirm_second_factor(person: Person) -> None:
    """A confirmed authenticator secret, printed by `masa load-demo` so that a visitor can add
    it to an authenticator app and try the real two-step sign-in (or use /demo/)."""
    device, _ = TotpDevice.objects.update_or_create(
        person=person,
        defaults={"secret": new_totp_secret(), "confirmed": True, "last_used_step": 0},
    )
    person.totp_device = device
    audit.record(
        actor=None,
        action="second_factor.enrolled",
        target=person,
        detail={"by": "demo loader"},
    )


def summarise(partnership: Partnership, changes: Counter[str] | None = None) -> DemoSummary:
    """What the demo partnership holds now."""
    engaged = Organisation.objects.filter(partnerships=partnership).order_by()
    by_kind = {row["kind"]: row["n"] for row in engaged.values("kind").annotate(n=Count("pk"))}
    by_type = {
        row["setting_type"]: row["n"]
        for row in engaged.filter(kind=OrganisationKind.EDUCATION)
        .values("setting_type")
        .annotate(n=Count("pk"))
    }
    memberships: dict[int, list[str]] = {}
    for membership in current_memberships().filter(
        partnership=partnership, person__email__in=[p.email for p in PERSONAS]
    ):
        memberships.setdefault(membership.person_id, []).append(
            f"{membership.get_role_display()}, {membership.organisation.name}"
        )
    people = {
        p.email: p
        for p in Person.objects.filter(email__in=[p.email for p in PERSONAS]).select_related(
            "totp_device"
        )
    }
    personas = [
        PersonaRow(
            email=seed.email,
            full_name=people[seed.email].full_name,
            roles=memberships.get(people[seed.email].pk, []),
            authenticator_key=people[seed.email].totp_device.secret
            if people[seed.email].has_second_factor
            else "",
        )
        for seed in PERSONAS
        if seed.email in people
    ]
    return DemoSummary(
        partnership=partnership,
        changes={name: count for name, count in (changes or {}).items() if count},
        organisations_by_kind=_in_choice_order(by_kind, OrganisationKind.values),
        settings_by_type=_in_choice_order(by_type, SettingType.values),
        groups=sorted(
            partnership.groups.all(), key=lambda g: (GroupKind.values.index(g.kind), g.name)
        ),
        personas=personas,
    )


def _in_choice_order(counts: dict[str, int], order: Iterable[str]) -> dict[str, int]:
    return {value: counts[value] for value in order if value in counts}
