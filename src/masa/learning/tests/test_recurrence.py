"""Recurrent learning: earlier findings and recommendations that resemble a new one or a case,
by themes in common and TF-IDF text similarity, within what the viewer may see."""

from __future__ import annotations

import datetime

import pytest

from masa.accounts.models import Person
from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.roles import Role
from masa.learning import recurrence
from masa.learning import reviews as svc
from masa.learning.models import Case, Finding, Theme
from masa.partnership import demo


@pytest.fixture
def loaded(db):
    demo.load_demo()
    return Person.objects.get(email="tomasz.nowak@demo.masa.invalid")


def test_stems_and_stop_words():
    assert recurrence.terms("The sharing of information between agencies") == [
        "shar",
        "inform",
        "agenci",
    ]
    assert recurrence.stem("babies") == recurrence.stem("baby")
    assert recurrence.stem("shared") == recurrence.stem("shares") == recurrence.stem("sharing")


def test_family_b_information_sharing_recurs_from_family_a_and_earlier_reviews(loaded):
    later = Finding.objects.get(review__title="Family B", text__contains="information-sharing")
    matches = recurrence.resembling_finding(loaded, later)
    best = matches[0]
    assert best.review.title == "Family A" and best.words == "close match"
    assert best.shared_themes == ("Information sharing",)
    titles = [m.review.title for m in matches]
    # Fenestra's "linking information within and between agencies" and Child Sam's
    # "information to be shared within and across agencies" come next.
    assert {"Fenestra", "Child Sam"} <= set(titles[:3])
    assert all(m.review.started_on <= later.review.started_on for m in matches)
    assert "Family B" not in titles  # never the review itself
    assert len(matches) <= recurrence.TOP
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_an_unrelated_text_ranks_low(loaded):
    unrelated = recurrence.resembling(
        loaded, "Catering and room hire for the annual conference budget", threshold=0.0, top=50
    )
    assert max(m.score for m in unrelated) < recurrence.THRESHOLD
    assert recurrence.resembling(loaded, "Catering and room hire for the conference") == []
    related = recurrence.resembling(loaded, "Agencies did not share information about the baby")
    assert related and related[0].score > 0.3


def test_a_case_page_shows_earlier_learning_like_it(loaded):
    case = Case.objects.get(pseudonym="Family B")
    client = signed_in_client(loaded)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Earlier learning that resembles this" in page
    matches = recurrence.resembling_case(loaded, case)
    assert all(m.review.case_id != case.pk for m in matches)


def test_recurrence_stays_within_the_viewer_s_reach(loaded):
    partnership = Case.objects.first().partnership
    outsider_org = Case.objects.get(pseudonym="Family B").raised_by_organisation
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, outsider_org, partnership=partnership)
    later = Finding.objects.get(review__title="Family B", text__contains="information-sharing")
    visible = {r.pk for r in svc.reviews_for(lead)}
    for match in recurrence.resembling_finding(lead, later):
        assert match.review.pk in visible
    # Nothing is cached: a new finding shows at once.
    theme = Theme.objects.get(name="Information sharing")
    review = svc.review_start(
        actor=loaded,
        partnership=partnership,
        kind="thematic",
        title="Information sharing thematic review",
        started_on=datetime.date(2017, 1, 9),
    )
    svc.finding_add(
        actor=loaded, review=review, text="The importance of information-sharing.", themes=[theme]
    )
    titles = [m.review.title for m in recurrence.resembling_finding(loaded, later)]
    assert "Information sharing thematic review" in titles[:2]
