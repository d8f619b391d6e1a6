"""Load test: 300 education settings submit their Section 175/157 returns in the same hour.

    python bench/audit_returns_load.py [--settings 300] [--workers 8] [--database sqlite,postgres]

For each database (a fresh SQLite file; a throwaway PostgreSQL server when
tests/harness/postgres.py can start one) it migrates, invites `--settings` schools to a cycle
of the shipped Section 175/157 framework, gives each school's DSL an API token, starts the real
app with `runserver` on 127.0.0.1, and has `--workers` threads each submit a share of the
returns through the API (start, answer every question, submit: three requests a return, each
with a timeout and no retries). It then checks in the database that every school has exactly
one submitted return with every question answered, and prints requests/s, p50/p95 latency
and failures. Exits 1 if anything was lost or failed. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loopback  # bench/loopback.py, beside this script

PYTHON = loopback.PYTHON
REQUEST_TIMEOUT = 60


# -- Steps run inside the database's own process (Django set up once per database) ----------


def _django(database_url: str) -> None:
    os.environ.update(loopback.env(database_url))
    sys.path.insert(0, str(loopback.REPO_DIR / "src"))
    import django

    django.setup()


def prepare(count: int) -> dict[str, Any]:
    """Schools, their DSLs with API tokens, the framework and the cycle inviting them all."""
    import datetime

    import pyotp

    from masa.accounts.models import (
        Engagement,
        Membership,
        Organisation,
        OrganisationKind,
        Person,
        TotpDevice,
    )
    from masa.accounts.services import api_token_create
    from masa.audits import frameworks, services
    from masa.audits.models import Lineage, Question
    from masa.core.roles import Role
    from masa.partnership.models import Partnership

    partnership = Partnership.objects.create(name="Loadshire Partnership", short_name="LSCP")
    schools = Organisation.objects.bulk_create(
        Organisation(
            name=f"Load School {i:03d}", kind=OrganisationKind.EDUCATION, setting_type="maintained"
        )
        for i in range(count)
    )
    Engagement.objects.bulk_create(
        Engagement(partnership=partnership, organisation=s) for s in schools
    )
    people = Person.objects.bulk_create(
        Person(email=f"dsl{i:03d}@load.invalid", full_name=f"DSL {i:03d}", password="!")  # noqa: S106 (an unusable password)
        for i in range(count)
    )
    TotpDevice.objects.bulk_create(
        TotpDevice(person=p, secret=pyotp.random_base32(), confirmed=True) for p in people
    )
    Membership.objects.bulk_create(
        Membership(
            person=p,
            organisation=s,
            partnership=partnership,
            role=Role.EDUCATION_DSL,
            started_on=datetime.date(2016, 9, 1),
        )
        for p, s in zip(people, schools, strict=True)
    )
    framework = frameworks.install(
        actor=None, partnership=partnership, which=Lineage.SECTION_175_157
    )
    version = framework.versions.get()
    cycle = services.cycle_create(
        actor=None,
        partnership=partnership,
        version=version,
        title="Section 175/157 load test",
        opens_on=datetime.date(2016, 9, 5),
        deadline=datetime.date(2099, 12, 16),
        organisations=schools,
    )
    invitations = dict(cycle.invitations.values_list("organisation_id", "pk"))
    questions = list(
        Question.objects.filter(substandard__standard__version=version).values_list("pk", "kind")
    )
    jobs = []
    for person, school in zip(people, schools, strict=True):
        person = Person.objects.get(pk=person.pk)
        _, token = api_token_create(actor=person, name="load test")
        jobs.append({"token": token, "invitation": invitations[school.pk]})
    return {"cycle": cycle.pk, "jobs": jobs, "questions": questions}


def verify(cycle_id: int, count: int, questions: int) -> list[str]:
    """Every invited school has exactly one submitted return with every question answered."""
    from django.db.models import Count, Q

    from masa.audits.models import AuditInvitation, AuditReturn

    problems = []
    invitations = AuditInvitation.objects.filter(cycle_id=cycle_id)
    if invitations.count() != count:
        problems.append(f"{invitations.count()} invitations, expected {count}")
    missing = invitations.filter(
        Q(audit_return__isnull=True) | ~Q(audit_return__status="submitted")
    ).count()
    if missing:
        problems.append(f"{missing} invitations without a submitted return")
    returns = AuditReturn.objects.filter(cycle_id=cycle_id).annotate(
        answered=Count(
            "answers", filter=Q(answers__grade__gt="") | Q(answers__yes_no__isnull=False)
        )
    )
    if returns.count() != count:
        problems.append(f"{returns.count()} returns, expected exactly {count}")
    incomplete = [r.pk for r in returns if r.answered != questions]
    if incomplete:
        problems.append(f"{len(incomplete)} returns missing answers (e.g. {incomplete[:5]})")
    duplicates = (
        AuditReturn.objects.filter(cycle_id=cycle_id)
        .values("organisation")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if duplicates:
        problems.append(f"{duplicates} schools with more than one return")
    return problems


def child(argv: list[str]) -> int:
    """`--child prepare|verify DATABASE_URL ...`: one step in a process of its own."""
    step, database_url, payload = argv[0], argv[1], json.loads(argv[2])
    _django(database_url)
    if step == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(json.dumps({}))
    elif step == "prepare":
        print(json.dumps(prepare(payload["count"])))
    else:
        print(json.dumps(verify(payload["cycle"], payload["count"], payload["questions"])))
    return 0


def _step(step: str, database_url: str, payload: dict[str, Any]) -> Any:
    result = subprocess.run(  # noqa: S603 (this script, fixed arguments)
        [PYTHON, __file__, "--child", step, database_url, json.dumps(payload)],
        env=loopback.env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{step} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- The load itself ---------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def request(self, base: str, token: str, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            f"{base}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310 (http://127.0.0.1 only)
                answer = json.loads(response.read() or b"{}")
                ok = True
        except urllib.error.HTTPError as error:
            answer, ok = {"status": error.code, "body": error.read()[:300].decode()}, False
        except OSError as error:
            answer, ok = {"error": type(error).__name__}, False
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies.append(elapsed)
            if not ok:
                self.failures.append(f"{method} {path}: {answer}")
        return answer if ok else None


def submit_one(recorder: Recorder, base: str, job: dict[str, Any], questions: list) -> None:
    created = recorder.request(
        base, job["token"], "POST", "/api/v1/audits/returns/", {"invitation": job["invitation"]}
    )
    if created is None:
        return
    answers = [
        {"question": pk, "grade": "green"} if kind == "graded" else {"question": pk, "yes_no": True}
        for pk, kind in questions
    ]
    path = f"/api/v1/audits/returns/{created['id']}/"
    if (
        recorder.request(
            base, job["token"], "PATCH", path, {"answers": answers, "overall_grade": "green"}
        )
        is None
    ):
        return
    recorder.request(base, job["token"], "POST", f"{path}submit/")


def run_against(database_url: str, label: str, count: int, workers: int) -> bool:
    _step("migrate", database_url, {})
    prepared = _step("prepare", database_url, {"count": count})
    port = loopback.free_port()
    command = loopback.runserver_command(port)
    with loopback.serving(command, loopback.env(database_url), port) as (base, _server):
        recorder = Recorder()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for job in prepared["jobs"]:
                pool.submit(submit_one, recorder, base, job, prepared["questions"])
        elapsed = time.perf_counter() - started
    problems = _step(
        "verify",
        database_url,
        {"cycle": prepared["cycle"], "count": count, "questions": len(prepared["questions"])},
    )
    latencies = sorted(recorder.latencies)
    p95 = loopback.percentile(latencies, 0.95)
    print(
        f"{label}: {count} returns, {len(latencies)} requests in {elapsed:.1f} s "
        f"({len(latencies) / elapsed:.1f} requests/s) with {workers} workers; "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
        f"{len(recorder.failures)} failures"
    )
    for failure in recorder.failures[:10]:
        print(f"  failure: {failure}")
    for problem in problems:
        print(f"  LOST: {problem}")
    if not problems and not recorder.failures:
        print(f"  every one of the {count} returns was saved exactly once with all its answers")
    return not problems and not recorder.failures


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", type=int, default=300)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--database", default="sqlite,postgres")
    args = parser.parse_args(argv)
    ok = True
    wanted = {name.strip() for name in args.database.split(",")}
    if "sqlite" in wanted:
        with loopback.sqlite_database() as url:
            ok &= run_against(url, "SQLite", args.settings, args.workers)
    if "postgres" in wanted:
        try:
            with loopback.postgres_database() as url:
                ok &= run_against(url, "PostgreSQL", args.settings, args.workers)
        except loopback.POSTGRES_UNAVAILABLE as error:
            print(f"PostgreSQL: not run ({error})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
