"""Load test (SECURITY.md T23): 50 people using MASA at once on 2 cores, on loopback, bounded.

    python bench/load_users.py [--users 50] [--seconds 60] [--database sqlite,postgres]
    python bench/load_users.py --seconds 1800 --database sqlite     # the 30-minute soak

For each database (a fresh SQLite file; a throwaway PostgreSQL server when
tests/harness/postgres.py can start one) it migrates, runs `masa load-demo` (and
`masa import-dfe ../shared/data` when that directory is there), starts MASA under gunicorn on
127.0.0.1 (3 sync workers by default), and lets `--users` simulated people loose on it:

- each signs in as one of the demo personas (spread round-robin over all 15) through the real
  two-step sign-in: the sign-in page, the password, then a one-time code computed from the
  persona's authenticator key. A code is accepted once per 30-second step, and the server
  accepts the steps either side of the current one, so the people sharing a persona take
  consecutive steps, one at a time (a fourth waits for the clock). Nobody fails a sign-in, so
  the throttle of T3 (10 *failed* sign-ins an account per 5 minutes and an address a minute)
  is never reached; a rejected code would count towards it, and is reported as an error.
  People start 0.5 s apart; browsing starts, and is measured, once everyone has signed in;
- then each browses with think time (`--think`, 1 to 3 s by default): a section of their own
  navigation (home, meetings, business plan, risks, challenges, cases, reviews, performance,
  audits, assurance...), often a record listed there and sometimes one listed on that, now and
  then the API list behind the section; and on a business plan action they may report
  progress, now and then a progress update is saved (a POST through the page's own form).

Bounded: it stops after `--seconds` or `--max-requests` (default 50 a second of the run),
whichever comes first; every request has a `--timeout`; no request is retried; only
127.0.0.1 is used. It prints p50/p95 by page, overall p95, requests/s, 5xx and other errors,
and the server's resident memory (gunicorn's master and workers, VmRSS from /proc every
`--sample-every` seconds) with its growth. Exits 1 if p95 ≥ 800 ms, any answer was a 5xx, or
someone could not sign in.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loopback  # bench/loopback.py, beside this script

SETTINGS = "masa.config.settings.local"  # make demo's: DEBUG off, argon2, cookies over HTTP
DFE_DATA = loopback.REPO_DIR.parent / "shared" / "data"
P95_LIMIT = 0.800
TOTP_STEP = 30
TOTP_MARGIN = 5  # seconds: never send a code that could expire on the way
# People sharing a persona wait for its next one-time code: 4 people a persona take ≤ 60 s.
SIGN_IN_PHASE_LIMIT = 120

# The API list behind each section of the navigation (GET, signed in by the session).
API_FOR_SECTION = {
    "/organisations/": "/api/v1/organisations/",
    "/people/": "/api/v1/people/",
    "/budgets/": "/api/v1/budgets/",
    "/meetings/": "/api/v1/meetings/",
    "/arrangements/drafts/": "/api/v1/arrangement-drafts/",
    "/groups/": "/api/v1/groups/",
    "/agencies/": "/api/v1/agency-register/",
    "/business-plan/": "/api/v1/plan-actions/",
    "/risks/": "/api/v1/risks/",
    "/challenges/": "/api/v1/challenges/",
    "/cases/": "/api/v1/cases/",
    "/learning/reviews/": "/api/v1/reviews/",
    "/performance/": "/api/v1/indicators/",
    "/audits/": "/api/v1/audits/cycles/",
    "/assurance/": "/api/v1/assurance-reports/",
}
# Links a person browsing does not follow: downloads, exports, PDFs, forms that add or change
# things, signing in and out, the API (asked for separately).
NOT_FOLLOWED = re.compile(
    r"export|download|/files/|/evidence/|\.pdf|\.csv|sign-out|sign-in|/change|/edit|/add"
    r"|/new|/raise|/start|/remind|/upload|/remove|/progress/|/options/|/demo/|/account/|/pdf"
    r"|/respond/|/reassess/"
    r"|^/api/|^/static/|^/healthz|^/$"
)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HREF = re.compile(r'href="(/[^"#]*)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
OPTION = re.compile(r"<option\b([^>]*)>", re.I)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S | re.I)


def label_for(method: str, path: str) -> str:
    """`GET /meetings/<id>/`: a page's name, whichever record it shows."""
    path = path.split("?", 1)[0]
    path = re.sub(r"/\d+(?=/|$)", "/<id>", path)
    path = re.sub(r"^/performance/indicators/[^/]+/", "/performance/indicators/<code>/", path)
    return f"{method} {path}"


