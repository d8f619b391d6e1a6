"""The JSON endpoints the passkey script talks to (masa/passkeys.js)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from masa.accounts.models import Passkey
from masa.accounts.passkeys import (
    PasskeyError,
    authentication_options,
    passkey_add,
    passkey_remove,
    passkey_verify,
    registration_options,
)
from masa.accounts.sign_in import (
    client_address,
    complete_sign_in,
    is_throttled,
    note_failure,
    pending_next,
    pending_person,
)
from masa.core.access import SignedInRequest, second_factor_step, signed_in


def _payload(request: HttpRequest) -> tuple[str, str]:
    """The credential (as JSON text, for py_webauthn) and the name the person gave it."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise PasskeyError("Your browser's answer could not be read. Try again.") from exc
    if not isinstance(body, dict):
        raise PasskeyError("Your browser's answer could not be read. Try again.")
    return json.dumps(body.get("credential")), str(body.get("name", ""))


def _options_response(options_json: str) -> HttpResponse:
    return HttpResponse(options_json, content_type="application/json")


@signed_in
@require_POST
def add_options(request: SignedInRequest) -> HttpResponse:
    return _options_response(registration_options(request, request.user))


@signed_in
@require_POST
def add(request: SignedInRequest) -> JsonResponse:
    try:
        credential, name = _payload(request)
        passkey = passkey_add(
            request=request, person=request.user, name=name, credential_json=credential
        )
    except PasskeyError as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    messages.success(request, f"Your passkey '{passkey.name}' has been added.")
    return JsonResponse({"next": "/account/"})


@signed_in
@require_POST
def remove(request: SignedInRequest, pk: int) -> HttpResponse:
    passkey = Passkey.objects.filter(person=request.user, pk=pk).first()
    if passkey is None:
        raise Http404
    passkey_remove(actor=request.user, passkey=passkey)
    messages.success(request, f"The passkey '{passkey.name}' has been removed.")
    return redirect("accounts:account")


@second_factor_step
@require_POST
def sign_in_options(request: HttpRequest) -> HttpResponse:
    person = pending_person(request)
    if person is None or not person.passkeys.exists():
        return JsonResponse(
            {"error": "You have no passkey: use your authenticator app."}, status=400
        )
    return _options_response(authentication_options(request, person))


@second_factor_step
@require_POST
def sign_in(request: HttpRequest) -> JsonResponse:
    person = pending_person(request)
    if person is None:
        return JsonResponse({"error": "Your sign-in has expired. Start again."}, status=400)
    address = client_address(request)
    if is_throttled(email=person.email, address=address):
        return JsonResponse(
            {"error": "There have been too many attempts. Wait 5 minutes."}, status=429
        )
    try:
        credential, _ = _payload(request)
        passkey_verify(request=request, person=person, credential_json=credential)
    except PasskeyError as problem:
        note_failure(email=person.email, address=address, stage="passkey", person=person)
        return JsonResponse({"error": str(problem)}, status=400)
    next_url = pending_next(request)
    complete_sign_in(request, person, method="passkey")
    return JsonResponse({"next": next_url or "/home/"})
