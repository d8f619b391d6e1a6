"""`masa import-ofsted DIR`: Ofsted's judgements of local authority children's services (ILACS)
for each partnership's own authorities.

Reads `dfe_csc_outcomes_enablers/ofsted_ilacs_inspection_history_2025.csv` from DIR (laid out
as `../shared/data/`; a DIR holding the file itself also works): the sheet
"ILACS_inspection_history" of Ofsted's "LA Inspection Outcomes as at 31 March 2025", one row
per inspection since 2018.

The sheet names authorities by ONS code only, so a partnership's authorities are matched by
the ONS codes held for them in the partnership app (`OnsCode`; Somerset, DfE 933: E10000027
to 2023, E06000066 from 2024). Every row for those codes becomes an `Inspection` with its
area judgements, keeping the file name and the data row (1 = the first row after the header)
so each judgement can be traced back. The inspection is tied to the partnership's local
authority organisation when it has exactly one.

As with `masa import-dfe`, the whole file is read and checked first, in memory; any problem
refuses the run, naming file and row, before the database is touched. Then every change is
written in ONE transaction through the same services as the pages (so each is audited).
Running it again with the same file changes nothing: an imported inspection is found again
by its authority, type and inspection date.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from masa.accounts.models import Organisation, OrganisationKind
from masa.assurance.models import ILACS_AREAS, Inspection, InspectionBody, Judgement
from masa.assurance.services import inspection_change, inspection_create
from masa.partnership.models import LocalAuthority, OnsCode, Partnership

OFSTED_DIR = "dfe_csc_outcomes_enablers"
HISTORY_FILE = "ofsted_ilacs_inspection_history_2025.csv"
SOURCE_NAME = f"{OFSTED_DIR}/{HISTORY_FILE}"
ATTRIBUTION = "Department for Education / Office for National Statistics / Ofsted, OGL v3.0"

CODE = "Local authority area code"
NAME = "Local authority name"
INSPECTED = "Inspection date"
PUBLISHED = "Publication date"
TYPE = "Inspection type"
OVERALL = "Overall effectiveness"
REQUIRED_COLUMNS = (CODE, NAME, INSPECTED, PUBLISHED, TYPE, OVERALL, *ILACS_AREAS)

JUDGEMENTS = {
    "Outstanding": Judgement.OUTSTANDING,
    "Good": Judgement.GOOD,
    "Requires improvement to be good": Judgement.REQUIRES_IMPROVEMENT,
    "Requires improvement": Judgement.REQUIRES_IMPROVEMENT,
    "Inadequate": Judgement.INADEQUATE,
}
SUMMARY = (
    "Loaded from Ofsted's local authority inspection outcomes (official statistics), "
    "sheet ILACS_inspection_history: {name} ({code}). "
    "Source: " + ATTRIBUTION + "."
)


class OfstedImportRefused(Exception):
    """The file is not fit to import; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class OfstedRow:
    row: int
    code: str
    name: str
    inspected_on: datetime.date
    published_on: datetime.date | None
    inspection_type: str
    overall: str
    areas: tuple[tuple[str, str], ...]


@dataclass
class OfstedSummary:
    rows_read: int = 0
    matched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    by_partnership: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{SOURCE_NAME}: {self.rows_read} rows read, {self.matched} for the partnerships' "
            f"authorities: {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged."
        )


def history_file(directory: Path) -> Path:
    nested = directory / OFSTED_DIR / HISTORY_FILE
    return nested if nested.exists() else directory / HISTORY_FILE


