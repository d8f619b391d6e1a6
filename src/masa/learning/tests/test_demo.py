"""The demo's cases are those seed 003 §8–9 and seed 000 §5.11 publish, with their
pseudonyms as published, and loading twice changes nothing."""

from __future__ import annotations

import datetime

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
        AuditEvent.objects.filter(action__startswith="learning.case").count(),
    )
    assert counts == (9, 18)
    again = demo.load_demo()
    assert not again.changed_anything
    assert (
        Case.objects.count(),
        AuditEvent.objects.filter(action__startswith="learning.case").count(),
    ) == counts


def test_the_demo_reviews_and_their_learning(loaded):
    from masa.accounts.models import Person
    from masa.learning import reviews as svc
    from masa.learning.models import Finding, Review

    reviews = {r.title: r for r in Review.objects.filter(partnership=loaded.partnership)}
    assert set(reviews) == {
        "Child L and Child J",  # seed 003 §8.2
        "Child Sam",  # seed 003 §8.3
        "Fenestra",  # seed 003 §8.3
        "Child K and Child Q",  # seed 003 §9
        "Sexual exploitation appreciative inquiry",  # seed 003 §9
        "MAPPA SCR – Child P",  # seed 003 §9
        "Child S",  # seed 003 §9
        "Family A",  # seed 000 §5.11
        "Family B",  # seed 000 §5.11
        "Suicides of young people in Somerset",  # seed 000 §5.11 (thematic, no case)
        "Management of sex offenders against children",  # seed 000 §5.11 (thematic)
    }

    def counts(title):
        findings = Finding.objects.filter(review=reviews[title])
        return (
            findings.filter(kind="finding").count(),
            findings.filter(kind="good_practice").count(),
        )

    # Seed 003 §8.2: five lessons and three examples of good practice; §8.3: seven emerging
    # findings for Child Sam, nine for Fenestra; §9: seven for Child K and Child Q, six for
    # MAPPA Child P.
    assert counts("Child L and Child J") == (5, 3)
    assert counts("Child Sam") == (7, 0)
    assert counts("Fenestra") == (9, 0)
    assert counts("Child K and Child Q") == (7, 0)
    assert counts("MAPPA SCR – Child P") == (6, 0)
    assert reviews["Child L and Child J"].recommendations.count() == 4
    assert reviews["Child K and Child Q"].kind == "learning_event"
    assert reviews["Child S"].kind == "ccg"
    assert reviews["MAPPA SCR – Child P"].kind == "mappa"
    assert reviews["Suicides of young people in Somerset"].case is None
    # Published: Child L and Child J in December 2016 (after the criminal case), Family A in
    # autumn 2018; each with a summary approved by someone other than its preparer.
    published = {t for t, r in reviews.items() if r.published_on}
    assert published == {"Child L and Child J", "Family A"}
    assert reviews["Child L and Child J"].published_on == datetime.date(2016, 12, 13)
    for title in published:
        publication = reviews[title].publications.get()
        assert (
            publication.approved_by_id and publication.approved_by_id != publication.prepared_by_id
        )
    # Paused for criminal proceedings: the expected date moves by the days paused.
    sam = reviews["Child Sam"]
    pause = sam.pauses.get()
    assert pause.reason == "criminal_proceedings" and pause.ended_on == datetime.date(2017, 1, 27)
    assert sam.publication_expected == svc.add_months(sam.started_on, 6) + datetime.timedelta(
        days=(pause.ended_on - pause.started_on).days
    )
    manager = Person.objects.get(email="tomasz.nowak@demo.masa.invalid")
    summaries = {s.theme.name: s for s in svc.theme_summaries(manager)}
    assert summaries["Information sharing"].findings == 7
    assert summaries["Information sharing"].reviews == 7
    assert summaries["Information sharing"].since == 2015
    assert summaries["Exploitation"].findings == 6


def test_the_public_sees_the_two_published_demo_reviews(loaded, client):
    listing = client.get("/learning/published/").content.decode()
    assert "Child L and Child J" in listing and "Family A" in listing
    assert "Child Sam" not in listing and "Fenestra" not in listing
