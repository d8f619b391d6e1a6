"""SECURITY.md T5: the session key rotates at sign-in; 30 idle minutes or 12 hours in all
end a session; disabling an account ends its sessions; accounts unused for 90 days are
disabled; production cookies are __Host- prefixed, Secure, HttpOnly and SameSite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, override_settings

from masa.accounts.models import ApiToken, Person
from masa.accounts.services import api_token_create, disable_dormant_accounts, person_disable
from masa.accounts.tests.factories import PASSWORD, make_person

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
DORMANT = timedelta(days=90)


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_out_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_session_key_changes_at_each_step_of_signing_in(cast, password_only_client):
    person = cast.practitioner
    client = Client()
    planted = client.session  # a session that existed before sign-in, as a fixation attack sets
    planted["planted"] = True
    planted.save()
    before = session_key(client)

    password_only_client(person, client)
    after_password = session_key(client)
    from masa.accounts.tests.factories import current_code

    response = client.post("/sign-in/second-factor/", {"code": current_code(person)})
    assert response["Location"] == "/home/"
    after_code = session_key(client)

    assert len({before, after_password, after_code}) == 3
    assert not Session.objects.filter(session_key__in=[before, after_password]).exists()
    assert client.get("/home/").status_code == 200


def test_thirty_idle_minutes_sign_a_person_out(cast, sign_in_fully):
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        client = Client()
        sign_in_fully(cast.practitioner, client)
        key = session_key(client)
        for _ in range(3):  # activity every 29 minutes keeps the session going
            clock.shift(IDLE - timedelta(minutes=1))
            assert client.get("/home/").status_code == 200
        clock.shift(IDLE + timedelta(seconds=1))
        response = client.get("/home/")
        assert signed_out_to_sign_in(response)
        assert b"inactive for 30 minutes" in client.get(response["Location"]).content
        assert not Session.objects.filter(session_key=key).exists()
        assert signed_out_to_sign_in(client.get("/home/"))


def test_twelve_hours_after_signing_in_a_person_is_signed_out_even_while_active(
    cast, sign_in_fully
):
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        client = Client()
        sign_in_fully(cast.practitioner, client)
        for _ in range(36):  # a request every 20 minutes for 12 hours
            clock.shift(timedelta(minutes=20))
            assert client.get("/home/").status_code == 200
        clock.shift(timedelta(seconds=1))
        response = client.get("/people/")
        assert signed_out_to_sign_in(response)
        assert b"12 hours have passed" in client.get(response["Location"]).content
        assert signed_out_to_sign_in(client.get("/home/"))


def test_disabling_an_account_ends_its_session_at_the_next_request(cast, sign_in_fully):
    person = cast.practitioner
    client = Client()
    sign_in_fully(person, client)
    key = session_key(client)
    _, token = api_token_create(actor=person, name="Case system")
    assert client.get("/home/").status_code == 200

    person_disable(actor=cast.business_manager, person=person, reason="Left the organisation")

    assert signed_out_to_sign_in(client.get("/home/"))
    assert not Session.objects.filter(session_key=key).exists()
    api = Client().get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 401
    assert not ApiToken.objects.filter(person=person, revoked_at__isnull=True).exists()
    # Opening the account again does not bring the old session back.
    Person.objects.filter(pk=person.pk).update(is_active=True)
    assert signed_out_to_sign_in(client.get("/home/"))


def test_disabling_an_account_ends_a_session_that_makes_no_request_in_between(cast, sign_in_fully):
    """Disabled, then opened again before the old session is used: it is still over."""
    person = cast.practitioner
    client = Client()
    sign_in_fully(person, client)
    person_disable(actor=cast.business_manager, person=person, reason="Suspected misuse")
    Person.objects.filter(pk=person.pk).update(is_active=True)
    assert signed_out_to_sign_in(client.get("/home/"))


def test_an_account_unused_for_90_days_is_refused_at_sign_in_and_disabled(cast, sign_in_fully):
    person = cast.practitioner
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        sign_in_fully(person, Client())
        clock.shift(DORMANT - timedelta(days=1))
        assert sign_in_fully(person, Client())["Location"] == "/home/"

        clock.shift(DORMANT + timedelta(days=1))
        # A wrong password learns nothing about the account...
        response = Client().post("/sign-in/", {"email": person.email, "password": "wrong one"})
        assert b"Enter a correct email address and password" in response.content
        assert Person.objects.get(pk=person.pk).is_active
        # ...the right one is told why it is refused, and the account is closed.
        client = Client()
        response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
        assert response.status_code == 200
        assert b"not used for 90 days" in response.content
        person.refresh_from_db()
        assert not person.is_active
        assert client.get("/sign-in/second-factor/")["Location"] == "/sign-in/"


def test_disable_dormant_accounts_disables_exactly_the_accounts_unused_for_90_days(db):
    now = datetime.now(UTC)
    with time_machine.travel(now - DORMANT - timedelta(days=5), tick=False):
        old_never_used = make_person(full_name="Old never used")
        old_used_long_ago = make_person(full_name="Old used long ago")
        old_used_recently = make_person(full_name="Old used recently")
    Person.objects.filter(pk=old_used_long_ago.pk).update(last_login=now - DORMANT - timedelta(1))
    Person.objects.filter(pk=old_used_recently.pk).update(last_login=now - timedelta(days=3))
    new_never_used = make_person(full_name="New never used")

    disabled = disable_dormant_accounts()

    assert {p.pk for p in disabled} == {old_never_used.pk, old_used_long_ago.pk}
    active = set(Person.objects.filter(is_active=True).values_list("pk", flat=True))
    assert active == {old_used_recently.pk, new_never_used.pk}
    assert disable_dormant_accounts() == []


def test_the_daily_command_disables_dormant_accounts(db, capsys):
    with time_machine.travel(datetime.now(UTC) - DORMANT - timedelta(days=1), tick=False):
        person = make_person()
    call_command("disable_dormant")
    assert "Disabled 1 account(s)" in capsys.readouterr().out
    person.refresh_from_db()
    assert not person.is_active


def test_production_cookie_settings_are_host_prefixed_secure_httponly_and_samesite(production):
    for kind in ("SESSION", "CSRF"):
        assert getattr(production, f"{kind}_COOKIE_NAME").startswith("__Host-")
        assert getattr(production, f"{kind}_COOKIE_SECURE") is True
        assert getattr(production, f"{kind}_COOKIE_HTTPONLY") is True
        assert getattr(production, f"{kind}_COOKIE_SAMESITE") in ("Lax", "Strict")
        # __Host- cookies must have no Domain and the path /.
        assert getattr(production, f"{kind}_COOKIE_DOMAIN", None) is None
        assert getattr(production, f"{kind}_COOKIE_PATH", "/") == "/"


def test_production_sends_its_cookies_with_every_attribute(production, cast):
    names = [
        f"{kind}_COOKIE_{attribute}"
        for kind in ("SESSION", "CSRF")
        for attribute in ("NAME", "SECURE", "HTTPONLY", "SAMESITE")
    ]
    with override_settings(**{name: getattr(production, name) for name in names}):
        client = Client()
        page = client.get("/sign-in/", secure=True)
        response = client.post(
            "/sign-in/",
            {"email": cast.practitioner.email, "password": PASSWORD},
            secure=True,
            HTTP_REFERER="https://testserver/sign-in/",
        )
        assert response.status_code == 302
        sent = SimpleCookie()
        for answer in (page, response):
            for header, value in answer.items():
                if header.lower() == "set-cookie":
                    sent.load(value)
        for answer in (page, response):
            sent.update(answer.cookies)
        assert set(sent) == {production.SESSION_COOKIE_NAME, production.CSRF_COOKIE_NAME}
        for name, morsel in sent.items():
            assert name.startswith("__Host-")
            assert morsel["secure"] is True, name
            assert morsel["httponly"] is True, name
            assert morsel["samesite"] == "Lax", name
            assert morsel["path"] == "/", name
            assert not morsel["domain"], name
