"""Recurrent learning: earlier findings and recommendations that resemble a new one, or a case.

How resemblance is computed (offline, pure Python, nothing stored):
1. Every finding and recommendation the viewer may see is a document. Its text is lower-cased,
   split into words, English stop words are dropped and each word is cut to its stem by a
   small suffix-stripping stemmer ("sharing", "shared", "shares" all become "shar"; "baby"
   and "babies" both "babi").
2. Each document becomes a TF-IDF vector over those stems: term frequency (1 + log tf) times
   inverse document frequency (log((1 + N) / (1 + df)) + 1), computed over the documents the
   viewer may see at that moment, then normalised to length 1.
3. Text similarity is the cosine of the two vectors (0 to 1). Where the subject has themes,
   the score is 0.6 × text similarity + 0.4 × the share of themes in common (Jaccard); a case
   has no themes, so its score is the text similarity alone.
4. The five best scores at or above THRESHOLD are shown, with the themes in common and the
   score in words ("close match" from 0.45, "some resemblance" from 0.3, else "weak match").

Nothing is cached: the vectors are rebuilt from the database on every request, from records
the viewer may see (`visible_to`), so a changed finding or a narrower reach shows at once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The stop words, stemmer and tokeniser live in masa.core.text (audits use them too).
from masa.core.text import STOP_WORDS, stem, terms  # noqa: F401 (re-exported)
from masa.learning.models import Finding, FindingKind, Review, ReviewRecommendation

THRESHOLD = 0.15
TOP = 5
TEXT_WEIGHT = 0.6
THEME_WEIGHT = 0.4


@dataclass
class Document:
    kind: str  # "finding", "good practice" or "recommendation"
    record: Any
    review: Review
    text: str
    theme_ids: frozenset[int]
    theme_names: dict[int, str]
    vector: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    kind: str
    record: Any
    review: Review
    score: float
    text_score: float
    shared_themes: tuple[str, ...]

    @property
    def words(self) -> str:
        if self.score >= 0.45:
            return "close match"
        if self.score >= 0.3:
            return "some resemblance"
        return "weak match"

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _vectorise(term_lists: list[list[str]]) -> list[dict[str, float]]:
    n = len(term_lists)
    df: Counter[str] = Counter()
    for words in term_lists:
        df.update(set(words))
    vectors = []
    for words in term_lists:
        counts = Counter(words)
        vector = {
            t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / norm for t, v in vector.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def corpus_for(user: Any) -> list[Document]:
    """Every finding and recommendation `user` may see (three queries)."""
    documents = []
    findings = Finding.objects.visible_to(user).select_related("review").prefetch_related("themes")
    for finding in findings:
        kind = "good practice" if finding.kind == FindingKind.GOOD_PRACTICE else "finding"
        themes = {t.pk: t.name for t in finding.themes.all()}
        documents.append(
            Document(kind, finding, finding.review, finding.text, frozenset(themes), themes)
        )
    recommendations = (
        ReviewRecommendation.objects.visible_to(user)
        .select_related("review")
        .prefetch_related("themes")
    )
    for recommendation in recommendations:
        themes = {t.pk: t.name for t in recommendation.themes.all()}
        documents.append(
            Document(
                "recommendation",
                recommendation,
                recommendation.review,
                recommendation.text,
                frozenset(themes),
                themes,
            )
        )
    return documents


def resembling(
    user: Any,
    text: str,
    *,
    theme_ids: Iterable[int] = (),
    exclude_reviews: Iterable[int] = (),
    before: Any = None,
    threshold: float = THRESHOLD,
    top: int = TOP,
) -> list[Match]:
    """The findings and recommendations `user` may see that most resemble `text` (and its
    themes): other reviews only, started on or before `before` when it is given."""
    documents = corpus_for(user)
    subject_terms = terms(text)
    vectors = _vectorise([terms(d.text) for d in documents] + [subject_terms])
    subject = vectors[-1]
    wanted = frozenset(theme_ids)
    excluded = frozenset(exclude_reviews)
    matches = []
    for document, vector in zip(documents, vectors[:-1], strict=True):
        review = document.review
        if review.pk in excluded:
            continue
        if before is not None and review.started_on > before:
            continue
        text_score = cosine(subject, vector) if subject_terms else 0.0
        shared = wanted & document.theme_ids
        if wanted:
            union = wanted | document.theme_ids
            score = TEXT_WEIGHT * text_score + THEME_WEIGHT * (len(shared) / len(union))
        else:
            score = text_score
        if score >= threshold:
            matches.append(
                Match(
                    document.kind,
                    document.record,
                    review,
                    round(score, 3),
                    round(text_score, 3),
                    tuple(sorted(document.theme_names[i] for i in shared)),
                )
            )
    matches.sort(key=lambda m: (-m.score, -m.review.started_on.toordinal(), m.record.pk))
    return matches[:top]


def resembling_finding(user: Any, finding: Finding | ReviewRecommendation) -> list[Match]:
    return resembling(
        user,
        finding.text,
        theme_ids=[t.pk for t in finding.themes.all()],
        exclude_reviews=[finding.review_id],
        before=finding.review.started_on,
    )


def resembling_case(user: Any, case: Any) -> list[Match]:
    """Earlier learning that resembles a case's "what happened" and "why criteria" text,
    leaving out the reviews of this very case."""
    text = f"{case.what_happened}\n{case.circumstances}\n{case.why_criteria}"
    own = Review.objects.filter(case=case).values_list("pk", flat=True)
    return resembling(user, text, exclude_reviews=list(own))
