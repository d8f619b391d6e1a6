"""`masa demo-token EMAIL`: an API token for a demo persona, in demo mode only."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from masa.accounts.models import ApiToken
from masa.accounts.tests.factories import make_member, make_person
from masa.core.roles import Role
from masa.partnership.demo import PERSONAS, load_demo

BUSINESS_MANAGER = next(p for p in PERSONAS if Role.BUSINESS_MANAGER in p.roles)


def _demo_token(email: str) -> str:
    out = io.StringIO()
    call_command("demo_token", email, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def loaded(db):
    return load_demo()


def test_a_printed_token_reads_the_organisations_api(client, loaded):
    token = _demo_token(BUSINESS_MANAGER.email)

    assert token.startswith("masa_")
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    body = response.json()
    # 3 statutory partners + relevant agencies + 500 settings + the scrutineer's practice.
    # Every demo organisation: the directory is shared by everyone in the partnership.
    assert body["count"] == sum(loaded.organisations_by_kind.values())
    partners = client.get(
        "/api/v1/organisations/?kind=local_authority", HTTP_AUTHORIZATION=f"Token {token}"
    ).json()["results"]
    assert [o["name"] for o in partners] == ["Somerset Council"]
    token_row = ApiToken.objects.get(person__email=BUSINESS_MANAGER.email)
    assert token_row.prefix == token[5:11]


def test_each_run_prints_a_new_token_and_the_email_may_be_typed_loosely(loaded):
    first = _demo_token(BUSINESS_MANAGER.email)
    second = _demo_token(f"  {BUSINESS_MANAGER.email.upper()} ")
    assert first != second
    assert ApiToken.objects.filter(person__email=BUSINESS_MANAGER.email).count() == 2


@override_settings(MASA_DEMO_MODE=False)
def test_refused_outside_demo_mode(loaded):
    with pytest.raises(CommandError, match="only in demo mode"):
        _demo_token(BUSINESS_MANAGER.email)
    assert not ApiToken.objects.exists()


def test_refused_for_someone_who_is_not_a_demo_persona(world):
    real_person = make_member(Role.BUSINESS_MANAGER, world.own, email="lead@testshire.example")
    with pytest.raises(CommandError, match="is not a demo persona"):
        _demo_token(real_person.email)
    with pytest.raises(CommandError, match="is not a demo persona"):
        _demo_token(f"nobody@{'demo.masa.invalid'}")
    assert not ApiToken.objects.exists()


def test_refused_for_a_disabled_demo_persona(loaded):
    from masa.accounts.models import Person
    from masa.accounts.services import person_disable

    person = Person.objects.get(email=BUSINESS_MANAGER.email)
    person_disable(actor=None, person=person, reason="Left the partnership")
    with pytest.raises(CommandError, match="is not a demo persona"):
        _demo_token(person.email)


def test_refused_for_a_demo_persona_without_a_second_factor(world):
    person = make_person(email="no.factor@demo.masa.invalid", second_factor=False)
    with pytest.raises(CommandError, match="no confirmed second factor"):
        _demo_token(person.email)
    assert not ApiToken.objects.exists()
