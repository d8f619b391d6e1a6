"""`make bench`: queries per page and latency on a scaled partnership.

    python bench/run.py [--scales 1,10] [--repeat 30] [--database sqlite|postgres]

For each scale it generates a partnership (bench/generate.py) in a throwaway database,
requests every main page as a business manager and as an agency safeguarding lead
(bench/measure.py), and finally writes bench/results.json and prints a Markdown table.
It exits 1 if any page's number of queries differs between scales, and fails loudly if any
page answers other than 200. docs/performance.md explains the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parents[1]
RESULTS = REPO_DIR / "bench" / "results.json"


def _scales(text: str) -> list[int]:
    try:
        scales = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            "give whole numbers separated by commas, like 1,10"
        ) from None
    if not scales or scales[0] < 1:
        raise argparse.ArgumentTypeError("give scales of 1 or more, like 1,10")
    return scales


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=_scales, default=[1, 10], help="default: 1,10")
    parser.add_argument(
        "--repeat", type=int, default=30, help="timed requests per page (default: 30)"
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--output", type=Path, default=RESULTS, help="default: bench/results.json")
    return parser.parse_args(argv)


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _git_commit() -> str:
    try:
        found = subprocess.run(  # noqa: S603 (a fixed git command)
            ["git", "-C", str(REPO_DIR), "describe", "--always", "--dirty"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def machine() -> dict[str, Any]:
    import django
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        database_version = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database_version = cursor.fetchone()[0]
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": database_version,
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "commit": _git_commit(),
        "settings": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
    }


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate, reset
    from bench.measure import markdown_tables, measure, query_growth

    started = time.perf_counter()
    load_at_start = os.getloadavg()
    call_command("migrate", interactive=False, verbosity=0)
    by_scale: dict[int, Any] = {}
    generated: dict[str, Any] = {}
    for scale in args.scales:
        reset()
        began = time.perf_counter()
        ids = generate(scale)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum would have done by now
                cursor.execute("ANALYZE")
        took = time.perf_counter() - began
        volumes = ids["volumes"]
        print(
            f"Scale {scale}: {volumes['organisations_in_partnership']} organisations and "
            f"{volumes['people_in_partnership']} people in the partnership "
            f"({volumes['organisations']} organisations, {volumes['people']} people in all), "
            f"generated in {took:.1f} s; measuring...",
            flush=True,
        )
        generated[str(scale)] = {**ids, "generate_seconds": round(took, 2)}
        by_scale[scale] = measure(ids, repeat=args.repeat)
    reset()

    growth = query_growth(by_scale)
    report = {
        # Other work on the machine shows in the latencies (not in the query counts).
        "machine": {
            **machine(),
            "load_average_at_start": [round(n, 2) for n in load_at_start],
            "load_average_at_end": [round(n, 2) for n in os.getloadavg()],
        },
        "repeat": args.repeat,
        "scales": args.scales,
        "generated": generated,
        "results": {str(scale): results for scale, results in by_scale.items()},
        "query_growth": growth,
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")

    info = report["machine"]
    print()
    print(
        f"MASA benchmark, {info['date']}: {info['database']} {info['database_version']}, "
        f"Python {info['python']}, Django {info['django']}, {info['cpu_count']} CPUs "
        f"({info['cpu']}), {args.repeat} timed requests per page; load average "
        f"{info['load_average_at_start'][0]} at the start, {info['load_average_at_end'][0]} at the end"
    )
    print()
    print(markdown_tables(by_scale))
    print(f"Wrote {args.output} in {report['seconds']} s.")
    if growth:
        print("\nQueries per page differ between scales:", file=sys.stderr)
        for line in growth:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("Queries per page are the same at every scale.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.repeat < 1:
        sys.exit("--repeat must be 1 or more")
    sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masa.config.settings.test")
    with contextlib.ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="masa-bench-"))
        if args.database == "postgres":
            from tests.harness.postgres import postgres_server

            os.environ["DATABASE_URL"] = stack.enter_context(postgres_server())
        else:
            # The settings' own SQLite configuration (WAL and all), in a throwaway directory.
            os.environ.pop("DATABASE_URL", None)
            os.environ["MASA_VAR_DIR"] = workdir

        # WhiteNoise serves /static/ from the finders here; STATIC_ROOT need not exist.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        import django

        django.setup()
        from django.db import connections

        stack.callback(connections.close_all)  # before the PostgreSQL server stops
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
