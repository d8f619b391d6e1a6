"""A scaled partnership for the benchmark.

Scale 1 is about the size of a county partnership: the three statutory partners, about 30
relevant agencies, about 350 education settings and about 150 people signed up to MASA in
their roles, beside a neighbouring partnership that shares a few agencies (so the benchmark
also shows what scoping costs). Scale N multiplies the organisations and people by N; the
three statutory partners and the partnership's groups stay as they are, as in life.

Rows are written with bulk_create, not through the services: there are thousands of them and
the benchmark needs no audit trail. Nothing here is random from run to run (fixed seed).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import transaction

from bench.generate_governance import GOVERNANCE_MODELS, Cast, generate_governance
from bench.generate_governance import volumes as governance_volumes
from masa.accounts.models import (
    AgencyCategory,
    ApiToken,
    Engagement,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    RecoveryCode,
    SettingType,
    SignInAttempt,
    TotpDevice,
)
from masa.core.roles import Role
from masa.partnership.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Budget,
    Contribution,
    ContributionSource,
    ExpenditureLine,
    Group,
    GroupKind,
    Invitation,
    LocalAuthority,
    Meeting,
    OnsCode,
    Partnership,
)

EMAIL_DOMAIN = "bench.masa.invalid"
SEED = 20240601


@dataclass(frozen=True)
class Volumes:
    """How much of everything scale 1 holds (besides the fixed statutory partners and groups)."""

    relevant_agencies: int = 30
    education_settings: int = 350
    other_organisations: int = 5
    people: int = 150
    neighbour_agencies: int = 10
    neighbour_settings: int = 60
    neighbour_people: int = 40
    # Agencies of the main partnership that also work with the neighbouring one.
    shared_agencies: int = 3
    # Agencies paying into each year's budget (besides the three statutory partners).
    budget_agencies: int = 20
    # Agencies expected at each board meeting (besides the three statutory partners).
    meeting_agencies: int = 12
    # Organisations with a seat on each of the main partnership's groups.
    group_members: int = 12
    # Business plan actions a plan year (over its five priorities).
    plan_actions: int = 30
    # The risk register and the challenge log.
    risks: int = 20
    challenges: int = 15

    def times(self, scale: int) -> Volumes:
        if scale < 1:
            raise ValueError("the scale is a whole number, 1 or more")
        return Volumes(**{name: value * scale for name, value in asdict(self).items()})


COUNTY = Volumes()
"""Scale 1 of `make bench`."""

SMALL = Volumes(
    relevant_agencies=4,
    education_settings=12,
    other_organisations=1,
    people=24,
    neighbour_agencies=2,
    neighbour_settings=4,
    neighbour_people=8,
    shared_agencies=1,
    budget_agencies=3,
    meeting_agencies=3,
    group_members=4,
    plan_actions=8,
    risks=4,
    challenges=6,
)
"""A partnership small enough for the smoke test."""

# The budget years and the board's meetings stay the same at every scale: /budgets/ builds one
# view per year, so its queries grow with the number of years (not with the organisations).
BUDGET_YEARS = (2014, 2015, 2016)  # 2014/15 to 2016/17
MEETING_YEARS = (2014, 2015, 2016)
MEETINGS_PER_YEAR = 4
AGENDA_ITEMS_PER_MEETING = 5
ACTIONS_PER_MEETING = 3
# The reporting year the budget and attendance pages are asked for (?year=2016/17).
MEASURED_YEAR = 2016

# People the generator always creates in the main partnership, whatever the scale.
FIXED_PEOPLE = 11
FIXED_NEIGHBOUR_PEOPLE = 4

_FIRST_NAMES = (  # noqa: SIM905 (a list of words reads better as words)
    "Amira Ben Chloe Dev Ella Femi Grace Harry Isla Jack Kiran Leah Mohammed Nia Oliver "
    "Priya Quinn Rosa Sam Tom Uma Vik Wendy Yusuf Zara Aled Bethan Cerys Dylan Eira"
).split()
_SURNAMES = (  # noqa: SIM905 (a list of words reads better as words)
    "Adams Begum Clarke Davies Evans Fletcher Green Hughes Iqbal Jones Khan Lewis Morgan "
    "Nash Owen Patel Quarry Roberts Singh Taylor Usman Vaughan Walker Young Zielinski"
).split()
_PLACES = (  # noqa: SIM905 (a list of words reads better as words)
    "Ashcombe Barrow Castleford Dunmere Elmstead Foxley Greystone Hatherley Ivybridge "
    "Kingsmoor Lydford Marshfield Northam Oakhill Pennard Quantock Redlynch Stowey "
    "Tarrant Upcott Wembdon Yarcombe Alford Brompton Chelwood Dunster Edington Farleigh "
    "Goathurst Holford"
).split()
_SCHOOL_NAMES = (
    "Primary School",
    "Church of England Primary School",
    "St Mary's Catholic Primary School",
    "Community Primary School",
    "Infant School",
    "Junior School",
    "Academy",
    "Secondary School",
    "Pre-school",
    "College",
)
_SETTING_TYPES = [
    (SettingType.MAINTAINED, 40),
    (SettingType.ACADEMY, 38),
    (SettingType.INDEPENDENT, 8),
    (SettingType.SEN_INDEPENDENT, 4),
    (SettingType.PUPIL_REFERRAL_UNIT, 2),
    (SettingType.FURTHER_EDUCATION, 2),
    (SettingType.EARLY_YEARS, 6),
]
_AGENCY_NAMES = {
    AgencyCategory.NHS: "NHS Foundation Trust",
    AgencyCategory.PRIMARY_CARE: "Primary Care Network",
    AgencyCategory.PUBLIC_HEALTH: "Public Health Team",
    AgencyCategory.ADULT_SERVICES: "Adult Social Care",
    AgencyCategory.YOUTH_JUSTICE: "Youth Justice Service",
    AgencyCategory.PROBATION: "Probation Delivery Unit",
    AgencyCategory.POLICING: "Office of the Police and Crime Commissioner",
    AgencyCategory.CAFCASS: "Cafcass Service Area",
    AgencyCategory.HOUSING: "Homes",
    AgencyCategory.DISTRICT_COUNCIL: "District Council",
    AgencyCategory.EARLY_HELP: "Family Hub",
    AgencyCategory.EARLY_YEARS: "Early Years Alliance",
    AgencyCategory.CHILDRENS_HOMES: "Children's Homes",
    AgencyCategory.EMERGENCY_SERVICES: "Fire and Rescue Service",
    AgencyCategory.SECURE_ESTATE: "Secure Children's Home",
    AgencyCategory.VOLUNTARY_SECTOR: "Youth Trust",
    AgencyCategory.SPORT: "Sports Partnership",
    AgencyCategory.FAITH: "Diocese Safeguarding Team",
    AgencyCategory.SPECIALIST_SERVICES: "Domestic Abuse Service",
}
_SECTION_11 = {
    AgencyCategory.NHS,
    AgencyCategory.PRIMARY_CARE,
    AgencyCategory.YOUTH_JUSTICE,
    AgencyCategory.PROBATION,
    AgencyCategory.POLICING,
    AgencyCategory.DISTRICT_COUNCIL,
    AgencyCategory.SECURE_ESTATE,
}
_JOB_TITLES = {
    Role.LEAD_SAFEGUARDING_PARTNER: "Chief executive",
    Role.DELEGATED_SAFEGUARDING_PARTNER: "Director",
    Role.PARTNERSHIP_CHAIR: "Independent chair",
    Role.BUSINESS_MANAGER: "Partnership business manager",
    Role.BUSINESS_UNIT_OFFICER: "Partnership officer",
    Role.INDEPENDENT_SCRUTINEER: "Independent scrutineer",
    Role.SUBGROUP_CHAIR: "Head of safeguarding",
    Role.AGENCY_SAFEGUARDING_LEAD: "Named safeguarding lead",
    Role.EDUCATION_DSL: "Designated safeguarding lead",
    Role.PRACTITIONER: "Safeguarding practitioner",
    Role.DESIGNATED_OFFICER: "Local authority designated officer",
    Role.CHILD_DEATH_REVIEW_OFFICER: "Child death review officer",
}
_GROUPS = [
    ("Executive", GroupKind.EXECUTIVE),
    ("Leadership Group", GroupKind.LEADERSHIP),
    ("Learning and Improvement Subgroup", GroupKind.SUBGROUP),
    ("Quality Assurance Subgroup", GroupKind.SUBGROUP),
    ("Education Safeguarding Subgroup", GroupKind.SUBGROUP),
    ("Child Exploitation Subgroup", GroupKind.SUBGROUP),
    ("Rapid Review Panel", GroupKind.PANEL),
    ("Designated Safeguarding Leads Network", GroupKind.FORUM),
]

_TODAY = datetime.date.today()
_STARTED = _TODAY - datetime.timedelta(days=400)
_OLD_START, _OLD_END = datetime.date(2019, 9, 1), datetime.date(2023, 3, 31)


class _Builder:
    """Collects unsaved rows and numbers people, so that names and emails stay unique."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.people: list[Person] = []
        self.memberships: list[tuple[int, Organisation, Partnership, Role, bool]] = []
        self.password = make_password(None)  # unusable: the benchmark signs people in directly

    def place(self) -> str:
        return self.rng.choice(_PLACES)

    def person(self, role: Role, *, active: bool = True) -> int:
        number = len(self.people)
        first, last = self.rng.choice(_FIRST_NAMES), self.rng.choice(_SURNAMES)
        self.people.append(
            Person(
                email=f"{first}.{last}.{number}@{EMAIL_DOMAIN}".lower(),
                full_name=f"{first} {last}",
                job_title=_JOB_TITLES[role],
                password=self.password,
                is_active=active,
                disabled_reason="" if active else "Left the organisation",
            )
        )
        return number

    def member(
        self,
        role: Role,
        organisation: Organisation,
        partnership: Partnership,
        *,
        person: int | None = None,
        ended: bool = False,
        active: bool = True,
    ) -> int:
        if person is None:
            person = self.person(role, active=active)
        self.memberships.append((person, organisation, partnership, role, ended))
        return person