# -- What was seen -------------------------------------------------------------------------


@dataclass
class Phase:
    """The requests of one phase of the run: signing in, or browsing (the one measured)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    other_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def every(self) -> list[float]:
        return sorted(x for values in self.latencies.values() for x in values)


@dataclass
class Recorder:
    max_requests: int
    deadline: float = float("inf")  # set when everyone has signed in and browsing starts
    stop: threading.Event = field(default_factory=threading.Event)
    browsing: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    signing_in: Phase = field(default_factory=Phase)
    measured: Phase = field(default_factory=Phase)
    examples: list[str] = field(default_factory=list)
    count: int = 0
    posts_saved: int = 0
    signed_in: int = 0
    sign_in_failures: int = 0

    def may_send(self) -> bool:
        with self.lock:
            if self.count >= self.max_requests or time.monotonic() >= self.deadline:
                self.stop.set()
            if self.stop.is_set():
                return False
            self.count += 1
            return True

    def note(self, label: str, status: int | None, elapsed: float, problem: str = "") -> None:
        """One request: its latency, and whether it failed (`problem` says how)."""
        with self.lock:
            phase = self.measured if self.browsing.is_set() else self.signing_in
            phase.latencies[label].append(elapsed)
            if status is not None and status >= 500:
                phase.server_errors[label] += 1
            elif status is None or status >= 400:
                phase.other_errors[label] += 1
            else:
                return
            if len(self.examples) < 20:
                self.examples.append(f"{label}: {problem or status}")


class Stopped(Exception):
    """The run is over (time or request cap): the person stops where they are."""


# -- One person's browser ------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: str
    location: str


class Browser:
    """Cookies, forms and redirects, one connection a request, every request timed."""

    def __init__(self, port: int, recorder: Recorder, timeout: float, who: str = "") -> None:
        self.port, self.recorder, self.timeout, self.who = port, recorder, timeout, who
        self.cookies: dict[str, str] = {}
        self.page = ""  # the last page shown, to say where a failing link was

    def send(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer | None:
        if not self.recorder.may_send():
            raise Stopped
        label = label_for(method, path)
        headers = {
            "Host": f"{loopback.HOST}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Connection": "close",
            **(headers or {}),
        }
        started = time.perf_counter()
        connection = http.client.HTTPConnection(loopback.HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except OSError as error:  # timeouts and refused or reset connections
            self.recorder.note(label, None, time.perf_counter() - started, type(error).__name__)
            return None
        finally:
            connection.close()
        title = TITLE.search(text) if response.status >= 400 else None
        self.recorder.note(
            label,
            response.status,
            time.perf_counter() - started,
            f"{response.status} {title.group(1).strip()[:60] if title else ''} "
            f"({self.who}, from {self.page})",
        )
        if method == "GET" and response.status == 200:
            self.page = path
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in ("", '""') or "max-age=0" in value.lower():
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        return Answer(response.status, text, response.getheader("Location") or "")

    def get(self, path: str, *, follow: bool = True) -> Answer | None:
        answer = self.send("GET", path)
        hops = 0
        while follow and answer is not None and answer.status in (301, 302, 303) and hops < 5:
            answer = self.send("GET", urllib.parse.urlsplit(answer.location).path or "/")
            hops += 1
        return answer

    def post_form(self, path: str, fields: dict[str, str]) -> Answer | None:
        answer = self.send(
            "POST",
            path,
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if answer is not None and answer.status in (301, 302, 303):
            return self.get(urllib.parse.urlsplit(answer.location).path or "/")
        return answer


def form_fields(form_html: str) -> dict[str, str]:
    """What a browser would submit untouched: inputs, the selected options, textareas."""
    fields: dict[str, str] = {}
    for attrs in INPUT.findall(form_html):
        a = dict(ATTRIBUTE.findall(attrs))
        kind, name = a.get("type", "text").lower(), a.get("name")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("radio", "checkbox") and "checked" not in attrs:
            continue
        fields[name] = unescape(a.get("value", ""))
    for attrs, options in SELECT.findall(form_html):
        name = dict(ATTRIBUTE.findall(attrs)).get("name")
        values = [
            dict(ATTRIBUTE.findall(o)) | {"selected": "selected" in o}
            for o in OPTION.findall(options)
        ]
        chosen = next((v for v in values if v["selected"]), values[0] if values else None)
        if name and chosen is not None:
            fields[name] = unescape(chosen.get("value", ""))
    for attrs, text in TEXTAREA.findall(form_html):
        name = dict(ATTRIBUTE.findall(attrs)).get("name")
        if name:
            fields[name] = unescape(text.strip())
    return fields


def find_form(page: str, action_ending: str) -> tuple[str, dict[str, str]] | None:
    for attrs, inner in FORM.findall(page):
        action = dict(ATTRIBUTE.findall(attrs)).get("action", "")
        if action.endswith(action_ending):
            return unescape(action), form_fields(inner)
    return None


# -- Signing in: the personas' one-time codes ----------------------------------------------


class Authenticator:
    """A persona's authenticator app, shared by everyone signing in as that persona: each
    code is used once, for the earliest step the server still accepts, and only one person
    at a time is between taking a code and the server's answer."""

    def __init__(self, secret: str) -> None:
        import pyotp

        self.totp = pyotp.TOTP(secret)
        self.lock = threading.Lock()
        self.last_step = 0

    def code(self, stop: threading.Event) -> str:
        """Called with self.lock held. Waits (≤ 30 s) if the next usable step is not yet in the
        server's window; raises Stopped if the run ends meanwhile."""
        while True:
            now = time.time()
            current = int(now // TOTP_STEP)
            step = max(self.last_step + 1, current - 1)
            if now + TOTP_MARGIN >= (step + 2) * TOTP_STEP:
                step += 1  # the previous step would leave the server's window on the way
            if step <= current + 1 and now >= (step - 1) * TOTP_STEP:
                self.last_step = step
                return self.totp.at(step * TOTP_STEP)
            if stop.wait(min((step - 1) * TOTP_STEP - now + 0.1, TOTP_STEP)):
                raise Stopped


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(browser: Browser, persona: dict[str, Any], authenticator: Authenticator) -> bool:
    page = browser.get("/sign-in/")
    token = CSRF.search(page.body) if page else None
    if token is None:
        return False
    answer = browser.send(
        "POST",
        "/sign-in/",
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "email": persona["email"],
                "password": persona["password"],
            }
        ).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if answer is None or answer.status != 302 or "second-factor" not in answer.location:
        return False
    page = browser.get("/sign-in/second-factor/")
    token = CSRF.search(page.body) if page else None
    if token is None:
        return False
    with authenticator.lock:
        code = authenticator.code(browser.recorder.stop)
        answer = browser.send(
            "POST",
            "/sign-in/second-factor/",
            urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "code": code}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
    return answer is not None and answer.status == 302 and "sign-in" not in answer.location


