"""How long `masa import-dfe` takes on the real files, first run and re-run.

    python bench/import_dfe.py [DIR] [--database sqlite|postgres]

DIR defaults to ../shared/data beside the repository. Imports into a throwaway database (as
bench/run.py sets one up), then imports again, and prints the seconds each run took, the rows
in each table and the per-file summaries of both runs. Exits 1 if the second run added or
changed anything (the import must be idempotent).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]


def run(directory: Path) -> int:
    from django.core.management import call_command
    from django.db import connection

    from masa.performance.dfe_import import count_rows, import_directory

    call_command("migrate", interactive=False, verbosity=0)
    print(f"Database: {connection.vendor}; data: {directory}; {os.cpu_count()} CPUs")
    changed_on_rerun = 0
    for attempt in ("first import", "re-import"):
        began = time.perf_counter()
        summaries = import_directory(directory, out=io.StringIO())
        took = time.perf_counter() - began
        print(f"\n{attempt}: {took:.1f} s")
        for summary in summaries:
            print(f"  {summary.line()}")
        if attempt == "re-import":
            changed_on_rerun = sum(s.added + s.changed for s in summaries)
    print("\nRows:", ", ".join(f"{name} {n}" for name, n in count_rows().items()))
    if changed_on_rerun:
        print(f"The re-import added or changed {changed_on_rerun} rows.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=REPO_DIR.parent / "shared/data")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masa.config.settings.test")
    with contextlib.ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="masa-bench-"))
        if args.database == "postgres":
            from tests.harness.postgres import postgres_server

            os.environ["DATABASE_URL"] = stack.enter_context(postgres_server())
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["MASA_VAR_DIR"] = workdir
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        import django

        django.setup()
        from django.db import connections

        stack.callback(connections.close_all)
        return run(args.directory.resolve())


if __name__ == "__main__":
    sys.exit(main())