def _organisations(rows: list[Organisation]) -> list[Organisation]:
    return Organisation.objects.bulk_create(rows, batch_size=500)


def _statutory(county: str) -> list[Organisation]:
    return _organisations(
        [
            Organisation(
                name=f"{county} Council",
                kind=OrganisationKind.LOCAL_AUTHORITY,
                has_section_11_duty=True,
            ),
            Organisation(
                name=f"NHS {county} Integrated Care Board",
                kind=OrganisationKind.INTEGRATED_CARE_BOARD,
                has_section_11_duty=True,
            ),
            Organisation(
                name=f"{county} Constabulary",
                kind=OrganisationKind.POLICE,
                has_section_11_duty=True,
            ),
        ]
    )


def _agencies(build: _Builder, count: int, prefix: str = "") -> list[Organisation]:
    categories = list(AgencyCategory)
    rows = []
    for i in range(count):
        category = categories[i % len(categories)]
        rows.append(
            Organisation(
                name=f"{prefix}{build.place()} {_AGENCY_NAMES[category]}",
                kind=OrganisationKind.RELEVANT_AGENCY,
                agency_category=category,
                has_section_11_duty=category in _SECTION_11,
            )
        )
    return _organisations(rows)


def _settings(build: _Builder, count: int, first_urn: int) -> list[Organisation]:
    kinds, weights = zip(*_SETTING_TYPES, strict=True)
    rows = []
    for i in range(count):
        setting_type = build.rng.choices(kinds, weights)[0]
        rows.append(
            Organisation(
                name=f"{build.place()} {build.rng.choice(_SCHOOL_NAMES)}",
                kind=OrganisationKind.EDUCATION,
                setting_type=setting_type,
                dfe_urn=str(first_urn + i),
            )
        )
    return _organisations(rows)