# -- One person's session ------------------------------------------------------------------


def links_on(page: str, exclude: set[str]) -> list[str]:
    found = {unescape(href) for href in HREF.findall(page)}
    return sorted(href for href in found if href not in exclude and not NOT_FOLLOWED.search(href))


def person(
    number: int,
    port: int,
    persona: dict[str, Any],
    authenticator: Authenticator,
    recorder: Recorder,
    options: argparse.Namespace,
) -> None:
    chance = random.Random(number)
    browser = Browser(port, recorder, options.timeout, persona["email"])

    def think() -> None:
        if recorder.stop.wait(chance.uniform(*options.think)):
            raise Stopped

    try:
        if recorder.stop.wait(number * options.ramp):
            return
        if not sign_in(browser, persona, authenticator):
            with recorder.lock:
                recorder.sign_in_failures += 1
            return
        home = browser.get("/home/")
        with recorder.lock:
            recorder.signed_in += 1
        if home is None or home.status != 200:
            return
        navigation = [href for href in HREF.findall(home.body) if href in API_FOR_SECTION]
        sections = ["/home/", *dict.fromkeys(navigation)]
        everywhere = {"/", "/home/", *sections}
        recorder.browsing.wait()  # until everyone has signed in (or the run has ended)
        while True:
            think()
            section = chance.choice(sections)
            if section in API_FOR_SECTION and chance.random() < 0.15:
                browser.get(API_FOR_SECTION[section] + "?page=1")
                continue
            page = browser.get(section)
            for _depth in range(2):
                if page is None or page.status != 200 or chance.random() < 0.4:
                    break
                links = links_on(page.body, everywhere)
                if not links:
                    break
                think()
                path = chance.choice(links)
                page = browser.get(path)
                if page is not None and chance.random() < options.post_chance:
                    save_progress(browser, page, think)
    except Stopped:
        return


