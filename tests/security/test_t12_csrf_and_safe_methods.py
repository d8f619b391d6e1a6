"""SECURITY.md T12: every state change needs a CSRF token; GET (and HEAD, OPTIONS) never
changes state.

The database checksum covers every table, with two exceptions and one column left out:
- django_session: visiting pages legitimately writes sessions (the last-seen time behind
  the idle timeout, a new CSRF-bearing session); sessions are not business state.
- the audit trail: reads of restricted records and refused requests are *meant* to be
  recorded (T15), so instead of being left out it is checked separately: a crawl may only add
  `*.read` and `access.denied` events.
- accounts_apitoken.last_used_at: a token's owner is shown when it was last used, so an
  API GET records that (at most once a minute).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pyotp
import pytest
from django.db import connection
from django.test import Client

from masa.accounts.models import ApiToken, Organisation, RecoveryCode, SignInAttempt, TotpDevice
from masa.accounts.services import api_token_create, recovery_codes_regenerate
from masa.accounts.tests.factories import PASSWORD, make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role

CSRF_REFUSAL = b"Your form could not be sent"
SKIPPED_TABLES = {"django_session", AuditEvent._meta.db_table}
SKIPPED_COLUMNS = {ApiToken._meta.db_table: {"last_used_at"}}
UNSAFE_METHODS = ("post", "put", "patch", "delete")


def database_checksums() -> dict[str, str]:
    """A checksum of every table's contents, by table."""
    checksums = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in SKIPPED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from the schema)
            columns = [column[0] for column in cursor.description]
            kept = [i for i, c in enumerate(columns) if c not in SKIPPED_COLUMNS.get(table, ())]
            rows = sorted(repr(tuple(row[i] for i in kept)) for row in cursor.fetchall())
            checksums[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return checksums


def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def token_on(client: Client, page: str, csrf_token_of: Callable) -> str:
    response = client.get(page)
    assert response.status_code == 200, page
    return csrf_token_of(response)


def refused(response) -> bool:
    return response.status_code == 403 and CSRF_REFUSAL in response.content


def test_signing_in_needs_the_token(cast, csrf_token_of):
    client = strict_client()
    data = {"email": cast.practitioner.email, "password": PASSWORD}
    assert refused(client.post("/sign-in/", data))
    assert client.get("/sign-in/second-factor/")["Location"] == "/sign-in/"
    assert not SignInAttempt.objects.exists()

    data["csrfmiddlewaretoken"] = token_on(client, "/sign-in/", csrf_token_of)
    assert client.post("/sign-in/", data)["Location"] == "/sign-in/second-factor/"


def _pending_strict_client(person, csrf_token_of) -> Client:
    client = strict_client()
    token = token_on(client, "/sign-in/", csrf_token_of)
    data = {"email": person.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/sign-in/", data).status_code == 302
    return client


def test_the_second_step_needs_the_token_and_the_code_is_not_spent(cast, csrf_token_of):
    person = cast.practitioner
    client = _pending_strict_client(person, csrf_token_of)
    code = pyotp.TOTP(person.totp_device.secret).now()
    assert refused(client.post("/sign-in/second-factor/", {"code": code}))
    assert TotpDevice.objects.get(person=person).last_used_step == 0
    assert client.get("/home/").status_code == 302

    token = token_on(client, "/sign-in/second-factor/", csrf_token_of)
    response = client.post("/sign-in/second-factor/", {"code": code, "csrfmiddlewaretoken": token})
    assert response["Location"] == "/home/"


def test_starting_to_set_up_an_authenticator_app_needs_the_token(cast, csrf_token_of):
    person = cast.not_enrolled
    client = _pending_strict_client(person, csrf_token_of)
    assert refused(client.post("/sign-in/set-up-second-factor/", {"step": "start"}))
    assert not TotpDevice.objects.filter(person=person).exists()

    token = token_on(client, "/sign-in/set-up-second-factor/", csrf_token_of)
    client.post("/sign-in/set-up-second-factor/", {"step": "start", "csrfmiddlewaretoken": token})
    assert TotpDevice.objects.filter(person=person, confirmed=False).exists()


def test_signing_out_needs_the_token(cast, csrf_token_of):
    client = signed_in_client(cast.practitioner, strict_client())
    assert refused(client.post("/sign-out/"))
    assert client.get("/home/").status_code == 200

    token = token_on(client, "/home/", csrf_token_of)
    assert client.post("/sign-out/", {"csrfmiddlewaretoken": token})["Location"] == "/sign-in/"
    assert client.get("/home/").status_code == 302


def test_making_new_recovery_codes_needs_the_token(cast, csrf_token_of):
    person = cast.practitioner
    recovery_codes_regenerate(actor=person, person=person)
    before = set(RecoveryCode.objects.filter(person=person).values_list("code_hash", flat=True))
    client = signed_in_client(person, strict_client())
    assert refused(client.post("/account/", {"action": "recovery-codes"}))
    after = set(RecoveryCode.objects.filter(person=person).values_list("code_hash", flat=True))
    assert after == before

    token = token_on(client, "/account/", csrf_token_of)
    client.post("/account/", {"action": "recovery-codes", "csrfmiddlewaretoken": token})
    assert not before & set(
        RecoveryCode.objects.filter(person=person).values_list("code_hash", flat=True)
    )


def test_creating_an_api_token_needs_the_token(cast, csrf_token_of):
    person = cast.practitioner
    client = signed_in_client(person, strict_client())
    data = {"action": "create-token", "name": "Case system"}
    assert refused(client.post("/account/", data))
    assert not ApiToken.objects.filter(person=person).exists()

    data["csrfmiddlewaretoken"] = token_on(client, "/account/", csrf_token_of)
    assert client.post("/account/", data)["Location"] == "/account/"
    assert ApiToken.objects.filter(person=person).count() == 1


def test_revoking_an_api_token_needs_the_token(cast, csrf_token_of):
    person = cast.practitioner
    api_token, _ = api_token_create(actor=person, name="Case system")
    client = signed_in_client(person, strict_client())
    data = {"action": "revoke-token", "token": str(api_token.pk)}
    assert refused(client.post("/account/", data))
    api_token.refresh_from_db()
    assert api_token.revoked_at is None

    data["csrfmiddlewaretoken"] = token_on(client, "/account/", csrf_token_of)
    assert client.post("/account/", data).status_code == 302
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None


def test_changing_an_organisation_needs_the_token(world, cast, csrf_token_of):
    url = f"/organisations/{world.own.pk}/change/"
    client = signed_in_client(cast.business_manager, strict_client())
    data = {"name": "Renamed by a forged form", "agency_category": "nhs"}
    assert refused(client.post(url, data))
    assert Organisation.objects.get(pk=world.own.pk).name == world.own.name

    data["csrfmiddlewaretoken"] = token_on(client, url, csrf_token_of)
    assert client.post(url, data).status_code == 302
    assert Organisation.objects.get(pk=world.own.pk).name == "Renamed by a forged form"


def test_the_demo_persona_sign_in_needs_the_token(world, csrf_token_of):
    persona = make_member(Role.PRACTITIONER, world.own, email="pat@demo.masa.invalid")
    client = strict_client()
    assert refused(client.post("/demo/", {"person": str(persona.pk)}))
    assert client.get("/home/").status_code == 302

    token = token_on(client, "/demo/", csrf_token_of)
    response = client.post("/demo/", {"person": str(persona.pk), "csrfmiddlewaretoken": token})
    assert response["Location"] == "/home/"


def test_the_api_refuses_a_browser_session_writing_without_the_token(cast):
    client = signed_in_client(cast.business_manager, strict_client())
    response = client.post("/api/v1/organisations/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]


def test_no_unsafe_request_without_the_token_is_served_or_changes_anything(
    cast, crawl_urls, csrf_token_of
):
    """Every URL, every unsafe method, as each kind of visitor: refused, and nothing changed.
    The API reads JSON, so it gets JSON; without a signed-in session there is no ambient
    authority for CSRF to abuse, and the API refuses as unauthenticated (401) or, for the
    public read-only schema, as a method it does not allow (405)."""
    visitors = {
        "anonymous": strict_client(),
        "after the password only": _pending_strict_client(cast.business_manager, csrf_token_of),
    }
    for role, person in cast.signed_in().items():
        visitors[role] = signed_in_client(person, strict_client())
    without_session = {"anonymous", "after the password only"}
    before = database_checksums()
    served = []
    for who, client in visitors.items():
        for _, url in crawl_urls:
            for method in UNSAFE_METHODS:
                if url.startswith("/api/"):
                    response = getattr(client, method)(url, "{}", content_type="application/json")
                    if who in without_session and response.status_code in (401, 405):
                        continue
                else:
                    response = getattr(client, method)(url)
                if response.status_code != 403:
                    served.append(f"{who} {method.upper()} {url}: {response.status_code}")
    assert served == []
    assert database_checksums() == before


@pytest.fixture
def visitors_for_reading(cast, password_only_client) -> dict[str, tuple[Client, dict]]:
    token = api_token_create(actor=cast.business_manager, name="reader")[1]
    visitors: dict[str, tuple[Client, dict]] = {
        "anonymous": (Client(), {}),
        "after the password only": (password_only_client(cast.business_manager), {}),
        "not enrolled, after the password": (password_only_client(cast.not_enrolled), {}),
        "API token": (Client(), {"HTTP_AUTHORIZATION": f"Token {token}"}),
    }
    for role, person in cast.signed_in().items():
        visitors[role] = (signed_in_client(person), {})
    return visitors


def test_get_head_and_options_never_change_state(cast, crawl_urls, visitors_for_reading):
    """Also with every form's field names in the query string, as a forged link would send
    them: a view must read state-changing input from POST only."""
    person = cast.practitioner
    form_fields = {
        "email": person.email,
        "password": PASSWORD,
        "code": pyotp.TOTP(person.totp_device.secret).now(),
        "step": "start",
        "action": "create-token",
        "name": "Forged by a link",
        "token": "1",
        "person": str(person.pk),
        "next": "/people/",
    }
    before, last_event = database_checksums(), AuditEvent.objects.order_by("-id").first()
    statuses = set()
    for client, headers in visitors_for_reading.values():
        for _, url in crawl_urls:
            for query in ({}, form_fields):
                for method in ("get", "head", "options"):
                    response = getattr(client, method)(url, query, **headers)
                    statuses.add(response.status_code)
    assert database_checksums() == before
    new_events = AuditEvent.objects.filter(id__gt=last_event.id if last_event else 0)
    actions = set(new_events.values_list("action", flat=True))
    assert {a for a in actions if not a.endswith(".read") and a != "access.denied"} == set()
    assert 200 in statuses  # the crawl reached real pages
