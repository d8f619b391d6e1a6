"""The two steps of signing in, and the throttle in front of them.

After a correct password the person is *pending*: their id sits in the session and only the
second-factor pages answer them. They are signed in (Django's login, with a new session key)
only once a one-time code or recovery code is accepted.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils import timezone

from masa.accounts.models import Person, RecoveryCode, SignInAttempt, TotpDevice
from masa.core import audit

PENDING_KEY = "masa_pending_sign_in"
PENDING_SECONDS = 5 * 60
SIGNED_IN_AT_KEY = "masa_signed_in_at"
LAST_SEEN_KEY = "masa_last_seen"


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def is_throttled(*, email: str, address: str | None) -> bool:
    now = timezone.now()
    account_window = now - timedelta(seconds=settings.MASA_SIGN_IN_ACCOUNT_WINDOW_SECONDS)
    if (
        SignInAttempt.objects.filter(
            account_key=account_key(email), attempted_at__gte=account_window
        ).count()
        >= settings.MASA_SIGN_IN_LIMIT_PER_ACCOUNT
    ):
        return True
    if address is None:
        return False
    address_window = now - timedelta(seconds=settings.MASA_SIGN_IN_ADDRESS_WINDOW_SECONDS)
    return (
        SignInAttempt.objects.filter(address=address, attempted_at__gte=address_window).count()
        >= settings.MASA_SIGN_IN_LIMIT_PER_ADDRESS
    )


def note_failure(
    *, email: str, address: str | None, stage: str, person: Person | None = None
) -> None:
    SignInAttempt.objects.create(account_key=account_key(email), address=address)
    audit.record(actor=None, action="sign_in.failed", target=person, detail={"stage": stage})


def begin_pending(request: HttpRequest, person: Person, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"person": person.pk, "at": time.time(), "next": next_url}


def pending_person(request: HttpRequest) -> Person | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return Person.objects.filter(pk=pending["person"], is_active=True).first()


def pending_next(request: HttpRequest) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next") or ""


def complete_sign_in(request: HttpRequest, person: Person, *, method: str) -> None:
    """Sign the pending person in: Django rotates the session key and we start its clocks."""
    request.session.pop(PENDING_KEY, None)
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    now = time.time()
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    audit.record(actor=person, action="sign_in.succeeded", target=person, detail={"method": method})


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.person.email, issuer_name=settings.MASA_PARTNERSHIP_NAME
    )


def accept_totp(device: TotpDevice, code: str) -> bool:
    """Accept a code once: the step it belongs to must be later than the last one used,
    and claiming it is a single conditional UPDATE, so two processes cannot both win."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for drift in (-1, 0, 1):
        at = int(now) + drift * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            step = at // totp.interval
            claimed = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
                last_used_step=step
            )
            return claimed == 1
    return False


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(
        code.strip().lower().replace("-", "").replace(" ", "").encode()
    ).hexdigest()


def accept_recovery_code(person: Person, code: str) -> bool:
    claimed = RecoveryCode.objects.filter(
        person=person, code_hash=hash_recovery_code(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return claimed == 1