def save_progress(browser: Browser, page: Answer, think: Any) -> None:
    """On a business plan action whose progress the person may report: report it."""
    found = find_form(page.body, "/progress/")
    if found is None:
        return
    action, fields = found
    today = time.gmtime()
    fields.update(
        {
            "reported_on-day": str(today.tm_mday),
            "reported_on-month": str(today.tm_mon),
            "reported_on-year": str(today.tm_year),
            "rag": "amber",
            "narrative": "Load test: the task group met and agreed the next steps.",
        }
    )
    think()
    answer = browser.post_form(action, fields)
    if answer is not None and answer.status == 200 and "has been added" in answer.body:
        with browser.recorder.lock:
            browser.recorder.posts_saved += 1


# -- The server's memory -------------------------------------------------------------------


def sample_memory(pid: int, every: float, stop: threading.Event, samples: list) -> None:
    started = time.monotonic()
    while True:
        pids = loopback.process_tree(pid)
        sizes = [loopback.rss_kib(p) or 0 for p in pids]
        cpu = sum(loopback.cpu_seconds(p) for p in pids)
        load = float(loopback.load_average().split()[0])
        samples.append((time.monotonic() - started, sum(sizes), len(pids), cpu, load))
        if stop.wait(every):
            return


# -- Preparing the database, running, reporting --------------------------------------------


