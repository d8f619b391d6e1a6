"""Passkey endpoints refuse what they cannot check, with a sentence, and change nothing.
The whole ceremony with a real (virtual) authenticator is in tests/system/scrutineer/."""

import json

from masa.accounts.models import Passkey
from masa.accounts.tests.factories import PASSWORD, make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role


def _json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_registration_options_name_this_site_and_the_person(world):
    person = make_member(Role.INDEPENDENT_SCRUTINEER, world.own, email="sam@example.org")
    response = _json(signed_in_client(person), "/account/passkeys/options/", {})
    options = response.json()
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == "sam@example.org"
    assert options["authenticatorSelection"]["userVerification"] == "required"


def test_a_garbled_registration_is_refused_and_adds_nothing(world):
    client = signed_in_client(make_member(Role.INDEPENDENT_SCRUTINEER, world.own))
    _json(client, "/account/passkeys/options/", {})
    response = _json(client, "/account/passkeys/", {"credential": {"id": "x"}, "name": "Laptop"})
    assert response.status_code == 400
    assert "not added" in response.json()["error"]
    assert not Passkey.objects.exists()


def test_a_registration_without_asking_for_options_first_has_expired(world):
    client = signed_in_client(make_member(Role.INDEPENDENT_SCRUTINEER, world.own))
    response = _json(client, "/account/passkeys/", {"credential": {}, "name": "Laptop"})
    assert response.status_code == 400
    assert response.json()["error"] == "The passkey request has expired. Try again."


def test_a_body_that_is_not_json_is_explained(world):
    client = signed_in_client(make_member(Role.INDEPENDENT_SCRUTINEER, world.own))
    response = client.post("/account/passkeys/", data="not json", content_type="application/json")
    assert response.status_code == 400
    assert "could not be read" in response.json()["error"]


def test_someone_with_no_passkey_is_sent_back_to_their_app(world, client):
    person = make_member(Role.PRACTITIONER, world.own)
    client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    response = _json(client, "/sign-in/passkey/options/", {})
    assert response.status_code == 400
    assert "authenticator app" in response.json()["error"]


def test_another_persons_passkey_is_refused_and_counted_as_a_failure(world, client):
    owner = make_member(Role.PRACTITIONER, world.own)
    Passkey.objects.create(person=owner, name="Theirs", credential_id=b"theirs", public_key=b"k")
    person = make_member(Role.PRACTITIONER, world.own)
    Passkey.objects.create(person=person, name="Mine", credential_id=b"mine", public_key=b"k")
    client.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    _json(client, "/sign-in/passkey/options/", {})
    response = _json(
        client, "/sign-in/passkey/", {"credential": {"id": "dGhlaXJz", "rawId": "dGhlaXJz"}}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "That passkey is not one of yours."
    assert AuditEvent.objects.filter(action="sign_in.failed", detail__stage="passkey").exists()
    assert client.get("/home/").status_code == 302  # still not signed in


def test_removing_a_passkey_is_audited_and_only_your_own(world):
    person = make_member(Role.INDEPENDENT_SCRUTINEER, world.own)
    other = make_member(Role.PRACTITIONER, world.own)
    mine = Passkey.objects.create(person=person, name="Mine", credential_id=b"a", public_key=b"k")
    theirs = Passkey.objects.create(
        person=other, name="Theirs", credential_id=b"b", public_key=b"k"
    )
    client = signed_in_client(person)
    assert client.post(f"/account/passkeys/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/account/passkeys/{mine.pk}/remove/").status_code == 302
    assert list(Passkey.objects.all()) == [theirs]
    assert AuditEvent.objects.filter(action="passkey.removed", actor=person).exists()