def _partnership(name: str, short: str, county: str, dfe_code: str, ons: str) -> Partnership:
    partnership = Partnership.objects.create(
        name=name,
        short_name=short,
        summary=f"The local safeguarding arrangements for children in {county}.",
        arrangements_published_on=datetime.date(2024, 12, 1),
        arrangements_in_force_on=datetime.date(2024, 12, 1),
        contact_email=f"{short.lower()}@{EMAIL_DOMAIN}",
    )
    authority = LocalAuthority.objects.create(name=f"{county} Council", dfe_code=dfe_code)
    OnsCode.objects.create(local_authority=authority, code=ons, valid_from_year=2009)
    partnership.area.add(authority)
    return partnership


def _main_people(
    build: _Builder,
    partnership: Partnership,
    statutory: list[Organisation],
    agencies: list[Organisation],
    settings: list[Organisation],
    others: list[Organisation],
    count: int,
) -> dict[str, int]:
    if count < FIXED_PEOPLE + 6:
        raise ValueError(f"the main partnership needs at least {FIXED_PEOPLE + 6} people")
    council, icb, _police = statutory
    for organisation in statutory:
        build.member(Role.LEAD_SAFEGUARDING_PARTNER, organisation, partnership)
        build.member(Role.DELEGATED_SAFEGUARDING_PARTNER, organisation, partnership)
    build.member(Role.PARTNERSHIP_CHAIR, council, partnership)
    business_manager = build.member(Role.BUSINESS_MANAGER, council, partnership)
    build.member(Role.INDEPENDENT_SCRUTINEER, others[0] if others else council, partnership)
    build.member(Role.DESIGNATED_OFFICER, council, partnership)
    build.member(Role.CHILD_DEATH_REVIEW_OFFICER, icb, partnership)

    rest = count - FIXED_PEOPLE
    officers = max(1, rest * 3 // 100)
    subgroup_chairs = max(1, rest * 4 // 100)
    leads = max(1, rest * 21 // 100)
    dsls = max(1, rest * 50 // 100)
    practitioners = rest - officers - subgroup_chairs - leads - dsls

    for _ in range(officers):
        build.member(Role.BUSINESS_UNIT_OFFICER, council, partnership)
    for i in range(subgroup_chairs):
        build.member(Role.SUBGROUP_CHAIR, statutory[i % 3], partnership)
    agency_lead = colleague = -1
    for i in range(leads):
        agency = agencies[i % len(agencies)]
        person = build.member(Role.AGENCY_SAFEGUARDING_LEAD, agency, partnership)
        if i == 0:
            agency_lead = person
        if i % 3 == 1:  # some leads chair a subgroup as well
            build.member(Role.SUBGROUP_CHAIR, agency, partnership, person=person)
    for i in range(dsls):
        build.member(Role.EDUCATION_DSL, settings[i % len(settings)], partnership)
    for i in range(practitioners):
        agency = agencies[i % len(agencies)]
        person = build.member(
            Role.PRACTITIONER, agency, partnership, active=i % 50 != 49
        )  # a few have left
        if i == 0:
            colleague = person
        if i % 5 == 2:  # seconded to a statutory partner as well
            build.member(Role.PRACTITIONER, statutory[i % 3], partnership, person=person)
    # People who held a role that has since ended (the directory must not count it).
    # Nobody is a practitioner in a school today, so these never clash with a current role.
    for person in range(FIXED_PEOPLE, len(build.people), 8):
        school = settings[-1 - person % len(settings)]
        build.member(Role.PRACTITIONER, school, partnership, person=person, ended=True)
    return {
        "business_manager": business_manager,
        "agency_lead": agency_lead,
        "colleague": colleague,
    }


def _neighbour_people(
    build: _Builder,
    partnership: Partnership,
    statutory: list[Organisation],
    agencies: list[Organisation],
    settings: list[Organisation],
    shared: list[Organisation],
    count: int,
) -> None:
    if count < FIXED_NEIGHBOUR_PEOPLE + 2:
        raise ValueError(f"the neighbour needs at least {FIXED_NEIGHBOUR_PEOPLE + 2} people")
    for organisation in statutory:
        build.member(Role.LEAD_SAFEGUARDING_PARTNER, organisation, partnership)
    build.member(Role.BUSINESS_MANAGER, statutory[0], partnership)
    rest = count - FIXED_NEIGHBOUR_PEOPLE
    for i in range(rest):
        if i % 4 == 0:
            # Someone in an agency shared with the main partnership, in the neighbour's role.
            build.member(Role.PRACTITIONER, shared[i % len(shared)], partnership)
        elif i % 4 == 1:
            build.member(Role.AGENCY_SAFEGUARDING_LEAD, agencies[i % len(agencies)], partnership)
        else:
            build.member(Role.EDUCATION_DSL, settings[i % len(settings)], partnership)


def _budgets(
    partnership: Partnership, statutory: list[Organisation], agencies: list[Organisation]
) -> dict[int, Budget]:
    """A budget a year: each statutory partner, the first agencies (the agency lead's among
    them), training income and one gift in kind; a few expenditure headings."""
    budgets = Budget.objects.bulk_create(
        [
            Budget(partnership=partnership, year=year, notes=f"Agreed by the executive, {year}.")
            for year in BUDGET_YEARS
        ]
    )
    contributions, expenditure = [], []
    for n, budget in enumerate(budgets):
        for i, organisation in enumerate(statutory):
            contributions.append(
                Contribution(
                    budget=budget,
                    organisation=organisation,
                    amount_pence=(90_000 + 10_000 * i + 2_000 * n) * 100,
                )
            )
        for i, organisation in enumerate(agencies):
            contributions.append(
                Contribution(
                    budget=budget,
                    organisation=organisation,
                    amount_pence=(1_000 + 250 * (i % 8) + 50 * n) * 100,
                    in_kind="Training venue, worth £500" if i % 7 == 3 else "",
                )
            )
        contributions.append(
            Contribution(
                budget=budget,
                source=ContributionSource.TRAINING_INCOME,
                description="Multi-agency training",
                amount_pence=(6_000 + 500 * n) * 100,
            )
        )
        expenditure += [
            ExpenditureLine(budget=budget, heading=heading, amount_pence=amount * 100)
            for heading, amount in (
                ("Business unit staff", 180_000),
                ("Independent scrutiny", 25_000),
                ("Safeguarding practice reviews", 40_000),
                ("Training", 30_000),
            )
        ]
    Contribution.objects.bulk_create(contributions, batch_size=500)
    ExpenditureLine.objects.bulk_create(expenditure, batch_size=500)
    return {budget.year: budget for budget in budgets}


def _meeting_dates(year: int) -> list[datetime.date]:
    """MEETINGS_PER_YEAR dates spread over the reporting year from April `year`."""
    step = 12 // MEETINGS_PER_YEAR
    dates = []
    for n in range(MEETINGS_PER_YEAR):
        month = 4 + 1 + n * step  # May, August, November, February
        dates.append(datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 15))
    return dates


def _meetings(
    board: Group, expected: list[Organisation], lead_organisation: Organisation
) -> list[Meeting]:
    """The board's meetings, each expecting `expected` (whose attendance is recorded), with
    an agenda and a few actions, one of them owned by the agency lead's organisation."""
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                group=board,
                held_on=held_on,
                title=f"{board.name} meeting",
                minutes="The board received the reports and agreed the actions below.",
            )
            for year in MEETING_YEARS
            for held_on in _meeting_dates(year)
        ]
    )
    invitations, attendances, items = [], [], []
    for m, meeting in enumerate(meetings):
        for i, organisation in enumerate(expected):
            invitations.append(Invitation(meeting=meeting, organisation=organisation))
            attended = (i + m) % 5 != 0
            attendances.append(
                Attendance(
                    meeting=meeting,
                    organisation=organisation,
                    attended=attended,
                    as_deputy=attended and (i + m) % 7 == 1,
                )
            )
        items += [
            AgendaItem(meeting=meeting, order=n + 1, title=f"Item {n + 1}", decision="Noted.")
            for n in range(AGENDA_ITEMS_PER_MEETING)
        ]
    Invitation.objects.bulk_create(invitations, batch_size=500)
    Attendance.objects.bulk_create(attendances, batch_size=500)
    items = AgendaItem.objects.bulk_create(items, batch_size=500)
    actions = []
    for m, meeting in enumerate(meetings):
        for n in range(ACTIONS_PER_MEETING):
            owner = lead_organisation if n == 0 else expected[(m + n) % len(expected)]
            done = n == 2
            actions.append(
                Action(
                    meeting=meeting,
                    agenda_item=items[m * AGENDA_ITEMS_PER_MEETING + n],
                    description=f"Report back on item {n + 1}",
                    owning_organisation=owner,
                    due_on=meeting.held_on + datetime.timedelta(days=60),
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    completed_on=meeting.held_on + datetime.timedelta(days=30) if done else None,
                )
            )
    Action.objects.bulk_create(actions, batch_size=500)
    return meetings


