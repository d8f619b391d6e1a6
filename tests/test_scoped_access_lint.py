"""ARCHITECTURE.md habit 2: views never read agency-scoped records without visible_to."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from check_scoped_access import violations  # noqa: E402


@pytest.mark.parametrize(
    "source",
    [
        "Organisation.objects.all()",
        "Organisation.objects.filter(pk=1)",
        "Person.objects.get(pk=1)",
        "Person._default_manager.all()",
        "x = Organisation.objects",
    ],
)
def test_unscoped_reads_are_reported(source):
    assert violations(source, {"Organisation", "Person"})


@pytest.mark.parametrize(
    "source",
    [
        "Organisation.objects.visible_to(user).filter(pk=1)",
        "Organisation.objects.changeable_by(user)",
        "ApiToken.objects.filter(person=user)",
    ],
)
def test_scoped_reads_and_unscoped_models_pass(source):
    assert violations(source, {"Organisation", "Person"}) == []


def test_the_project_has_no_unscoped_reads_in_views():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_scoped_access.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no unscoped reads" in result.stdout
