"""The demo's audits reproduce seed 003: the 2016/17 Section 11 grades (§6.4), standards 8.3
and 11.4 (§10, priority 3), the Section 175/157 return rates, private fostering and FGM
(§6.5); the pages and the API show those figures; and loading twice changes nothing."""

from __future__ import annotations

import pytest

from masa.accounts.models import Person
from masa.accounts.tests.factories import signed_in_client
from masa.audits import demo_audits, selectors
from masa.audits.models import AuditReturn, Cycle, Question
from masa.core.models import AuditEvent
from masa.partnership import demo


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def _cycle(loaded, title):
    return Cycle.objects.get(partnership=loaded.partnership, title=title)


def _manager():
    return Person.objects.get(email__startswith="tomasz.nowak@")


def test_section_11_2016_17_grades_as_seed_003_section_6_4(loaded):
    cycle = _cycle(loaded, demo_audits.SECTION_11_CYCLE)
    result = selectors.analysis(cycle)
    assert {c.grade: c.count for c in result.overall} == {
        "outstanding": 4,
        "good": 16,
        "requires_improvement": 5,
        "inadequate": 0,
    }
    assert result.nil_returns == 1
    assert result.with_worst == 7
    assert cycle.invitations.count() == 26
    subs = {sub.code: sub for s in result.standards for sub in s.substandards}
    assert (subs["8.3"].good_or_better, subs["8.3"].answered, subs["8.3"].good_percent) == (
        21,
        25,
        84,
    )
    assert (subs["11.4"].good_or_better, subs["11.4"].good_percent) == (22, 88)
    # The validation sample: every Outstanding return and every one with an Inadequate.
    assert selectors.validation_sample(cycle).count() == 4 + 7


def test_section_175_2016_17_return_rates_as_seed_003_section_6_5(loaded):
    cycle = _cycle(loaded, demo_audits.SECTION_175_CYCLE)
    overall, by_group = selectors.return_rates(cycle)
    rates = {row.key: row.rate for row in by_group}
    assert overall.rate == 97
    assert (overall.invited, overall.returned) == (500, 485)
    assert rates["maintained"] == rates["independent"] == rates["further_education"] == 100
    assert (rates["sen_independent"], rates["pru"], rates["early_years"]) == (57, 75, 56)


def test_private_fostering_and_fgm_as_seed_003_section_6_5(loaded):
    cycle = _cycle(loaded, demo_audits.SECTION_175_CYCLE)
    result = selectors.analysis(cycle)
    subs = {sub.code: sub for s in result.standards for sub in s.substandards}
    assert subs["7.1"].good_percent == 86
    fgm = {c.grade: c.percent for c in subs["9.1"].counts}
    assert fgm["red"] == 37
    assert subs["8.1"].good_percent == 82
    assert [(r.code, r.no) for r in result.yes_no] == [("7.1", 21)]
    unaware = Question.objects.get(substandard__standard__version=cycle.version, key="7.1.2")
    assert selectors.follow_up_answers(cycle, unaware, "").count() == 21


