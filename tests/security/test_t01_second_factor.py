"""SECURITY.md T1: a second factor for every account; nothing but the second-factor step is
reachable after a password alone; API tokens belong to people with a confirmed second factor.

Passkeys for administrators and the scrutineer (L3) are not built yet, so not tested here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
import time_machine
from django.test import Client
from tests.probes import all_post_only

from masa.accounts.api_auth import hash_token
from masa.accounts.models import ApiToken, Person, RecoveryCode, TotpDevice
from masa.accounts.sign_in import PENDING_SECONDS
from masa.accounts.tests.factories import PASSWORD, signed_in_client
from masa.core.access import Access

RECOVERY_CODE = re.compile(r"\b[0-9a-f]{5}-[0-9a-f]{5}\b")
# What a page that refuses someone may answer; a redirect must lead to the sign-in page.
REFUSALS = {302, 401, 403, 404, 405}


def is_signed_in(client: Client) -> bool:
    response = client.get("/home/")
    return response.status_code == 200


def refusal_problem(response) -> str | None:
    """None if `response` refuses the request; otherwise what is wrong with it."""
    if response.status_code not in REFUSALS:
        return f"answered {response.status_code}"
    if response.status_code == 302 and not response["Location"].startswith("/sign-in/"):
        return f"redirected to {response['Location']}, not to the sign-in page"
    return None


@pytest.mark.parametrize("who", ["enrolled person", "person who has not enrolled yet"])
def test_after_a_password_alone_only_public_pages_and_the_second_factor_step_answer(
    who, cast, crawl_urls, password_only_client
):
    """Every URL, with GET and with POST, as someone past the password step only."""
    person = cast.business_manager if who == "enrolled person" else cast.not_enrolled
    client = password_only_client(person)
    answered, leaks = [], []
    for route, url in crawl_urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, f"{method.upper()} {url}"
            if route.access == Access.PUBLIC:
                continue
            if route.access == Access.SECOND_FACTOR_STEP:
                answered.append(url)
                # 400: the passkey endpoints' answer to someone with no passkey; 405: GET on
                # a POST-only endpoint.
                assert response.status_code in (200, 302, 400, 405), f"{method.upper()} {url}"
                if response.status_code == 302:
                    assert response["Location"].startswith("/sign-in/")
                continue
            problem = refusal_problem(response)
            if problem:
                leaks.append(f"{method.upper()} {url} {problem}")
    assert leaks == []
    assert set(answered) == {
        "/sign-in/second-factor/",
        "/sign-in/set-up-second-factor/",
        "/sign-in/passkey/options/",
        "/sign-in/passkey/",
    }
    assert not is_signed_in(client)
    # The person is still only pending: the step page they need still answers.
    step = (
        "/sign-in/second-factor/" if person.has_second_factor else "/sign-in/set-up-second-factor/"
    )
    assert client.get(step).status_code == 200


POST_ONLY = all_post_only()


def test_the_same_crawl_after_both_steps_reaches_the_signed_in_pages(
    cast, crawl_urls, sign_in_fully
):
    """A control for the crawl above: the URLs it visits are real pages behind sign-in."""
    client = Client()
    assert sign_in_fully(cast.business_manager, client)["Location"] == "/home/"
    not_200 = [
        url
        for route, url in crawl_urls
        if route.access in (Access.SIGNED_IN, Access.PERMISSION)
        and route.name not in POST_ONLY
        and client.get(url).status_code != 200
    ]
    assert not_200 == []


def test_the_api_refuses_a_session_that_has_only_passed_the_password(cast, password_only_client):
    client = password_only_client(cast.business_manager)
    for url in (
        "/api/v1/organisations/",
        "/api/v1/people/",
        f"/api/v1/people/{cast.practitioner.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "results" not in response.json()


def _token_for(person: Person) -> str:
    token = f"masa_test_{person.pk}_0123456789abcdef"
    ApiToken.objects.create(person=person, name="test", token_hash=hash_token(token), prefix="test")
    return token


@pytest.mark.parametrize("device", ["no authenticator app", "an unconfirmed authenticator app"])
def test_an_api_token_of_a_person_without_a_confirmed_second_factor_is_refused(device, cast):
    person = cast.not_enrolled
    if device == "an unconfirmed authenticator app":
        TotpDevice.objects.create(person=person, secret=pyotp.random_base32(), confirmed=False)
    response = Client().get(
        "/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {_token_for(person)}"
    )
    assert response.status_code == 401
    assert "two-factor" in response.json()["error"]


def test_an_api_token_of_a_person_with_a_confirmed_second_factor_is_accepted(cast):
    """The control for the refusal above: the same kind of token row works once enrolled."""
    response = Client().get(
        "/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {_token_for(cast.practitioner)}"
    )
    assert response.status_code == 200


def test_a_person_without_a_second_factor_cannot_create_an_api_token(cast):
    """Only a demo persona can be signed in without a second factor; they get a form error."""
    client = signed_in_client(cast.not_enrolled)
    response = client.post("/account/", {"action": "create-token", "name": "Case system"})
    assert response.status_code == 400
    assert b"two-factor" in response.content
    assert not ApiToken.objects.filter(person=cast.not_enrolled).exists()


def test_signing_in_with_the_password_then_the_code_lands_on_the_home_page(cast):
    person = cast.practitioner
    client = Client()
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response["Location"] == "/sign-in/second-factor/"
    assert not is_signed_in(client)
    response = client.post(
        "/sign-in/second-factor/", {"code": pyotp.TOTP(person.totp_device.secret).now()}
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200


def test_a_wrong_code_does_not_sign_in(cast, password_only_client):
    person = cast.practitioner
    client = password_only_client(person)
    right = pyotp.TOTP(person.totp_device.secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/sign-in/second-factor/", {"code": wrong})
    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    assert not is_signed_in(client)


def test_the_password_step_lapses_after_five_minutes(cast, password_only_client):
    person = cast.practitioner
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        client = password_only_client(person)
        clock.shift(PENDING_SECONDS + 1)
        response = client.post(
            "/sign-in/second-factor/", {"code": pyotp.TOTP(person.totp_device.secret).now()}
        )
        assert response.status_code == 302
        assert response["Location"] == "/sign-in/"
        assert not is_signed_in(client)


def test_a_new_person_enrols_an_authenticator_app_and_sees_recovery_codes_once(cast):
    person = cast.not_enrolled
    client = Client()
    response = client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response["Location"] == "/sign-in/set-up-second-factor/"

    page = client.get("/sign-in/set-up-second-factor/")
    assert page.status_code == 200
    assert not TotpDevice.objects.filter(person=person).exists()

    response = client.post("/sign-in/set-up-second-factor/", {"step": "start"})
    assert response["Location"] == "/sign-in/set-up-second-factor/"
    device = TotpDevice.objects.get(person=person)
    assert not device.confirmed
    page = client.get("/sign-in/set-up-second-factor/")
    shown = re.sub(r"\s+", "", page.content.decode())
    assert device.secret in shown
    assert not is_signed_in(client)

    response = client.post(
        "/sign-in/set-up-second-factor/", {"code": pyotp.TOTP(device.secret).now()}
    )
    assert response.status_code == 200
    codes = set(RECOVERY_CODE.findall(response.content.decode()))
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert is_signed_in(client)
    # Stored only as hashes, and never shown again.
    stored = set(RecoveryCode.objects.filter(person=person).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not codes & stored
    for url in ("/account/", "/home/", "/sign-in/set-up-second-factor/"):
        later = client.get(url, follow=True).content.decode()
        assert not codes & set(RECOVERY_CODE.findall(later)), url


def test_a_recovery_code_signs_in_once_only(cast, password_only_client):
    from masa.accounts.services import recovery_codes_regenerate

    person = cast.practitioner
    code = recovery_codes_regenerate(actor=person, person=person)[0]

    first = password_only_client(person)
    response = first.post("/sign-in/second-factor/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert is_signed_in(first)

    second = password_only_client(person, Client())
    response = second.post("/sign-in/second-factor/", {"code": code})
    assert response.status_code == 200
    assert b"The code is not correct" in response.content
    assert not is_signed_in(second)
