"""Common themes in comments: recurring stemmed terms and two-word phrases across returns."""

from __future__ import annotations

from masa.core.text import common_themes


def test_a_phrase_recurring_across_documents_comes_first_with_its_usual_wording():
    themes = common_themes(
        [
            (1, "The voice of the child is not recorded."),
            (2, "Capturing the voice of the child is hard"),
            (2, "The Voice of the Child again"),  # the same document counts once
            (3, "Training on the voice of the child is planned."),
            (4, "Not all staff trained yet."),
        ],
        top=3,
    )
    first = themes[0]
    assert first.wording == "voice of the child"
    assert first.count == 3 and first.documents == [1, 2, 3]
    # "train" recurs in two documents; "voice" alone is hidden behind the phrase.
    assert [t.wording for t in themes][1:] == ["training"]


def test_nothing_recurs_when_every_comment_differs_and_a_sentence_break_splits_phrases():
    assert common_themes([(1, "Policy reviewed."), (2, "Staff trained.")]) == []
    themes = common_themes([(1, "Staff trained. Records kept"), (2, "Staff trained. Records")])
    assert "trained records" not in [t.wording for t in themes]
