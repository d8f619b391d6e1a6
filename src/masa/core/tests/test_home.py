from masa.accounts.models import Passkey, RecoveryCode
from masa.accounts.services import recovery_codes_regenerate
from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.roles import Role


def test_the_scrutineer_is_asked_to_add_a_passkey_until_they_have_one(world):
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.own)
    recovery_codes_regenerate(actor=scrutineer, person=scrutineer)
    client = signed_in_client(scrutineer)
    assert b"Add a passkey to your account" in client.get("/home/").content
    Passkey.objects.create(person=scrutineer, name="Laptop", credential_id=b"id", public_key=b"k")
    page = client.get("/home/").content
    assert b"Add a passkey" not in page
    assert b"Nothing needs you right now" in page


def test_a_practitioner_is_not_asked_for_a_passkey(world):
    practitioner = make_member(Role.PRACTITIONER, world.own)
    recovery_codes_regenerate(actor=practitioner, person=practitioner)
    assert b"Add a passkey" not in signed_in_client(practitioner).get("/home/").content


def test_running_low_on_recovery_codes_shows_how_many_are_left(world):
    person = make_member(Role.PRACTITIONER, world.own)
    recovery_codes_regenerate(actor=person, person=person)
    used = RecoveryCode.objects.filter(person=person)[:8]
    RecoveryCode.objects.filter(pk__in=[code.pk for code in used]).update(
        used_at="2026-01-01T00:00Z"
    )
    page = signed_in_client(person).get("/home/").content.decode()
    assert "Make new recovery codes" in page
    assert "You have 2 recovery codes left" in page
