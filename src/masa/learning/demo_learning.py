"""The demo's cases for consideration, from what the seeds publish and nothing more.

- Seed 003 §8 (Serious Case Reviews): Child L and Child J (SCR published December 2016, the
  period reviewed ending February 2015); Child Sam (SCR commenced in 2016 after notification);
  Fenestra (the Learning and Improvement Subgroup was notified in 2015).
- Seed 003 §9 (other learning reviews in 2016/17): Child K and Child Q (learning event, May
  2016); the sexual exploitation appreciative enquiry (April 2016; the seed gives no
  pseudonym, so none is set); MAPPA Child P (2016); Child S (CCG-led review).
- Seed 000 §5.11: Family A (SCR published autumn 2018) and Family B (SCR to be published in
  early 2020).

What happened is told in the seeds' own words. The seeds give no dates of awareness,
notification or decision: those below are invented, inside what each seed says, and keep to
the 5 and 15 working day clocks. Before June 2018 the notification went to Ofsted and the
decision was the Board's SCR decision rather than a rapid review to the national Panel; the
demo records them in the same fields. The criteria ticked are a reading of each seed's
findings against seed 002's list; no Panel responses are recorded (the seeds report none).
The recommendation follows what the seeds say happened: an SCR (now a CSPR) or another
learning review. Everything goes through the services, so it is audited; a second run finds
each case by what happened and changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from masa.accounts.models import Organisation, Person
from masa.learning.models import AgeBand, Case, Criterion, Recommendation
from masa.learning.services import case_change, case_raise
from masa.partnership.models import Partnership

BUSINESS_MANAGER_EMAIL = "tomasz.nowak@demo.masa.invalid"
COUNCIL = "Somerset Council"
ICB = "NHS Somerset Integrated Care Board"
POLICE = "Avon and Somerset Constabulary"
TRUST = "Somerset NHS Foundation Trust"

D = datetime.date


@dataclass(frozen=True)
class CaseSeed:
    pseudonym: str
    raised_by: str
    age_band: str
    what_happened: str
    source: str
    agencies: tuple[str, ...]
    became_aware_on: datetime.date
    notified_on: datetime.date
    meeting_on: datetime.date
    sent_on: datetime.date
    criteria: tuple[str, ...]
    recommendation: str


CASES = (
    CaseSeed(
        "Child L and Child J",
        ICB,
        AgeBand.UNDER_1,
        "Child J was taken to the child's doctor for a routine six week check. The GP "
        "discovered bruising, and further investigations revealed other injuries, consistent "
        "with non-accidental injuries sustained on at least two separate occasions.",
        "Seed 003 §8.2",
        (ICB, COUNCIL, POLICE, TRUST),
        D(2015, 2, 16),
        D(2015, 2, 19),
        D(2015, 3, 5),
        D(2015, 3, 9),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Child Sam",
        TRUST,
        AgeBand.NOT_KNOWN,
        "Child Sam had repeated contact with a range of health professionals before being "
        "taken to a Somerset Minor Injury Unit by members of his family. Sam had suffered "
        "extensive non-accidental head injuries.",
        "Seed 003 §8.3",
        (TRUST, ICB, COUNCIL, POLICE),
        D(2016, 1, 11),
        D(2016, 1, 14),
        D(2016, 1, 28),
        D(2016, 2, 2),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Fenestra",
        POLICE,
        AgeBand.ELEVEN_TO_15,
        "Nine children involved in sexual exploitation by a group of individuals identified "
        "through a police investigation into a case of child sexual exploitation.",
        "Seed 003 §8.3",
        (POLICE, COUNCIL, ICB, TRUST),
        D(2015, 6, 8),
        D(2015, 6, 11),
        D(2015, 6, 25),
        D(2015, 6, 30),
        (Criterion.IMPROVEMENTS, Criterion.WORKING_TOGETHER),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Child K and Child Q",
        TRUST,
        AgeBand.UNDER_1,
        "Two young babies from different families, a few weeks old, admitted to hospital "
        "following significant starvation.",
        "Seed 003 §9",
        (TRUST, ICB, COUNCIL),
        D(2016, 2, 1),
        D(2016, 2, 4),
        D(2016, 2, 18),
        D(2016, 2, 23),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "",
        COUNCIL,
        AgeBand.CARE_LEAVER,
        "A vulnerable young woman placed in foster care who, on leaving care, refused to "
        "receive support from both Bristol and Somerset local authorities and was at "
        "continuing risk of sexual exploitation.",
        "Seed 003 §9 (sexual exploitation appreciative enquiry)",
        (COUNCIL, POLICE),
        D(2016, 1, 18),
        D(2016, 1, 21),
        D(2016, 2, 4),
        D(2016, 2, 9),
        (Criterion.RECURRENT_THEMES,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Child P",
        POLICE,
        AgeBand.NOT_KNOWN,
        "A child sexually abused by her father, who had been subject to a Sexual Offences "
        "Prevention Order.",
        "Seed 003 §9 (MAPPA SCR)",
        (POLICE, COUNCIL),
        D(2016, 3, 7),
        D(2016, 3, 10),
        D(2016, 3, 23),
        D(2016, 3, 30),
        (Criterion.IMPROVEMENTS,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Child S",
        ICB,
        AgeBand.UNDER_1,
        "A baby who at 10 weeks old presented at hospital following an out of hospital "
        "arrest, with a bilateral subdural haemorrhage and large skull fracture.",
        "Seed 003 §9",
        (ICB, TRUST, COUNCIL),
        D(2016, 6, 6),
        D(2016, 6, 9),
        D(2016, 6, 23),
        D(2016, 6, 29),
        (Criterion.IMPROVEMENTS,),
        Recommendation.OTHER_REVIEW,
    ),
    CaseSeed(
        "Family A",
        COUNCIL,
        AgeBand.NOT_KNOWN,
        "A serious case review undertaken in 2018 to 2019 and published in autumn 2018.",
        "Seed 000 §5.11",
        (COUNCIL, ICB, POLICE),
        D(2017, 9, 4),
        D(2017, 9, 7),
        D(2017, 9, 21),
        D(2017, 9, 27),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.CSPR,
    ),
    CaseSeed(
        "Family B",
        COUNCIL,
        AgeBand.NOT_KNOWN,
        "A serious case review undertaken in 2018 to 2019, to be published in early 2020.",
        "Seed 000 §5.11",
        (COUNCIL, ICB, POLICE),
        D(2018, 5, 8),
        D(2018, 5, 11),
        D(2018, 5, 24),
        D(2018, 5, 31),
        (Criterion.IMPROVEMENTS, Criterion.RECURRENT_THEMES),
        Recommendation.CSPR,
    ),
)


def load_cases(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    manager = Person.objects.get(email=BUSINESS_MANAGER_EMAIL)
    for seed in CASES:
        if Case.objects.filter(partnership=partnership, what_happened=seed.what_happened).exists():
            continue
        case = case_raise(
            actor=manager,
            organisation=organisations[seed.raised_by],
            what_happened=seed.what_happened,
            age_band=seed.age_band,
            agencies=[organisations[name] for name in seed.agencies],
            why_criteria=f"Published in the seeds: {seed.source}.",
            raised_on=seed.became_aware_on,
        )
        case_change(
            actor=manager,
            case=case,
            changes={
                "pseudonym": seed.pseudonym,
                "became_aware_on": seed.became_aware_on,
                "notified_on": seed.notified_on,
                "rapid_review_meeting_on": seed.meeting_on,
                "decided_on": seed.meeting_on,
                "criteria": list(seed.criteria),
                "recommendation": seed.recommendation,
                "partners_agree": True,
                "rapid_review_sent_on": seed.sent_on,
            },
        )
        changes["cases"] += 1
