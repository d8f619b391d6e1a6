"""Passkeys (WebAuthn) as a second factor beside the authenticator app.

The browser asks the authenticator (a phone, a security key, the computer's own) to sign a
challenge the server chose; py_webauthn checks the signature against the public key stored
when the passkey was added. Challenges live in the session and are used once.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from masa.accounts.models import Passkey, Person
from masa.core import audit

_CHALLENGE_KEY = "masa_passkey_challenge"


class PasskeyError(ValueError):
    """The browser's answer could not be accepted; the message says what to do."""


def _relying_party(request: HttpRequest) -> tuple[str, str]:
    """The RP id (the host name, without port) and the origin the browser must report."""
    host = request.get_host()
    # WebAuthn takes host names only, never IP addresses, so the port is all there is to drop.
    return host.split(":")[0], f"{request.scheme}://{host}"


def _descriptors(person: Person) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=bytes(key.credential_id))
        for key in Passkey.objects.filter(person=person)
    ]


def registration_options(request: HttpRequest, person: Person) -> str:
    rp_id, _ = _relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=settings.MASA_PARTNERSHIP_NAME,
        user_id=str(person.pk).encode(),
        user_name=person.email,
        user_display_name=person.full_name,
        exclude_credentials=_descriptors(person),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    request.session[_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def authentication_options(request: HttpRequest, person: Person) -> str:
    rp_id, _ = _relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(person),
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    request.session[_CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _take_challenge(request: HttpRequest) -> bytes:
    challenge = request.session.pop(_CHALLENGE_KEY, None)
    if not challenge:
        raise PasskeyError("The passkey request has expired. Try again.")
    return base64url_to_bytes(challenge)


def _credential(body: str) -> dict[str, object]:
    try:
        credential = json.loads(body)
    except ValueError as exc:
        raise PasskeyError("Your browser's answer could not be read. Try again.") from exc
    if not isinstance(credential, dict):
        raise PasskeyError("Your browser's answer could not be read. Try again.")
    return credential


@transaction.atomic
def passkey_add(
    *, request: HttpRequest, person: Person, name: str, credential_json: str
) -> Passkey:
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_registration_response(
            credential=_credential(credential_json),
            expected_challenge=_take_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except WebAuthnException as exc:
        raise PasskeyError(
            "The passkey could not be checked, so it was not added. Try again."
        ) from exc
    passkey = Passkey.objects.create(
        person=person,
        name=name.strip()[:100] or "Passkey",
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit.record(actor=person, action="passkey.added", target=passkey)
    return passkey


@transaction.atomic
def passkey_remove(*, actor: Person, passkey: Passkey) -> None:
    audit.record(actor=actor, action="passkey.removed", target=passkey)
    passkey.delete()


def passkey_verify(*, request: HttpRequest, person: Person, credential_json: str) -> Passkey:
    """Check a sign-in with one of `person`'s passkeys; raise PasskeyError if it fails."""
    credential = _credential(credential_json)
    raw_id = credential.get("rawId") or credential.get("id") or ""
    try:
        credential_id = base64url_to_bytes(str(raw_id))
    except ValueError as exc:
        raise PasskeyError("That passkey is not one of yours.") from exc
    passkey = Passkey.objects.filter(person=person, credential_id=credential_id).first()
    if passkey is None:
        raise PasskeyError("That passkey is not one of yours.")
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=_take_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except WebAuthnException as exc:
        raise PasskeyError("The passkey could not be checked. Try again.") from exc
    Passkey.objects.filter(pk=passkey.pk).update(
        sign_count=verified.new_sign_count, last_used_at=timezone.now()
    )
    return passkey
