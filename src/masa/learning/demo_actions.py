"""The demo's review action plans and dissemination (issue 5 steps 6 and 7), through the
services (audited); a second run changes nothing.

Seed 003 §8.2 lists what the multi-agency action plan of the Child L and Child J serious case
review "resulted in" and how its learning was disseminated; the demo records each result as an
action answering the recommendation the demo's reviews give for it (demo_learning.py), with
the seed's words as its evidence of completion, and the seed's audits (§6.9) as evidence of
impact where they speak to it. Owners are the demo personas of the owning organisations.

The seeds describe no action that was late. So that the overdue list and the home page have
something to show, the demo adds two follow-up actions that are still open past their due
date (marked "demo" below): the Foundation Trust confirming its Level 3 training, owned by its
Head of Safeguarding Children, and a council re-audit of strategy discussions.

Dissemination (seed 003 §8.2): the TUSK learning bulletin; four MAPIG practitioner sessions in
summer 2016 reaching "approximately 100" practitioners (the seed gives no split: the demo's is
25, 24, 26 and 25); presentations to single agencies by Board members; and Level 3 Working
Together training for designated safeguarding leads. Dates within the seasons the seed names
are the demo's.

Reviews or recommendations that are not there (another loader not yet run, or a title
changed) are skipped, and counted as `review_actions_skipped`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from masa.accounts.models import Organisation, Person
from masa.learning import actions as svc
from masa.learning.models import Dissemination, Review, ReviewAction, ReviewRecommendation
from masa.partnership.models import Partnership

D = datetime.date
BUSINESS_MANAGER_EMAIL = "tomasz.nowak@demo.masa.invalid"
COUNCIL = "Somerset Council"
ICB = "NHS Somerset Integrated Care Board"
POLICE = "Avon and Somerset Constabulary"
TRUST = "Somerset NHS Foundation Trust"
OWNERS = {
    COUNCIL: "tomasz.nowak@demo.masa.invalid",
    ICB: "samira.haddad@demo.masa.invalid",
    POLICE: "joanna.whitcombe@demo.masa.invalid",
    TRUST: "owen.trevithick@demo.masa.invalid",
}
REVIEW = "Child L and Child J"
# The start of each recommendation's text in demo_learning.py.
ESCALATION = "Revise the SSCB escalation policy"
ASSESSMENT = "Develop practice standards for social work assessment"
TRAINING = "Provide targeted child development training"
DOMESTIC_ABUSE = "Include domestic abuse in the CCG standards"
SEED = "Seed 003 §8.2"


@dataclass(frozen=True)
class ActionSeed:
    recommendation: str
    description: str
    organisation: str
    due_on: datetime.date
    status: str = "open"
    closed_on: datetime.date | None = None
    completion: str = ""
    impact: str = ""


def _done(text: str) -> str:
    return f"{text} ({SEED}: the multi-agency action plan resulted in this)."


ACTIONS = (
    ActionSeed(
        ESCALATION,
        "Revise the SSCB escalation policy.",
        COUNCIL,
        D(2016, 3, 31),
        "closed",
        D(2016, 3, 18),
        _done("Revision of the SSCB escalation policy"),
        "The multi-agency audit of May 2016 (unborn babies) found evidence of effective use "
        "of the escalation policy (seed 003 §6.9).",
    ),
    ActionSeed(
        ESCALATION,
        "Strengthen the guidance around strategy discussions.",
        COUNCIL,
        D(2016, 7, 31),
        "closed",
        D(2016, 7, 29),
        _done("Strengthened guidance around strategies"),
        "After the July 2016 audit, multi-agency practitioners were reminded to include "
        "specific actions within strategies, stating the agencies and individuals that need "
        "to be informed (seed 003 §6.9).",
    ),
    ActionSeed(
        ESCALATION,
        "Audit strategy discussions to check agency compliance and engagement.",
        COUNCIL,
        D(2016, 12, 31),
        "done",
        D(2016, 12, 16),
        _done(
            "Strategy audits undertaken by CSC managers to check agency compliance and engagement"
        ),
    ),
    ActionSeed(
        ESCALATION,
        "Revise the 'Step down' guidance.",
        COUNCIL,
        D(2016, 10, 31),
        "done",
        D(2016, 10, 28),
        _done("Revision of 'Step down' guidance"),
    ),
    ActionSeed(  # demo: a follow-up still open past its due date
        ESCALATION,
        "Re-audit strategy discussions to check that the strengthened guidance is followed.",
        COUNCIL,
        D(2017, 6, 30),
        "open",
    ),
    ActionSeed(
        ASSESSMENT,
        "Develop practice standards for social work assessment, with a specific focus on "
        "disguised compliance.",
        COUNCIL,
        D(2016, 6, 30),
        "closed",
        D(2016, 6, 24),
        _done(
            "Practice standards for social work assessment developed, with a specific focus "
            "on disguised compliance"
        ),
    ),
    ActionSeed(
        ASSESSMENT,
        "Disseminate the learning through CSC 'Quality Matters'.",
        COUNCIL,
        D(2016, 11, 30),
        "done",
        D(2016, 11, 25),
        _done("Learning disseminated through CSC 'Quality Matters'"),
    ),
    ActionSeed(
        TRAINING,
        "Deliver targeted child development training for police.",
        POLICE,
        D(2016, 11, 30),
        "closed",
        D(2016, 11, 18),
        _done("Targeted 'child development' training for police"),
    ),
    ActionSeed(
        TRAINING,
        "Disseminate the Guidance for Partners on Corresponding with the Police Safeguarding "
        "Co-ordination Units.",
        POLICE,
        D(2016, 9, 30),
        "done",
        D(2016, 9, 14),
        _done(
            "Dissemination of Guidance for Partners on Corresponding with the Police "
            "Safeguarding Co-ordination Units"
        ),
    ),
    ActionSeed(
        TRAINING,
        "Provide training to housing support and frontline staff.",
        COUNCIL,
        D(2016, 12, 31),
        "done",
        D(2016, 12, 9),
        _done("Training provided to 'Housing support' and frontline staff"),
    ),
    ActionSeed(
        TRAINING,
        "Provide targeted training, using the case study, in the GP Education Trust sessions.",
        ICB,
        D(2017, 1, 31),
        "done",
        D(2017, 1, 26),
        _done("Targeted training using case study, for the GP Education Trust Sessions"),
    ),
    ActionSeed(
        TRAINING,
        "Roll out Level 3 safeguarding training for targeted staff across the health community.",
        ICB,
        D(2017, 3, 31),
        "done",
        D(2017, 3, 24),
        _done(
            "Roll out of Level 3 safeguarding training for targeted staff across the health "
            "community"
        ),
    ),
    ActionSeed(  # demo: a follow-up still open past its due date
        TRAINING,
        "Confirm that every targeted member of the Foundation Trust's staff has completed "
        "Level 3 safeguarding training.",
        TRUST,
        D(2017, 6, 30),
        "in_progress",
    ),
    ActionSeed(
        DOMESTIC_ABUSE,
        "Include domestic abuse in the CCG standards for safeguarding.",
        ICB,
        D(2016, 10, 31),
        "closed",
        D(2016, 10, 21),
        _done("Domestic abuse now included in CCG standards for safeguarding"),
    ),
    ActionSeed(
        DOMESTIC_ABUSE,
        "Report on IDVA activity, and train staff in domestic abuse awareness.",
        TRUST,
        D(2017, 2, 28),
        "done",
        D(2017, 2, 17),
        _done(
            "Acute Hospital Trusts now report on IDVA activity and staff receive training "
            "on domestic abuse awareness"
        ),
    ),
    ActionSeed(
        DOMESTIC_ABUSE,
        "Ratify a policy for General Practices on recording, flagging and sharing information "
        "about patients known to be at risk of domestic abuse, and circulate it to every "
        "practice.",
        ICB,
        D(2017, 1, 31),
        "closed",
        D(2017, 1, 13),
        _done(
            "CCG policy for General Practices ratified and circulated to all practices "
            "through the GP bulletin"
        ),
    ),
)


@dataclass(frozen=True)
class DisseminationSeed:
    kind: str
    held_on: datetime.date
    audience: str
    attendance: int | None
    notes: str


MAPIG = "Multi-Agency Practitioner Interest Group (MAPIG)"
MAPIG_NOTE = (
    "One of four MAPIG sessions in summer 2016 cascading the messages to approximately 100 "
    "multi-agency practitioners (seed 003 §8.2)."
)
DISSEMINATION = (
    DisseminationSeed("practitioner_session", D(2016, 6, 15), MAPIG, 25, MAPIG_NOTE),
    DisseminationSeed("practitioner_session", D(2016, 7, 6), MAPIG, 24, MAPIG_NOTE),
    DisseminationSeed("practitioner_session", D(2016, 7, 20), MAPIG, 26, MAPIG_NOTE),
    DisseminationSeed("practitioner_session", D(2016, 8, 17), MAPIG, 25, MAPIG_NOTE),
    DisseminationSeed(
        "bulletin",
        D(2016, 12, 20),
        "Practitioners across the partnership",
        None,
        "The SSCB 'Things you should know' (TUSK) learning bulletin (seed 003 §8.2).",
    ),
    DisseminationSeed(
        "agency_presentation",
        D(2017, 1, 31),
        "Single agencies",
        None,
        "Presentations to single agencies delivered by Board members (seed 003 §8.2).",
    ),
    DisseminationSeed(
        "other",
        D(2017, 2, 15),
        "Designated safeguarding leads",
        None,
        "SSCB Level 3 delivery of Working Together safeguarding training for designated "
        "safeguarding leads (seed 003 §8.2).",
    ),
)


def load_review_actions(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    """The action plan and dissemination of the demo's reviews; a second run changes nothing."""
    manager = Person.objects.get(email=BUSINESS_MANAGER_EMAIL)
    review = Review.objects.filter(partnership=partnership, title=REVIEW).first()
    if review is None:
        changes["review_actions_skipped"] += len(ACTIONS) + len(DISSEMINATION)
        return
    recommendations = {
        start: ReviewRecommendation.objects.filter(review=review, text__startswith=start).first()
        for start in (ESCALATION, ASSESSMENT, TRAINING, DOMESTIC_ABUSE)
    }
    owners = {name: Person.objects.filter(email=email).first() for name, email in OWNERS.items()}
    for seed in ACTIONS:
        recommendation = recommendations[seed.recommendation]
        if recommendation is None:
            changes["review_actions_skipped"] += 1
            continue
        if ReviewAction.objects.filter(
            recommendation=recommendation, description=seed.description
        ).exists():
            continue
        action = svc.action_add(
            actor=manager,
            recommendation=recommendation,
            description=seed.description,
            owning_organisation=organisations[seed.organisation],
            owner=owners[seed.organisation],
            due_on=seed.due_on,
        )
        if seed.status != "open":
            svc.action_update(
                actor=manager,
                action=action,
                changes={
                    "status": seed.status,
                    "closed_on": seed.closed_on,
                    "evidence_of_completion": seed.completion,
                    "evidence_of_impact": seed.impact,
                },
            )
        changes["review_actions"] += 1
    for item in DISSEMINATION:
        if Dissemination.objects.filter(
            review=review, kind=item.kind, held_on=item.held_on
        ).exists():
            continue
        svc.dissemination_add(
            actor=manager,
            review=review,
            kind=item.kind,
            held_on=item.held_on,
            audience=item.audience,
            attendance=item.attendance,
            notes=item.notes,
        )
        changes["disseminations"] += 1
