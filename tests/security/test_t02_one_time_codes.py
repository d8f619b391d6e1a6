"""SECURITY.md T2: a one-time code works once, across all server processes.

MASA claims a code with one conditional UPDATE of the device's last used time step, in the
database every process shares (there is no per-process cache involved), so the test starts
two real server processes on one database file and offers both the same code at once.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyotp
from django.test import Client

from masa.accounts.tests.factories import PASSWORD

START_TIMEOUT = 30
REQUEST_TIMEOUT = 15
WRONG_CODE = b"The code is not correct"
_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

SEED = """
import os
from masa.accounts.models import Person, TotpDevice
person = Person.objects.create_user(
    email=os.environ["SEED_EMAIL"], password=os.environ["SEED_PASSWORD"], full_name="Two Servers"
)
TotpDevice.objects.create(person=person, secret=os.environ["SEED_SECRET"], confirmed=True)
"""


def test_a_code_is_refused_the_second_time_it_is_offered(cast, password_only_client):
    person = cast.practitioner
    code = pyotp.TOTP(person.totp_device.secret).now()
    first = password_only_client(person)
    assert first.post("/sign-in/second-factor/", {"code": code})["Location"] == "/home/"
    second = password_only_client(person, Client())
    response = second.post("/sign-in/second-factor/", {"code": code})
    assert response.status_code == 200
    assert WRONG_CODE in response.content
    assert second.get("/home/").status_code == 302


def _masa_command() -> list[str]:
    script = Path(sys.executable).with_name("masa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "masa.manage"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Answer:
    status: int
    location: str
    body: bytes


class Browser:
    """One browser: its own cookie jar, talking to one server, following no redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 (loopback)
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Answer(
                    response.status, response.headers.get("Location", ""), response.read()
                )
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers.get("Location", ""), error.read())

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        """GET the page, then POST its form with the CSRF token it carries."""
        page = self.request(path)
        assert page.status == 200, (path, page.status)
        token = _CSRF_INPUT.search(page.body)
        assert token, f"no CSRF token on {path}"
        return self.request(path, {"csrfmiddlewaretoken": token.group(1).decode(), **fields})


def _wait_until_serving(process: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped at start:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within {START_TIMEOUT}s:\n{log.read_text()}")


def test_a_code_works_once_across_two_server_processes(tmp_path):
    """Both servers use one SQLite file in tmp_path, MASA's own SQLite set-up (MASA_VAR_DIR,
    no DATABASE_URL): its transactions take the write lock at BEGIN and wait for each other.
    (A DATABASE_URL of sqlite:// loses those options, and the second writer can then fail
    with "database is locked": a configuration fault reported separately.)"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masa.config.settings.test",
        "MASA_VAR_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "SEED_EMAIL": "two.servers@example.org",
        "SEED_PASSWORD": PASSWORD,
        "SEED_SECRET": pyotp.random_base32(),
    }
    env.pop("DATABASE_URL", None)  # the PostgreSQL harness sets one for the test process
    masa = _masa_command()
    subprocess.run([*masa, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run([*masa, "shell", "-c", SEED], env=env, check=True, timeout=60)
    assert (tmp_path / "masa.sqlite3").is_file()

    servers: list[tuple[subprocess.Popen, str, Path]] = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"server-{name}.log"
            with log.open("w") as out:
                process = subprocess.Popen(
                    [*masa, "runserver", f"127.0.0.1:{port}", "--noreload"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            servers.append((process, f"http://127.0.0.1:{port}", log))
        for process, base, log in servers:
            _wait_until_serving(process, base, log)

        browsers = [Browser(base) for _, base, _ in servers]
        for browser in browsers:
            answer = browser.post_form(
                "/sign-in/", {"email": env["SEED_EMAIL"], "password": PASSWORD}
            )
            assert (answer.status, answer.location) == (302, "/sign-in/second-factor/")
        pages = [browser.request("/sign-in/second-factor/") for browser in browsers]
        tokens = [_CSRF_INPUT.search(page.body).group(1).decode() for page in pages]  # type: ignore[union-attr]

        code = pyotp.TOTP(env["SEED_SECRET"]).now()
        start = threading.Barrier(2, timeout=REQUEST_TIMEOUT)
        answers: list[Answer | None] = [None, None]

        def offer(index: int) -> None:
            start.wait()
            answers[index] = browsers[index].request(
                "/sign-in/second-factor/", {"csrfmiddlewaretoken": tokens[index], "code": code}
            )

        threads = [threading.Thread(target=offer, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT * 2)
        assert all(answer is not None for answer in answers), "a server did not answer"

        accepted = [a for a in answers if a and (a.status, a.location) == (302, "/home/")]
        refused = [a for a in answers if a and a.status == 200 and WRONG_CODE in a.body]
        assert (len(accepted), len(refused)) == (1, 1), [
            (a.status, a.location) for a in answers if a
        ]
        # Each browser is where its answer says: one signed in, the other not.
        at_home = [browser.request("/home/").status for browser in browsers]
        assert sorted(at_home) == [200, 302]
    finally:
        for process, _, _ in servers:
            process.terminate()
        for process, _, _ in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
