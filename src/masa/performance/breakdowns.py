"""Breakdowns of a local count by protected characteristic (and CP plans by category of abuse):
the fixed lists of categories, and how small numbers are suppressed when shown.

The categories follow the DfE children in need census groupings, so local figures can be read
against the national tables. A breakdown is given per characteristic: when an indicator's
figure comes with, say, its split by sex, the counts of every category of sex add up to the
figure. A category left out counts as 0.

Suppression (`suppress`): a count of 1 to 4 is shown as "fewer than 5" (primary); where a
characteristic then has exactly one hidden cell, it could be worked out from the total and the
other cells, so the smallest other cell (a non-zero one if there is one) is hidden too
(secondary). Only the people who may submit or correct the figure (the submitting
organisation's agency safeguarding lead and the business unit) see the exact counts: they
hold them anyway, and they need them to check what they sent. Everyone else, on the pages and
in the API, sees the suppressed table.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALLEST_SHOWN = 5  # counts of 1 to SMALLEST_SHOWN - 1 are shown as "fewer than 5"
FEWER_THAN = f"fewer than {SMALLEST_SHOWN}"

CHARACTERISTICS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "sex": ("Sex", (("female", "Female"), ("male", "Male"), ("not-known", "Not known"))),
    "age_band": (
        "Age band",
        (
            ("unborn", "Unborn"),
            ("under-1", "Under 1"),
            ("1-4", "1 to 4"),
            ("5-9", "5 to 9"),
            ("10-15", "10 to 15"),
            ("16-plus", "16 and over"),
        ),
    ),
    "ethnicity": (
        "Ethnicity",
        (
            ("white", "White"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("other", "Other ethnic group"),
            ("not-known", "Refused or not yet obtained"),
        ),
    ),
    "disability": (
        "Disability",
        (("disabled", "Disabled"), ("not-disabled", "Not disabled"), ("not-known", "Not known")),
    ),
    "category_of_abuse": (
        "Category of abuse",
        (
            ("emotional-abuse", "Emotional abuse"),
            ("neglect", "Neglect"),
            ("physical-abuse", "Physical abuse"),
            ("sexual-abuse", "Sexual abuse"),
            ("multiple", "Multiple categories"),
        ),
    ),
}
PROTECTED = ("sex", "age_band", "ethnicity", "disability")

# The local counts submitted with breakdowns: seed 003 §4.2 splits the children on CP plans by
# category of abuse; the DfE publishes children in need and looked after by the protected
# characteristics, so the partnership asks for the same splits locally.
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "cp-plans": (*PROTECTED, "category_of_abuse"),
    "children-in-need": PROTECTED,
    "children-looked-after": PROTECTED,
}


def characteristic_label(code: str) -> str:
    return CHARACTERISTICS[code][0] if code in CHARACTERISTICS else code


def categories(characteristic: str) -> tuple[tuple[str, str], ...]:
    return CHARACTERISTICS[characteristic][1] if characteristic in CHARACTERISTICS else ()


def category_code(characteristic: str, text: str) -> str | None:
    """The category's code from its code or its label (any case), or None."""
    wanted = text.strip().casefold()
    for code, label in categories(characteristic):
        if wanted in (code, label.casefold()):
            return code
    return None


def characteristic_code(text: str) -> str | None:
    wanted = text.strip().casefold().replace(" ", "_").replace("-", "_")
    for code, (label, _) in CHARACTERISTICS.items():
        if wanted in (code, label.casefold().replace(" ", "_")):
            return code
    return None


@dataclass(frozen=True)
class Cell:
    category: str
    label: str
    count: int | None  # None when suppressed
    suppressed: bool

    @property
    def shown(self) -> str:
        return FEWER_THAN if self.suppressed else f"{self.count:,}"


def suppress(counts: dict[str, int]) -> set[str]:
    """The categories of one characteristic to hide: counts of 1 to 4, and one more where a
    single hidden cell could be worked out from the total."""
    hidden = {category for category, count in counts.items() if 0 < count < SMALLEST_SHOWN}
    if len(hidden) == 1:
        others = sorted(
            ((count == 0, count, category) for category, count in counts.items()),
            key=lambda item: item[:2],
        )
        for _zero, _count, category in others:
            if category not in hidden:
                hidden.add(category)
                break
    return hidden


def table(
    rows: list[tuple[str, str, int]], characteristics: list[str], *, exact: bool
) -> list[tuple[str, str, list[Cell]]]:
    """For each characteristic given: (code, label, cells in the fixed order), suppressed
    unless `exact`. `rows` are (characteristic, category, count)."""
    given: dict[str, dict[str, int]] = {}
    for characteristic, category, count in rows:
        given.setdefault(characteristic, {})[category] = count
    result = []
    for characteristic in characteristics:
        if characteristic not in given:
            continue
        counts = {
            code: given[characteristic].get(code, 0) for code, _ in categories(characteristic)
        }
        hidden = set() if exact else suppress(counts)
        cells = [
            Cell(code, label, None if code in hidden else counts[code], code in hidden)
            for code, label in categories(characteristic)
        ]
        result.append((characteristic, characteristic_label(characteristic), cells))
    return result