def _engage(partnership: Partnership, organisations: list[Organisation]) -> list[Engagement]:
    return [Engagement(partnership=partnership, organisation=o) for o in organisations]


@transaction.atomic
def generate(scale: int = 1, volumes: Volumes = COUNTY) -> dict[str, Any]:
    """Write a partnership of `volumes` times `scale` into an empty database.

    Returns the ids the benchmark needs (the partnership, a business manager, an agency
    safeguarding lead, an organisation and a person both may see) and what was written."""
    if Partnership.objects.exists() or Person.objects.exists():
        raise RuntimeError("generate() needs an empty database: call reset() first")
    v = volumes.times(scale)
    build = _Builder()

    main = _partnership(
        "Benchshire Safeguarding Children Partnership", "BSCP", "Benchshire", "801", "E10000801"
    )
    neighbour = _partnership(
        "Otherton Safeguarding Children Partnership", "OSCP", "Otherton", "802", "E10000802"
    )
    Group.objects.bulk_create(
        [Group(partnership=main, name=name, kind=kind) for name, kind in _GROUPS]
        + [
            Group(
                partnership=main,
                name="Joint Child Death Overview Panel",
                kind=GroupKind.JOINT_SUBGROUP,
                shared_with=neighbour,
            ),
            Group(partnership=neighbour, name="Executive", kind=GroupKind.EXECUTIVE),
        ]
    )

    statutory = _statutory("Benchshire")
    agencies = _agencies(build, v.relevant_agencies)
    settings = _settings(build, v.education_settings, first_urn=100000)
    others = _organisations(
        [
            Organisation(
                name=f"{build.place()} Community Partnership {i + 1}", kind=OrganisationKind.OTHER
            )
            for i in range(v.other_organisations)
        ]
    )
    neighbour_statutory = _statutory("Otherton")
    neighbour_agencies = _agencies(build, v.neighbour_agencies, prefix="Otherton ")
    neighbour_settings = _settings(build, v.neighbour_settings, first_urn=500000)
    shared = agencies[-v.shared_agencies :] if v.shared_agencies else []

    Engagement.objects.bulk_create(
        _engage(main, statutory + agencies + settings + others)
        + _engage(
            neighbour, neighbour_statutory + neighbour_agencies + neighbour_settings + shared
        ),
        batch_size=500,
    )

    featured = _main_people(build, main, statutory, agencies, settings, others, v.people)
    _neighbour_people(
        build,
        neighbour,
        neighbour_statutory,
        neighbour_agencies,
        neighbour_settings,
        shared or neighbour_agencies,
        v.neighbour_people,
    )
    people = Person.objects.bulk_create(build.people, batch_size=500)
    Membership.objects.bulk_create(
        [
            Membership(
                person=people[person],
                organisation=organisation,
                partnership=partnership,
                role=role,
                started_on=_OLD_START if ended else _STARTED,
                ended_on=_OLD_END if ended else None,
            )
            for person, organisation, partnership, role, ended in build.memberships
        ],
        batch_size=500,
    )
    TotpDevice.objects.bulk_create(
        [
            TotpDevice(person=person, secret=f"BENCH{i:027d}", confirmed=True)
            for i, person in enumerate(people)
        ],
        batch_size=500,
    )
    # The agency lead's organisation (agencies[0]) pays into the budget and is expected at
    # the board, so the budget and meeting pages answer 200 for them too.
    budgets = _budgets(main, statutory, agencies[: v.budget_agencies])
    board = Group.objects.get(partnership=main, kind=GroupKind.EXECUTIVE)
    meetings = _meetings(board, statutory + agencies[: v.meeting_agencies], agencies[0])
    measured = next(m for m in meetings if m.held_on.year == MEASURED_YEAR)
    # Someone in each organisation of the main partnership today (its lead comes first).
    representatives: dict[int, Person] = {}
    for person, organisation, partnership, _role, ended in build.memberships:
        if partnership == main and not ended and people[person].is_active:
            representatives.setdefault(organisation.pk, people[person])
    governance = generate_governance(
        Cast(
            partnership=main,
            neighbour=neighbour,
            statutory=statutory,
            agencies=agencies,
            representatives=representatives,
            business_manager=people[featured["business_manager"]],
            agency_lead=people[featured["agency_lead"]],
            approver=people[0],  # the council's lead safeguarding partner
        ),
        v,
    )
    return {
        **governance,
        "scale": scale,
        "partnership": main.pk,
        "budget": budgets[MEASURED_YEAR].pk,
        "meeting": measured.pk,
        "business_manager": people[featured["business_manager"]].pk,
        "agency_lead": people[featured["agency_lead"]].pk,
        "organisation": agencies[0].pk,
        "person": people[featured["colleague"]].pk,
        "volumes": {
            "partnerships": Partnership.objects.count(),
            "organisations": Organisation.objects.count(),
            "organisations_in_partnership": main.organisations.count(),
            "people": Person.objects.count(),
            "people_in_partnership": Person.objects.filter(memberships__partnership=main)
            .distinct()
            .count(),
            "memberships": Membership.objects.count(),
            "engagements": Engagement.objects.count(),
            "budgets": Budget.objects.count(),
            "contributions": Contribution.objects.count(),
            "meetings": Meeting.objects.count(),
            "invitations": Invitation.objects.count(),
            "attendances": Attendance.objects.count(),
            "agenda_items": AgendaItem.objects.count(),
            "actions": Action.objects.count(),
            **governance_volumes(main),
        },
    }


@transaction.atomic
def reset() -> None:
    """Remove what generate() wrote (and the benchmark's sessions), children first.

    Refuses if any audit event exists: the audit trail is append-only and refers to people."""
    from masa.core.models import AuditEvent

    if AuditEvent.objects.exists():
        raise RuntimeError("the database has audit events: reset() works on bench data only")
    # Groups refer to each other (a subgroup's parent) and to people (their chair).
    Group.objects.update(parent=None, chair=None)
    for model in (
        *GOVERNANCE_MODELS,
        Action,
        AgendaItem,
        Attendance,
        Invitation,
        Meeting,
        ExpenditureLine,
        Contribution,
        Budget,
        Session,
        SignInAttempt,
        ApiToken,
        RecoveryCode,
        TotpDevice,
        Membership,
        Engagement,
        Group,
        OnsCode,
    ):
        model.objects.all().delete()
    Organisation.objects.all().delete()
    Person.objects.all().delete()
    Partnership.area.through.objects.all().delete()
    Partnership.objects.all().delete()
    LocalAuthority.objects.all().delete()
