"""The demo's risk register and challenge log, from the Somerset annual report 2016/17 (003).

Seed 003 §6.2 says the Board kept a risk register and a challenge log; "a number of challenges
were made ... some of which resulted in the Board receiving assurances ... a small number of
issues are on-going". It names one risk and, in §7.3, the concerns the Child Death Overview
Panel took to other bodies. Those are loaded with the seed's own words:

- the risk (§13): "the Early Help strategy is not purposefully driven, well understood or
  applied by all partners", with the mitigation and the result the report gives. The report
  prints no scores for it: the two assessments below (B2, high 9, at the start of 2016/17;
  C3, medium 4, at its end, after the mitigation "resulted in improved engagement") are
  invented to show the scale, and so are the dates and its owner;
- the challenges (§7.3, §7.5): medical images not shared between care settings, raised with
  NHS England, "now resolved", the Board "now reassured" (assurance received, closed); the
  sale of nebulisers in supermarkets, raised with the Medicines and Healthcare products
  Regulatory Agency, and post mortems after two asthma-related deaths, raised with the
  Coroner (no response reported: both still open). The report gives no dates: those below
  are invented, inside 2016/17.

Everything goes through the services, so it is audited like any other change; a second run
finds each risk and challenge by its words and changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from masa.accounts.models import Engagement, Organisation, OrganisationKind, Person
from masa.partnership.models import Partnership
from masa.risks.models import Challenge, Impact, Likelihood, Risk
from masa.risks.services import (
    challenge_close,
    challenge_raise,
    challenge_record_assurance,
    challenge_respond,
    risk_assess,
    risk_create,
)

BUSINESS_MANAGER_EMAIL = "tomasz.nowak@demo.masa.invalid"
RISK_OWNER_EMAIL = "priya.raman@demo.masa.invalid"

# -- The risk (seed 003 §13) -----------------------------------------------------------------

EARLY_HELP_RISK = (
    "The Early Help strategy is not purposefully driven, well understood or applied by all partners"
)
EARLY_HELP_DESCRIPTION = (
    "Ofsted (2015) asked the partnership to progress the early help strategy more swiftly, "
    "ensure that it is well embedded in practice across the partnership and that thresholds "
    "for services are better understood and implemented (annual report 2016/17, sections "
    "11.8 and 13)."
)
EARLY_HELP_MITIGATION = (
    "Heightened engagement with partners, including a conference, targeted training, the "
    "development of targeted communications tools and an Early Help Champions 'train the "
    "trainer' programme."
)
EARLY_HELP_RESULT = (
    "This has resulted in improved engagement across partners with early help arrangements."
)
EARLY_HELP_OWNING_ORGANISATION = "Somerset Council"
# Invented: the report prints no scores or dates for the risk.
EARLY_HELP_ASSESSMENTS = (
    (datetime.date(2016, 4, 1), Likelihood.B, Impact.TWO, "Risk identified."),
    (datetime.date(2017, 3, 31), Likelihood.C, Impact.THREE, EARLY_HELP_RESULT),
)
EARLY_HELP_REVIEW_ON = datetime.date(2017, 6, 30)

# -- The challenges (seed 003 §7.3, §7.5) ----------------------------------------------------

MHRA = "Medicines and Healthcare products Regulatory Agency"
CORONER = "HM Senior Coroner for Somerset"
NEW_BODIES = {
    MHRA: "Regulates medical devices in the UK; the Child Death Overview Panel raised a "
    "concern with it in 2016/17 (annual report 2016/17, section 7.3).",
    CORONER: "The Child Death Overview Panel raised concerns with the Coroner in 2016/17 "
    "(annual report 2016/17, sections 7.3 and 7.5).",
}


@dataclass(frozen=True)
class ChallengeSeed:
    organisation: str
    subject: str
    detail: str
    raised_on: datetime.date  # invented: the report gives no dates
    response: str = ""
    responded_on: datetime.date | None = None
    assurance: str = ""
    assured_on: datetime.date | None = None
    closed_on: datetime.date | None = None


CHALLENGES = (
    ChallengeSeed(
        organisation="NHS England",
        subject="Medical professionals not being able to access children's medical images in "
        "different care settings",
        detail="Raised by the Child Death Overview Panel, which addressed communication between "
        "secondary and tertiary care and followed up with NHS England (annual report "
        "2016/17, section 7.3).",
        raised_on=datetime.date(2016, 6, 14),
        response="The issue of medical professionals not being able to access children's "
        "medical images in different care settings has now been resolved.",
        responded_on=datetime.date(2016, 12, 6),
        assurance="The SSCB are now reassured that hospitals are working towards a permanent "
        "and failsafe way of sharing images across Trusts.",
        assured_on=datetime.date(2017, 1, 17),
        closed_on=datetime.date(2017, 1, 17),
    ),
    ChallengeSeed(
        organisation=MHRA,
        subject="The sale of affordable nebulisers in supermarkets",
        detail="The Child Death Overview Panel wrote to the Medicines and Healthcare products "
        "Regulatory Agency, which regulates medical devices in the UK, raising its concern "
        "(annual report 2016/17, section 7.3).",
        raised_on=datetime.date(2016, 11, 15),
    ),
    ChallengeSeed(
        organisation=CORONER,
        subject="The lack of post mortem examination for 2 of the asthma related deaths",
        detail="The Child Death Overview Panel Chair wrote to the Coroner raising the panel's "
        "concerns. Agreed next step for 2017/18: a meeting with the coronial service to "
        "discuss post mortems of children where death has been sudden or unexpected (annual "
        "report 2016/17, sections 7.3 and 7.5).",
        raised_on=datetime.date(2016, 11, 15),
    ),
)


def load_risks_and_challenges(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> None:
    """The register's one risk and the log's three challenges (idempotent)."""
    manager = Person.objects.get(email=BUSINESS_MANAGER_EMAIL)
    owner = Person.objects.get(email=RISK_OWNER_EMAIL)
    _load_risk(partnership, organisations, manager, owner, changes)
    bodies = dict(organisations)
    for name, how_engaged in NEW_BODIES.items():
        organisation, created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": OrganisationKind.OTHER}
        )
        changes["organisations"] += created
        _, engaged = Engagement.objects.get_or_create(
            partnership=partnership,
            organisation=organisation,
            defaults={"how_engaged": how_engaged},
        )
        changes["engagements"] += engaged
        bodies[name] = organisation
    for seed in CHALLENGES:
        _load_challenge(partnership, bodies[seed.organisation], seed, manager, changes)


def _load_risk(
    partnership: Partnership,
    organisations: dict[str, Organisation],
    manager: Person,
    owner: Person,
    changes: Counter[str],
) -> None:
    if Risk.objects.filter(partnership=partnership, title=EARLY_HELP_RISK).exists():
        return
    (first_on, first_l, first_i, first_note), *later = EARLY_HELP_ASSESSMENTS
    risk = risk_create(
        actor=manager,
        partnership=partnership,
        title=EARLY_HELP_RISK,
        description=EARLY_HELP_DESCRIPTION,
        mitigation=EARLY_HELP_MITIGATION,
        owner=owner,
        owning_organisation=organisations[EARLY_HELP_OWNING_ORGANISATION],
        review_on=EARLY_HELP_REVIEW_ON,
        likelihood=first_l,
        impact=first_i,
        assessed_on=first_on,
        note=first_note,
    )
    changes["risks"] += 1
    changes["risk assessments"] += 1
    for assessed_on, likelihood, impact, note in later:
        risk_assess(
            actor=manager,
            risk=risk,
            likelihood=likelihood,
            impact=impact,
            assessed_on=assessed_on,
            note=note,
        )
        changes["risk assessments"] += 1


def _load_challenge(
    partnership: Partnership,
    organisation: Organisation,
    seed: ChallengeSeed,
    manager: Person,
    changes: Counter[str],
) -> None:
    if Challenge.objects.filter(
        partnership=partnership, organisation=organisation, subject=seed.subject
    ).exists():
        return
    challenge = challenge_raise(
        actor=manager,
        partnership=partnership,
        organisation=organisation,
        subject=seed.subject,
        detail=seed.detail,
        raised_on=seed.raised_on,
    )
    changes["challenges"] += 1
    if seed.response and seed.responded_on:
        challenge_respond(
            actor=manager,
            challenge=challenge,
            response=seed.response,
            responded_on=seed.responded_on,
        )
    if seed.assurance and seed.assured_on:
        challenge_record_assurance(
            actor=manager,
            challenge=challenge,
            assurance_received=True,
            assurance=seed.assurance,
            assured_on=seed.assured_on,
        )
    if seed.closed_on:
        challenge_close(actor=manager, challenge=challenge, closed_on=seed.closed_on)