def manage(database_url: str, *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [loopback.PYTHON, "-m", "masa.manage", *arguments],
        env=loopback.env(database_url, SETTINGS),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"masa {arguments[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def personas(database_url: str) -> list[dict[str, Any]]:
    """The demo personas with their authenticator keys (a step in a process of its own)."""
    result = subprocess.run(  # noqa: S603 (this script, fixed arguments)
        [loopback.PYTHON, __file__, "--child-personas"],
        env=loopback.env(database_url, SETTINGS),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"reading the personas failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_personas() -> int:
    import django

    sys.path.insert(0, str(loopback.REPO_DIR / "src"))
    django.setup()
    from masa.partnership.demo import DEMO_PASSWORD, Partnership, summarise

    partnership = Partnership.objects.get(name="Somerset Safeguarding Children Partnership")
    rows = [
        {"email": p.email, "password": DEMO_PASSWORD, "key": p.authenticator_key, "roles": p.roles}
        for p in summarise(partnership).personas
        if p.authenticator_key
    ]
    print(json.dumps(rows))
    return 0


def prepare(database_url: str, label: str, options: argparse.Namespace) -> list[dict[str, Any]]:
    started = time.perf_counter()
    manage(database_url, "migrate", "--verbosity", "0")
    manage(database_url, "load-demo")
    imported = ""
    if options.dfe and DFE_DATA.is_dir():
        manage(database_url, "import-dfe", str(DFE_DATA))
        imported = f" and {DFE_DATA.name}/ imported"
    print(
        f"{label}: migrated, demo loaded{imported} in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return personas(database_url)


def run_against(database_url: str, label: str, options: argparse.Namespace) -> bool:
    cast = prepare(database_url, label, options)
    port = loopback.free_port()
    command = loopback.gunicorn_command(
        port, options.workers, options.threads, int(options.timeout) + 5
    )
    with loopback.serving(
        command, loopback.env(database_url, SETTINGS), port, ready_path="/healthz"
    ) as (_base, server):
        authenticators = {p["email"]: Authenticator(p["key"]) for p in cast}
        recorder = Recorder(max_requests=options.max_requests)
        memory: list[tuple[float, int, int, float, float]] = []
        sampler = threading.Thread(
            target=sample_memory,
            args=(server.pid, options.sample_every, recorder.stop, memory),
            daemon=True,
        )
        sign_in_started = time.monotonic()
        sampler.start()
        people = [
            threading.Thread(
                target=person,
                args=(
                    n,
                    port,
                    cast[n % len(cast)],
                    authenticators[cast[n % len(cast)]["email"]],
                    recorder,
                    options,
                ),
                daemon=True,
            )
            for n in range(options.users)
        ]
        for thread in people:
            thread.start()
        # Signing in: everyone, or SIGN_IN_PHASE_LIMIT seconds, whichever comes first.
        while recorder.signed_in + recorder.sign_in_failures < options.users:
            if time.monotonic() - sign_in_started > SIGN_IN_PHASE_LIMIT or recorder.stop.wait(0.2):
                break
        signing_in_took = time.monotonic() - sign_in_started
        memory_from = len(memory)
        load_before = loopback.load_average()
        started = time.monotonic()
        client_cpu = time.process_time()
        with recorder.lock:
            recorder.deadline = started + options.seconds
        recorder.browsing.set()
        while not recorder.stop.wait(0.5):
            if time.monotonic() >= recorder.deadline:
                recorder.stop.set()
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_cpu
        for thread in people:
            thread.join(timeout=options.timeout + 5)
        sampler.join(timeout=5)
        load_after = loopback.load_average()
    print(
        f"\n{label}: {recorder.signed_in} of {options.users} people signed in in "
        f"{signing_in_took:.0f} s, {recorder.sign_in_failures} could not"
    )
    print_phase(recorder.signing_in, signing_in_took, "while signing in")
    memory = memory[max(0, memory_from - 1) :]
    return report(label, recorder, memory, elapsed, (load_before, load_after), client_cpu, options)


def print_phase(phase: Phase, elapsed: float, what: str) -> float:
    every = phase.every()
    p95 = loopback.percentile(every, 0.95)
    print(
        f"  {what}: {len(every)} requests ({len(every) / max(elapsed, 0.001):.1f} requests/s); "
        f"p50 {loopback.percentile(every, 0.5) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {(every[-1] if every else 0) * 1000:.0f} ms; "
        f"{sum(phase.server_errors.values())} 5xx, {sum(phase.other_errors.values())} other errors"
    )
    print("\n  | Page | Requests | p50 (ms) | p95 (ms) | max (ms) | 5xx | other errors |")
    print("  |---|--:|--:|--:|--:|--:|--:|")
    for name in sorted(phase.latencies, key=lambda n: (n.split()[1], n.split()[0])):
        values = sorted(phase.latencies[name])
        print(
            f"  | `{name}` | {len(values)} | {loopback.percentile(values, 0.5) * 1000:.0f} | "
            f"{loopback.percentile(values, 0.95) * 1000:.0f} | {values[-1] * 1000:.0f} | "
            f"{phase.server_errors.get(name, 0)} | {phase.other_errors.get(name, 0)} |"
        )
    print()
    return p95


def report(
    label: str,
    recorder: Recorder,
    memory: list[tuple[float, int, int, float, float]],
    elapsed: float,
    load: tuple[str, str],
    client_cpu: float,
    options: argparse.Namespace,
) -> bool:
    server = (
        f"{options.workers} gthread workers × {options.threads} threads"
        if options.threads > 1
        else f"{options.workers} sync workers"
    )
    print(
        f"{label}: {recorder.signed_in} people browsing for {elapsed:.0f} s on gunicorn "
        f"({server}); think time {options.think[0]:g} to {options.think[1]:g} s; "
        f"load average {load[0]} before, {load[1]} after; "
        f"{recorder.posts_saved} progress updates saved"
    )
    if recorder.count >= options.max_requests:
        print(f"  stopped early by the cap of {options.max_requests} requests (--max-requests)")
    p95 = print_phase(recorder.measured, elapsed, "browsing (measured)")
    for example in recorder.examples:
        print(f"  error: {example}")
    if memory:
        start = memory[0][0]
        first, last = memory[0], memory[-1]
        peak = max(memory, key=lambda sample: sample[1])
        middle = memory[len(memory) // 2]
        print(
            f"  server memory (RSS of gunicorn's {last[2]} processes every "
            f"{options.sample_every:g} s while browsing, {len(memory)} samples): "
            f"first {first[1] / 1024:.0f} MiB, last {last[1] / 1024:.0f} MiB, peak "
            f"{peak[1] / 1024:.0f} MiB; growth first to last {(last[1] - first[1]) / 1024:+.0f} "
            f"MiB, second half {(last[1] - middle[1]) / 1024:+.0f} MiB"
        )
        points = memory[:: max(1, len(memory) // 12)]
        if points[-1] is not last:
            points.append(last)
        series = ", ".join(f"{t - start:.0f}s {kib / 1024:.0f}" for t, kib, *_ in points)
        print(f"  memory (MiB) over time: {series}")
        requests = max(1, len(recorder.measured.every()))
        server_cpu = last[3] - first[3]
        print(
            f"  CPU while browsing: the server {server_cpu:.1f} s ({server_cpu / requests * 1000:.0f}"
            f" ms a request, {server_cpu / (last[0] - first[0] or 1) * 100:.0f}% of one core), "
            f"this client {client_cpu:.1f} s, of {os.cpu_count()} cores × {elapsed:.0f} s; "
            f"1-minute load average {min(m[4] for m in memory):.1f} to "
            f"{max(m[4] for m in memory):.1f} while browsing"
        )
    server_errors = sum(recorder.measured.server_errors.values()) + sum(
        recorder.signing_in.server_errors.values()
    )
    ok = (
        p95 < P95_LIMIT
        and not server_errors
        and not recorder.sign_in_failures
        and bool(recorder.measured.latencies)
    )
    print(
        f"  {'PASS' if ok else 'FAIL'}: browsing p95 {p95 * 1000:.0f} ms (limit "
        f"{P95_LIMIT * 1000:.0f}), {server_errors} 5xx, {recorder.sign_in_failures} failed sign-ins"
    )
    return ok


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    return float(low), float(high or low)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child-personas"]:
        return child_personas()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="how long (default 60)")
    parser.add_argument(
        "--max-requests", type=int, help="hard cap on requests (default 50 × --seconds)"
    )
    parser.add_argument("--timeout", type=float, default=30, help="per request (default 30 s)")
    parser.add_argument("--think", type=_think, default=(1.0, 3.0), help="seconds: 1,3")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds between starts")
    parser.add_argument("--post-chance", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    parser.add_argument("--sample-every", type=float, default=5, help="memory, seconds")
    parser.add_argument("--database", default="sqlite,postgres")
    parser.add_argument("--no-dfe", dest="dfe", action="store_false", help="skip import-dfe")
    args = parser.parse_args(argv)
    if args.max_requests is None:
        args.max_requests = int(50 * args.seconds)
    print(f"{os.cpu_count()} CPUs; load average {loopback.load_average()}", flush=True)
    ok = True
    wanted = {name.strip() for name in args.database.split(",")}
    if "sqlite" in wanted:
        with loopback.sqlite_database() as url:
            ok &= run_against(url, "SQLite", args)
    if "postgres" in wanted:
        try:
            with loopback.postgres_database() as url:
                ok &= run_against(url, "PostgreSQL", args)
        except loopback.POSTGRES_UNAVAILABLE as error:
            print(f"PostgreSQL: not run ({error})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
