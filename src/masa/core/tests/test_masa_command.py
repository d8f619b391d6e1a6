import subprocess
import sys


def test_the_masa_command_accepts_hyphenated_command_names():
    result = subprocess.run(
        [sys.executable, "-c", "from masa.manage import main; main()", "verify-audit", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "hash chain" in result.stdout