def test_the_pages_and_the_api_show_the_figures(loaded):
    client = signed_in_client(_manager())
    s11 = _cycle(loaded, demo_audits.SECTION_11_CYCLE)
    s175 = _cycle(loaded, demo_audits.SECTION_175_CYCLE)
    page = client.get(f"/audits/cycles/{s175.pk}/").content.decode()
    assert "<strong>97%</strong>" in page
    analysis = client.get(f"/audits/cycles/{s11.pk}/analysis/").content.decode()
    assert (
        "<strong>7</strong> organisations graded one or more sub-standards Inadequate" in analysis
    )
    assert "21 of 25 (84%)" in analysis
    api = client.get(f"/api/v1/audits/cycles/{s175.pk}/").json()
    rates = {row["key"]: row["rate"] for row in api["return_rates"]["by_group"]}
    assert api["return_rates"]["overall"]["rate"] == 97
    assert (rates["sen_independent"], rates["pru"], rates["early_years"]) == (57, 75, 56)
    result = client.get(f"/api/v1/audits/cycles/{s11.pk}/analysis/").json()
    assert result["overall"] == {
        "outstanding": 4,
        "good": 16,
        "requires_improvement": 5,
        "inadequate": 0,
    }
    assert result["nil_returns"] == 1
    assert result["organisations_with_worst_grade"] == 7
    sub = {s["code"]: s for st in result["standards"] for s in st["substandards"]}
    assert sub["8.3"]["good_or_better_percent"] == 84
    # The demo's DSL is asked for the open 2017/18 return, which starts from 2016/17's.
    dsl = Person.objects.get(email__startswith="grace.adeyemi@")
    home = signed_in_client(dsl).get("/home/").content.decode()
    assert "Section 175/157 2017/18 return overdue" in home


def test_loading_twice_changes_nothing(loaded):
    returns, events = AuditReturn.objects.count(), AuditEvent.objects.count()
    again = demo.load_demo()
    assert not again.changed_anything
    assert (AuditReturn.objects.count(), AuditEvent.objects.count()) == (returns, events)


def test_the_voice_of_the_child_is_the_common_theme_across_section_11_returns(loaded):
    """Seed 003 §6.4: "the challenge to systematically incorporate the voice of the child
    emerged as a common theme across all S11 audit returns"."""
    s11 = _cycle(loaded, demo_audits.SECTION_11_CYCLE)
    themes = {s.number: s for s in selectors.comment_themes(s11, _manager())}
    standard_4 = themes[4]
    assert standard_4.commented == 25
    top = standard_4.themes[0]
    assert (top.wording, top.returns) == ("voice of the child", 25)
    assert len(top.links) == selectors.LINKS_PER_THEME and top.more == 25 - 8
    client = signed_in_client(_manager())
    page = client.get(f"/audits/cycles/{s11.pk}/analysis/").content.decode()
    assert "“voice of the child”</strong>: 25 returns" in page
    api = client.get(f"/api/v1/audits/cycles/{s11.pk}/analysis/").json()
    by_standard = {s["standard"]: s for s in api["common_themes"]}
    assert by_standard[4]["themes"][0]["wording"] == "voice of the child"
    assert by_standard[4]["themes"][0]["returns"] == 25
    # Section 175/157: the FGM comments of the 179 settings graded red recur.
    s175 = _cycle(loaded, demo_audits.SECTION_175_CYCLE)
    fgm = {s.number: s for s in selectors.comment_themes(s175, _manager())}[9]
    assert fgm.commented == 179 + 56
    assert fgm.themes[0].returns == 179 + 56  # "fgm" in every comment on the standard


def test_the_first_peer_challenge_workshop_draws_on_the_validation_sample(loaded):
    """Seed 003 §6.4 Next steps: peer challenge workshops with a sample of respondents
    selected for validation (illustrative pairings; the seed gives no detail)."""
    from masa.audits.models import PeerChallenge, PeerChallengeWorkshop

    s11 = _cycle(loaded, demo_audits.SECTION_11_CYCLE)
    (workshop,) = PeerChallengeWorkshop.objects.filter(cycle=s11)
    assert workshop.held_on.isoformat() == "2017-06-14"
    pairings = list(PeerChallenge.objects.filter(workshop=workshop))
    sample = set(selectors.validation_sample(s11).values_list("pk", flat=True))
    assert len(pairings) == 5 and {p.audit_return_id for p in pairings} <= sample
    assert sorted(p.outcome for p in pairings) == [
        "changed",
        "confirmed",
        "confirmed",
        "confirmed",
        "further_evidence",
    ]
    client = signed_in_client(_manager())
    page = client.get(f"/audits/workshops/{workshop.pk}/").content.decode()
    assert "Grade changed: Good" in page and "overdue" in page
