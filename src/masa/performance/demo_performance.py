"""The demo partnership's local figures: Somerset's 2016/17 snapshot (seed 003 §4.4) and the
child protection figures of §4.2, §4.3 and §6.8, as submissions by the organisations that own
them, with the 2015/16 figures the report compares them with.

The catalogue's local indicators are quarterly. The report gives the year's figures, so they are
recorded for 2016/17 Q4 (the quarter ending 31 March 2017): a figure "at the end of March 2017"
is the Q4 figure as it stands; a count over the year (30,120 contacts) is the year to date at
Q4, which is how the council's quarterly returns report it. The 2015/16 figures are 2015/16 Q4.

- The council's children's social care figures are submitted by the business unit officer (the
  council hosts the business unit and submits its figures on the council's behalf);
- the constabulary's (domestic abuse notifications, missing from home) by the constabulary's
  agency safeguarding lead, a persona made here so that reminders have someone to reach.
Nothing is submitted for 2017/18: the report stops at 31 March 2017, so every organisation is
outstanding for 2017/18 Q1 and the "who has not submitted" page and reminders have something to
show. The targets (22% re-referrals, 2% plans over two years, 15% second plans) stay in
catalogue.DEMO_TARGETS.

The rate of children on a plan (37.9 per 10,000) is a national indicator worked out by the
benchmarks, not a submission: the report's 37.9 is 413 over about 108,970 children; over the
109,200 of §4 it is 37.8 and over the 109,657 of §4.4 it is 37.7.

Idempotent: a figure already submitted (by anyone) for the same indicator, organisation and
period is left as it is.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from masa.accounts.models import Membership, Organisation, Person
from masa.accounts.selectors import DEMO_EMAIL_DOMAIN
from masa.accounts.services import membership_add, person_create
from masa.core.roles import Role
from masa.partnership.models import Partnership
from masa.performance.models import Indicator, Submission, SubmissionBreakdown

COUNCIL = "Somerset Council"
CONSTABULARY = "Avon and Somerset Constabulary"
COUNCIL_SUBMITTER = f"ellie.hartfield@{DEMO_EMAIL_DOMAIN}"  # business unit officer (demo.py)
POLICE_LEAD_NAME = "Marcus Penhallow"
POLICE_LEAD_TITLE = "Detective Inspector, Safeguarding Coordination Unit"
POLICE_LEAD = f"marcus.penhallow@{DEMO_EMAIL_DOMAIN}"

Q4_2016_17 = (2017, 4)
Q4_2015_16 = (2016, 4)
# Within 20 working days of 31 March, as the partnership asks (submissions.DAYS_TO_SUBMIT).
SUBMITTED = {
    2017: datetime.datetime(2017, 4, 27, 10, 0, tzinfo=datetime.UTC),
    2016: datetime.datetime(2016, 4, 22, 10, 0, tzinfo=datetime.UTC),
}

# (indicator code, organisation, (year, quarter), value, where the seed gives it)
FIGURES: tuple[tuple[str, str, tuple[int, int], str, str], ...] = (
    ("contacts", COUNCIL, Q4_2016_17, "30120", "§4.4"),
    ("referrals", COUNCIL, Q4_2016_17, "5001", "§4.4"),
    ("re-referrals-12-months", COUNCIL, Q4_2016_17, "20.8", "§4.4, §6.8"),
    ("re-referrals-12-months", COUNCIL, Q4_2015_16, "23.8", "§6.8"),
    ("assessments-started", COUNCIL, Q4_2016_17, "5185", "§4.4"),
    ("assessments-completed", COUNCIL, Q4_2016_17, "4920", "§4.4"),
    ("assessment-average-days", COUNCIL, Q4_2016_17, "29", "§4.4"),
    ("icpcs", COUNCIL, Q4_2016_17, "645", "§4.4"),
    ("icpc-within-15-days", COUNCIL, Q4_2016_17, "94.7", "§6.8"),
    ("icpc-within-15-days", COUNCIL, Q4_2015_16, "96.4", "§6.8"),
    ("review-conferences-on-time", COUNCIL, Q4_2016_17, "98.5", "§6.8"),
    ("cp-plans", COUNCIL, Q4_2016_17, "413", "§4.2, §4.4"),
    ("cp-plans", COUNCIL, Q4_2015_16, "279", "§4.2, §4.4"),
    ("cp-plans-category-emotional-abuse", COUNCIL, Q4_2016_17, "21.5", "§4.2"),
    ("cp-plans-category-neglect", COUNCIL, Q4_2016_17, "69.7", "§4.2"),
    ("cp-plans-category-physical-abuse", COUNCIL, Q4_2016_17, "1.7", "§4.2"),
    ("cp-plans-category-sexual-abuse", COUNCIL, Q4_2016_17, "1.4", "§4.2"),
    ("cp-plans-category-multiple", COUNCIL, Q4_2016_17, "5.6", "§4.2"),
    ("cp-plans-category-emotional-abuse", COUNCIL, Q4_2015_16, "31.2", "§4.2"),
    ("cp-plans-category-neglect", COUNCIL, Q4_2015_16, "57.7", "§4.2"),
    ("cp-plans-category-physical-abuse", COUNCIL, Q4_2015_16, "4.7", "§4.2"),
    ("cp-plans-category-sexual-abuse", COUNCIL, Q4_2015_16, "0.4", "§4.2"),
    ("cp-plans-category-multiple", COUNCIL, Q4_2015_16, "6.1", "§4.2"),
    ("cp-plans-2-years-or-more", COUNCIL, Q4_2016_17, "2.0", "§4.2, §6.8"),
    ("cp-plans-2-years-or-more", COUNCIL, Q4_2015_16, "4.8", "§4.2, §6.8"),
    ("cp-plans-second-or-subsequent", COUNCIL, Q4_2016_17, "19.3", "§6.8"),
    ("cp-plans-second-or-subsequent", COUNCIL, Q4_2015_16, "25.3", "§6.8"),
    ("children-in-need", COUNCIL, Q4_2016_17, "1738", "§4.4"),
    ("children-looked-after", COUNCIL, Q4_2016_17, "479", "§4.3, §4.4"),
    ("children-looked-after", COUNCIL, Q4_2015_16, "503", "§4.3"),
    ("early-help-assessments-open", COUNCIL, Q4_2016_17, "1959", "§4.4"),
    ("early-help-hub-referrals", COUNCIL, Q4_2016_17, "1731", "§4.4"),
    ("children-missing-from-care", COUNCIL, Q4_2016_17, "71", "§4.4"),
    ("return-home-interviews", COUNCIL, Q4_2016_17, "468", "§4.4"),
    ("return-home-interviews-percent", COUNCIL, Q4_2016_17, "47.1", "§4.4"),
    ("children-at-risk-of-cse", COUNCIL, Q4_2016_17, "44", "§4.4"),
    ("allegations-against-staff", COUNCIL, Q4_2016_17, "478", "§4.4"),
    ("private-fostering-arrangements", COUNCIL, Q4_2016_17, "3", "§4.4"),
    ("missing-from-home-episodes", CONSTABULARY, Q4_2016_17, "992", "§4.4"),
    ("high-risk-domestic-abuse-notifications", CONSTABULARY, Q4_2016_17, "612", "§4.4"),
    ("children-in-high-risk-domestic-abuse-incidents", CONSTABULARY, Q4_2016_17, "755", "§4.4"),
    ("high-risk-domestic-abuse-repeat-percent", CONSTABULARY, Q4_2016_17, "25", "§4.4"),
)

# §4.2: children on a plan at the end of March 2017 by category of abuse (they add up to 413).
BREAKDOWNS: dict[tuple[str, tuple[int, int]], tuple[tuple[str, str, int], ...]] = {
    ("cp-plans", Q4_2016_17): (
        ("category_of_abuse", "emotional-abuse", 89),
        ("category_of_abuse", "neglect", 288),
        ("category_of_abuse", "physical-abuse", 7),
        ("category_of_abuse", "sexual-abuse", 6),
        ("category_of_abuse", "multiple", 23),
    ),
}


def _police_lead(
    partnership: Partnership, constabulary: Organisation, changes: Counter[str]
) -> Person:
    # Made like the other personas: the demo passphrase and a confirmed authenticator.
    from masa.partnership.demo import DEMO_PASSWORD, _confirm_second_factor

    person = Person.objects.filter(email=POLICE_LEAD).first()
    if person is None:
        person = person_create(
            actor=None,
            email=POLICE_LEAD,
            full_name=POLICE_LEAD_NAME,
            job_title=POLICE_LEAD_TITLE,
            password=DEMO_PASSWORD,
        )
        changes["people"] += 1
    held = Membership.objects.filter(
        person=person,
        organisation=constabulary,
        partnership=partnership,
        role=Role.AGENCY_SAFEGUARDING_LEAD,
    ).exists()
    if not held:
        membership_add(
            actor=None,
            person=person,
            organisation=constabulary,
            partnership=partnership,
            role=Role.AGENCY_SAFEGUARDING_LEAD,
        )
        changes["memberships"] += 1
    if not person.has_second_factor:
        _confirm_second_factor(person)
        changes["second factors"] += 1
    return person


def load_local_figures(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    """The seed's local figures as current submissions (after the catalogue is loaded)."""
    council, constabulary = organisations[COUNCIL], organisations[CONSTABULARY]
    submitters = {
        COUNCIL: Person.objects.get(email=COUNCIL_SUBMITTER),
        CONSTABULARY: _police_lead(partnership, constabulary, changes),
    }
    by_name = {COUNCIL: council, CONSTABULARY: constabulary}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={f[0] for f in FIGURES})}
    existing = set(
        Submission.objects.current()
        .filter(partnership=partnership, organisation__in=[council, constabulary])
        .values_list("indicator__code", "organisation_id", "year", "quarter")
    )
    for code, name, (year, quarter), value, _source in FIGURES:
        organisation = by_name[name]
        if (code, organisation.pk, year, quarter) in existing:
            continue
        submission = Submission.objects.create(
            partnership=partnership,
            indicator=indicators[code],
            organisation=organisation,
            year=year,
            quarter=quarter,
            value=Decimal(value),
            submitted_by=submitters[name],
            submitted_at=SUBMITTED[year],
        )
        SubmissionBreakdown.objects.bulk_create(
            SubmissionBreakdown(
                submission=submission, characteristic=characteristic, category=category, count=n
            )
            for characteristic, category, n in BREAKDOWNS.get((code, (year, quarter)), ())
        )
        changes["local figures"] += 1
