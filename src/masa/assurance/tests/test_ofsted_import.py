"""`masa import-ofsted DIR`: the slice of the real Ofsted file in fixtures/ (see its README)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_organisation, make_partnership
from masa.assurance.models import AreaJudgement, Inspection, InspectionBody, Judgement
from masa.assurance.ofsted_import import HISTORY_FILE, OFSTED_DIR, SOURCE_NAME
from masa.core.models import AuditEvent
from masa.partnership.models import OnsCode

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def somerset(db):
    partnership = make_partnership("Somerset test partnership")
    # The factory's own authority stands for Somerset: the sheet names authorities by ONS
    # code only (its DfE number is left as the factory made it, which avoids clashes).
    authority = partnership.area.get()
    OnsCode.objects.create(local_authority=authority, code="E10000027", valid_until_year=2023)
    OnsCode.objects.create(local_authority=authority, code="E06000066", valid_from_year=2024)
    council = make_organisation(
        partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name="Somerset Council"
    )
    return partnership, authority, council


def _run(directory: Path) -> str:
    out = io.StringIO()
    call_command("import_ofsted", str(directory), stdout=out)
    return out.getvalue()


def test_it_loads_every_row_for_the_partnerships_authority_and_keeps_the_source(somerset):
    partnership, authority, council = somerset
    output = _run(FIXTURES)
    assert "6 rows read, 1 for the partnerships' authorities: 1 added" in output
    inspection = Inspection.objects.get(partnership=partnership)
    assert inspection.body == InspectionBody.OFSTED
    assert inspection.inspection_type == "ILACS Standard Inspection"
    assert inspection.local_authority == authority
    assert inspection.organisation == council
    assert (inspection.inspected_on.isoformat(), inspection.published_on.isoformat()) == (
        "2022-07-18",
        "2022-09-21",
    )
    assert inspection.overall == Judgement.GOOD
    assert (inspection.source_file, inspection.source_row) == (SOURCE_NAME, 6)
    assert list(inspection.areas.values_list("judgement", flat=True)) == [Judgement.GOOD] * 3
    assert AuditEvent.objects.filter(action="assurance.inspection_recorded").count() == 1


def test_other_authorities_rows_are_not_loaded(somerset):
    _run(FIXTURES)
    assert Inspection.objects.count() == 1


def test_running_it_again_changes_nothing(somerset):
    _run(FIXTURES)
    events = AuditEvent.objects.count()
    output = _run(FIXTURES)
    assert "0 added, 0 changed, 1 unchanged" in output
    assert Inspection.objects.count() == 1
    assert AreaJudgement.objects.count() == 3
    assert AuditEvent.objects.count() == events


def test_a_changed_judgement_is_updated_not_duplicated(somerset, tmp_path):
    _run(FIXTURES)
    data = tmp_path / OFSTED_DIR
    data.mkdir()
    text = (FIXTURES / OFSTED_DIR / HISTORY_FILE).read_text(encoding="utf-8")
    last = text.rstrip("\n").splitlines()[-1]
    (data / HISTORY_FILE).write_text(
        text.replace(
            last, last.replace("Standard Inspection,Good,", "Standard Inspection,Outstanding,")
        ),
        encoding="utf-8",
    )
    assert "1 changed" in _run(tmp_path)
    assert Inspection.objects.get().overall == Judgement.OUTSTANDING


def test_a_malformed_row_refuses_the_whole_file_naming_file_and_row(somerset, tmp_path):
    data = tmp_path / OFSTED_DIR
    data.mkdir()
    lines = (FIXTURES / OFSTED_DIR / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    # Somerset's row stays good; row 2 (Barking and Dagenham, 2023) gets an impossible date.
    lines[2] = lines[2].replace("2023-07-10", "2023-13-10")
    (data / HISTORY_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _run(tmp_path)
    message = str(refused.value)
    assert "Nothing was imported" in message
    assert HISTORY_FILE in message
    assert "row 2 (line 3)" in message
    assert "Inspection date" in message
    assert Inspection.objects.count() == 0


def test_an_unknown_judgement_is_refused(somerset, tmp_path):
    shutil.copytree(FIXTURES / OFSTED_DIR, tmp_path / OFSTED_DIR)
    path = tmp_path / OFSTED_DIR / HISTORY_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(",Good,Good,Good,Good,", ",Good,Great,Good,Good,"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="not one of"):
        _run(tmp_path)
    assert Inspection.objects.count() == 0


def test_a_missing_file_or_column_is_named(somerset, tmp_path):
    with pytest.raises(CommandError, match="the file is missing"):
        _run(tmp_path)
    (tmp_path / HISTORY_FILE).write_text("Web link,Local authority area code\nx,E06000066\n")
    with pytest.raises(CommandError, match="the header lacks the column"):
        _run(tmp_path)
    with pytest.raises(CommandError, match="is not a directory"):
        _run(tmp_path / "nowhere")
    assert Inspection.objects.count() == 0
