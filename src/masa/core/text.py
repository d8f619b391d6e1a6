"""Plain-text helpers shared by the apps that look for recurring words: a small English
stop-word list, a light suffix-stripping stemmer and, for free-text comments, the recurring
terms and two-word phrases across a set of documents (offline, pure Python, nothing stored).

Used by learning's recurrence (resembling findings) and audits' common themes in comments.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

# A compact English stop-word list (function words, and words every review uses).
_STOP_WORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves within across including include includes per upon via whether however there
    may must need needs needed one two three many much well whose around among
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
_WORD = re.compile(r"[a-z]+")
_SUFFIXES = (
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ities",
    "ity",
    "ously",
    "ous",
    "ives",
    "ive",
    "ers",
    "er",
    "ed",
    "ly",
    "al",
    "es",
    "s",
)


def stem(word: str) -> str:
    """A light suffix-stripping stemmer: good enough to pair "sharing" with "shared"."""
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "i"  # "babies", "baby" and "babied" all become "babi"
    if word.endswith("y"):
        return word[:-1] + "i"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]


_WORD_SPAN = re.compile(r"[A-Za-z]+")


def _content_words(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each word that is not a stop word, in the text's order."""
    found = []
    for match in _WORD_SPAN.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS or len(word) <= 2:
            continue
        found.append((stem(word), match.start(), match.end()))
    return found


@dataclass
class Theme:
    """A recurring stemmed term or two-word phrase: how it most often reads, and which of the
    documents (by key) mention it."""

    stems: tuple[str, ...]
    wording: str
    documents: list[Hashable] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.documents)


def common_themes(
    documents: Iterable[tuple[Hashable, str]],
    *,
    top: int = 5,
    minimum: int = 2,
    stop_stems: Iterable[str] = (),
) -> list[Theme]:
    """The `top` phrases (two neighbouring content words, stop words between them allowed,
    as in "voice of the child") and single terms mentioned by at least `minimum` distinct
    documents, most documents first. A single term is left out when a phrase already shown
    contains it and is mentioned by as many documents. Each document counts once per theme,
    however often it repeats it; `documents` is (key, text) and several texts may share a key.
    """
    ignored = set(stop_stems)
    mentions: dict[tuple[str, ...], set[Hashable]] = defaultdict(set)
    wordings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for key, text in documents:
        if not text:
            continue
        words = [w for w in _content_words(text) if w[0] not in ignored]
        for index, (term, start, end) in enumerate(words):
            mentions[(term,)].add(key)
            wordings[(term,)][text[start:end].lower()] += 1
            if index + 1 < len(words):
                following, _, last = words[index + 1]
                gap = text[end : words[index + 1][1]]
                if "." in gap or ";" in gap or len(gap.split()) > 3:
                    continue  # not one phrase across a sentence break or a long gap
                pair = (term, following)
                mentions[pair].add(key)
                wordings[pair][" ".join(text[start:last].lower().split())] += 1
    ranked = sorted(
        (stems for stems, keys in mentions.items() if len(keys) >= minimum),
        key=lambda stems: (
            -len(mentions[stems]),
            -len(stems),
            wordings[stems].most_common(1)[0][0],
        ),
    )
    chosen: list[Theme] = []
    for stems in ranked:
        if len(chosen) >= top:
            break
        if len(stems) == 1 and any(
            stems[0] in theme.stems and theme.count >= len(mentions[stems]) for theme in chosen
        ):
            continue
        wording = wordings[stems].most_common(1)[0][0]
        keys = sorted(mentions[stems], key=str)
        chosen.append(Theme(stems, wording, keys))
    return chosen
