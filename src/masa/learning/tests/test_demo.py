"""The demo's cases are those seed 003 §8–9 and seed 000 §5.11 publish, with their
pseudonyms as published, and loading twice changes nothing."""

from __future__ import annotations

import pytest

from masa.core.models import AuditEvent
from masa.learning.models import Case
from masa.partnership import demo


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def test_the_demo_cases_and_what_was_decided(loaded):
    cases = {c.pseudonym: c for c in Case.objects.filter(partnership=loaded.partnership)}
    assert set(cases) == {
        "Child L and Child J",
        "Child Sam",
        "Fenestra",
        "Child K and Child Q",
        "",  # the sexual exploitation appreciative enquiry: the seed gives no pseudonym
        "Child P",
        "Child S",
        "Family A",
        "Family B",
    }
    reviews = {name for name, case in cases.items() if case.recommendation == "cspr"}
    # Seed 003 §8: SCRs Child L and Child J, Child Sam, Fenestra; seed 000 §5.11: Families A, B.
    assert reviews == {"Child L and Child J", "Child Sam", "Fenestra", "Family A", "Family B"}
    for name in ("Child K and Child Q", "", "Child P", "Child S"):
        assert cases[name].recommendation == "other_review"  # seed 003 §9
    for case in cases.values():
        assert case.reference.startswith(f"SSCP-{case.raised_on.year}-")
        assert 2015 <= case.became_aware_on.year <= 2018
        assert case.notified_on <= case.notification_due_on
        assert case.rapid_review_sent_on <= case.rapid_review_due_on
        assert case.partners_agree is True and case.panel_response == ""
    assert cases["Child L and Child J"].raised_by_organisation.name == (
        "NHS Somerset Integrated Care Board"
    )


def test_the_demo_cases_load_once(loaded):
    counts = (
        Case.objects.count(),
        AuditEvent.objects.filter(action__startswith="learning.").count(),
    )
    assert counts == (9, 18)
    again = demo.load_demo()
    assert not again.changed_anything
    assert (
        Case.objects.count(),
        AuditEvent.objects.filter(action__startswith="learning.").count(),
    ) == counts
