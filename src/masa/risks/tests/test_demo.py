"""The demo register and log carry the words of the Somerset annual report 2016/17 (seed 003
§6.2, §7.3, §7.5, §13), and loading twice changes nothing."""

from __future__ import annotations

import pytest

from masa.core.models import AuditEvent
from masa.partnership import demo
from masa.risks import demo_risks
from masa.risks.models import Challenge, ChallengeEvent, Risk, RiskAssessment


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def test_the_register_holds_the_early_help_risk_of_section_13(loaded):
    risk = Risk.objects.get(partnership=loaded.partnership)
    # Seed 003 §13, word for word.
    assert risk.title.lower() == (
        "the early help strategy is not purposefully driven, well understood or applied by "
        "all partners"
    )
    assert risk.mitigation == (
        "Heightened engagement with partners, including a conference, targeted training, the "
        "development of targeted communications tools and an Early Help Champions 'train the "
        "trainer' programme."
    )
    notes = list(risk.assessments.values_list("note", flat=True))
    assert notes[-1] == (
        "This has resulted in improved engagement across partners with early help arrangements."
    )
    # The seed prints no scores; the demo's two are on the seed 001 §10 scales, and fall.
    assert [a.rating for a in risk.assessments.all()] == ["B2", "C3"]
    assert (risk.score, risk.previous_score, risk.trend) == (4, 9, "down")
    assert risk.owner.email == demo_risks.RISK_OWNER_EMAIL
    assert risk.owning_organisation.name == "Somerset Council"


def test_the_log_holds_the_child_death_panels_challenges(loaded):
    challenges = {c.organisation.name: c for c in Challenge.objects.select_related("organisation")}
    assert set(challenges) == {
        "NHS England",
        "Medicines and Healthcare products Regulatory Agency",
        "HM Senior Coroner for Somerset",
    }
    imaging = challenges["NHS England"]
    assert imaging.response.startswith(
        "The issue of medical professionals not being able to access children's medical images"
    )
    assert imaging.assurance_received is True
    assert imaging.assurance == (
        "The SSCB are now reassured that hospitals are working towards a permanent and "
        "failsafe way of sharing images across Trusts."
    )
    assert imaging.status == "closed"
    # "A small number of issues are on-going" (§6.2): the other two have no response.
    for name in (
        "Medicines and Healthcare products Regulatory Agency",
        "HM Senior Coroner for Somerset",
    ):
        assert challenges[name].status == "open" and challenges[name].responded_on is None
    assert challenges["Medicines and Healthcare products Regulatory Agency"].subject == (
        "The sale of affordable nebulisers in supermarkets"
    )
    assert list(
        ChallengeEvent.objects.filter(challenge=imaging).values_list("kind", flat=True)
    ) == ["raised", "responded", "assurance", "closed"]


def test_the_demo_risks_and_challenges_load_once(loaded):
    counts = (
        Risk.objects.count(),
        RiskAssessment.objects.count(),
        Challenge.objects.count(),
        ChallengeEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="risks.").count(),
    )
    assert counts == (1, 2, 3, 6, 8)
    again = demo.load_demo()
    assert not again.changed_anything
    assert (
        Risk.objects.count(),
        RiskAssessment.objects.count(),
        Challenge.objects.count(),
        ChallengeEvent.objects.count(),
        AuditEvent.objects.filter(action__startswith="risks.").count(),
    ) == counts
