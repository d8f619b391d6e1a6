"""SECURITY.md T4: passwords of at least 12 characters, no composition rules, deny-lists
(Django's common passwords, the service's own name), no expiry; stored with argon2id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from hypothesis import assume, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from masa.accounts.models import Person
from masa.accounts.passwords import _SERVICE_WORDS
from masa.accounts.services import person_create
from masa.accounts.tests.factories import PASSWORD, make_person
from masa.config.settings import base

COMMON = CommonPasswordValidator().passwords
SERVICE_WORDS = sorted(
    {*_SERVICE_WORDS, *(w.lower() for w in settings.MASA_PARTNERSHIP_NAME.split() if len(w) > 4)}
)
# Every service word holds an 'a' or an 'e', so text without them cannot be "mostly the
# service's name"; anything else in Unicode may appear, letters, digits, spaces, symbols.
assert all("a" in word or "e" in word for word in SERVICE_WORDS)
without_service_words = st.characters(exclude_categories=("Cs",), exclude_characters="aAeE")


def codes_of(password: str, user: object = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@given(st.text(without_service_words, min_size=12, max_size=80))
@example("zzzzzzzzzzzz")  # one repeated lower-case letter: no composition rule objects
@example("739104628351")  # digits only
@example("plum tractor violet anchor")  # four words, all lower case, with spaces
@example("ЖЖЖЖЖЖЖЖЖЖЖЖ")  # no Latin letters at all
@hypothesis_settings(max_examples=150, deadline=None)
def test_any_password_of_12_or_more_characters_off_the_deny_lists_is_accepted(password):
    assume(password.lower().strip() not in COMMON)
    assert codes_of(password) == set()


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=11))
@hypothesis_settings(max_examples=100, deadline=None)
def test_any_password_shorter_than_12_characters_is_refused(password):
    assert "password_too_short" in codes_of(password)


@given(st.sampled_from(sorted(p for p in COMMON if len(p) >= 12)))
@hypothesis_settings(max_examples=50, deadline=None)
def test_a_common_password_is_refused_however_long(password):
    assert "password_too_common" in codes_of(password)


@given(
    word=st.sampled_from(SERVICE_WORDS),
    # Characters that stay one character in lower case ('İ' becomes two).
    before=st.text(
        st.characters(exclude_categories=("Cs",)).filter(lambda c: len(c.lower()) == 1),
        max_size=7,
    ),
    after_size=st.integers(0, 7),
    upper=st.booleans(),
)
@hypothesis_settings(max_examples=150, deadline=None)
def test_a_password_that_is_mostly_the_services_name_is_refused(word, before, after_size, upper):
    after = "1!" * 4
    password = (
        before + (word.upper() if upper else word) + after[: max(0, after_size - len(before))]
    )
    assert codes_of(password) != set()


def test_a_password_like_the_persons_own_name_is_refused(db):
    person = Person(email="jonathan.smithers@example.org", full_name="Jonathan Smithers")
    assert "password_too_similar" in codes_of("jonathansmithers", person)


def test_person_create_refuses_a_weak_password(db):
    with pytest.raises(ValidationError):
        person_create(actor=None, email="a@example.org", full_name="A", password="short")
    assert not Person.objects.filter(email="a@example.org").exists()


def test_argon2_is_the_first_hasher_in_the_base_settings():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_passwords_are_stored_with_argon2id(db):
    assert make_password("pear engine harbour quiet").startswith("argon2$argon2id$")
    person = person_create(
        actor=None,
        email="new.person@example.org",
        full_name="New Person",
        password="pear engine harbour quiet",
    )
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")
    assert check_password("pear engine harbour quiet", person.password)


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_an_older_hash_becomes_argon2id_at_the_next_sign_in(db):
    person = make_person()
    Person.objects.filter(pk=person.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    response = Client().post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")


def test_a_password_never_expires(cast, sign_in_fully):
    """Signing in every 80 days for three years: the same password works every time, and no
    page asks for a new one."""
    person = cast.practitioner
    password_before = Person.objects.get(pk=person.pk).password
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        for _ in range(14):
            clock.shift(timedelta(days=80))
            client = Client()
            assert sign_in_fully(person, client)["Location"] == "/home/"
            assert client.get("/home/").status_code == 200
    assert Person.objects.get(pk=person.pk).password == password_before