def _date(text: str, column: str, where: str, problems: list[str]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{where}: {column} is {text!r}, not a date written like 2022-07-18")
        return None


def _judgement(text: str, column: str, where: str, problems: list[str]) -> str | None:
    text = text.strip()
    if not text:
        return ""
    if text not in JUDGEMENTS:
        problems.append(
            f"{where}: {column} is {text!r}, not one of {', '.join(sorted(JUDGEMENTS))}"
        )
        return None
    return JUDGEMENTS[text]


def read_history(path: Path) -> list[OfstedRow]:
    """Every row of the file, checked; refuses with every problem found, naming file and row."""
    if not path.exists():
        raise OfstedImportRefused([f"{path}: the file is missing ({SOURCE_NAME} is expected)"])
    problems: list[str] = []
    rows: list[OfstedRow] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise OfstedImportRefused(
                    [f"{path}: the header lacks the column(s) {', '.join(missing)}"]
                )
            for number, record in enumerate(reader, start=1):
                where = f"{path}, row {number} (line {number + 1})"
                if None in record or any(value is None for value in record.values()):
                    problems.append(f"{where}: the row has the wrong number of cells")
                    continue
                code = record[CODE].strip()
                if not code:
                    problems.append(f"{where}: {CODE} is empty")
                inspected = _date(record[INSPECTED], INSPECTED, where, problems)
                published = (
                    _date(record[PUBLISHED], PUBLISHED, where, problems)
                    if record[PUBLISHED].strip()
                    else None
                )
                overall = _judgement(record[OVERALL], OVERALL, where, problems)
                areas = []
                for area in ILACS_AREAS:
                    judged = _judgement(record[area], area, where, problems)
                    if judged:
                        areas.append((area, judged))
                kind = record[TYPE].strip()
                if not kind:
                    problems.append(f"{where}: {TYPE} is empty")
                if inspected and published and published < inspected:
                    problems.append(f"{where}: published before the inspection date")
                if inspected is not None and overall is not None and code and kind:
                    rows.append(
                        OfstedRow(
                            number,
                            code,
                            record[NAME].strip(),
                            inspected,
                            published,
                            kind,
                            overall,
                            tuple(areas),
                        )
                    )
    except (UnicodeDecodeError, csv.Error) as error:
        raise OfstedImportRefused([f"{path}: not a readable CSV file ({error})"]) from None
    if problems:
        raise OfstedImportRefused(problems)
    return rows


def _authority_codes() -> dict[str, LocalAuthority]:
    return {
        ons.code: ons.local_authority for ons in OnsCode.objects.select_related("local_authority")
    }


def _council_of(partnership: Partnership) -> Organisation | None:
    councils = list(
        Organisation.objects.filter(
            engagement__partnership=partnership, kind=OrganisationKind.LOCAL_AUTHORITY
        )[:2]
    )
    return councils[0] if len(councils) == 1 else None


def import_ofsted(directory: Path, *, actor: object = None) -> OfstedSummary:
    """Check the file, then load its rows for every partnership's authorities in one
    transaction. Raises OfstedImportRefused, having saved nothing, if the file is unfit."""
    path = history_file(directory)
    rows = read_history(path)
    summary = OfstedSummary(rows_read=len(rows))
    authorities = _authority_codes()
    by_authority: dict[int, list[OfstedRow]] = defaultdict(list)
    for row in rows:
        authority = authorities.get(row.code)
        if authority is not None:
            by_authority[authority.pk].append(row)
    with transaction.atomic():
        for partnership in Partnership.objects.prefetch_related("area").order_by("pk"):
            council = _council_of(partnership)
            for authority in partnership.area.all():
                for row in by_authority.get(authority.pk, []):
                    summary.matched += 1
                    outcome = _load_row(partnership, authority, council, row, actor)
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    summary.by_partnership[partnership.name] = (
                        summary.by_partnership.get(partnership.name, 0) + 1
                    )
    return summary


def _load_row(
    partnership: Partnership,
    authority: LocalAuthority,
    council: Organisation | None,
    row: OfstedRow,
    actor: object,
) -> str:
    existing = (
        Inspection.objects.filter(
            partnership=partnership,
            body=InspectionBody.OFSTED,
            local_authority=authority,
            inspection_type=row.inspection_type,
            inspected_on=row.inspected_on,
        )
        .exclude(source_file="")
        .first()
    )
    summary_text = SUMMARY.format(name=row.name, code=row.code)
    if existing is None:
        inspection_create(
            actor=actor,
            partnership=partnership,
            body=InspectionBody.OFSTED,
            inspection_type=row.inspection_type,
            inspected_on=row.inspected_on,
            published_on=row.published_on,
            organisation=council,
            local_authority=authority,
            overall=row.overall,
            summary=summary_text,
            areas=row.areas,
            source_file=SOURCE_NAME,
            source_row=row.row,
        )
        return "added"
    areas_now = list(existing.areas.order_by("order").values_list("area", "judgement"))
    source_changed = existing.source_file != SOURCE_NAME or existing.source_row != row.row
    if (
        existing.published_on == row.published_on
        and existing.overall == row.overall
        and areas_now == list(row.areas)
        and not source_changed
    ):
        return "unchanged"
    inspection_change(
        actor=actor,
        inspection=existing,
        published_on=row.published_on,
        overall=row.overall,
        areas=row.areas,
    )
    if source_changed:
        existing.source_file, existing.source_row = SOURCE_NAME, row.row
        existing.save(update_fields=["source_file", "source_row"])
    return "changed"
