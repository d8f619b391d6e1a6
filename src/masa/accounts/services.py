"""Every change to people, organisations and sign-in credentials, each with its audit event."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masa.accounts.api_auth import hash_token
from masa.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    Person,
    RecoveryCode,
    TotpDevice,
)
from masa.accounts.sign_in import hash_recovery_code, new_totp_secret
from masa.core import audit
from masa.core.roles import Role
from masa.partnership.models import Partnership

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def person_create(
    *,
    actor: Person | None,
    email: str,
    full_name: str,
    job_title: str = "",
    password: str | None = None,
) -> Person:
    person = Person(
        email=email.strip().lower(), full_name=full_name.strip(), job_title=job_title.strip()
    )
    if password is not None:
        validate_password(password, person)
    person.set_password(password)
    person.save()
    audit.record(actor=actor, action="person.created", target=person)
    return person


@transaction.atomic
def membership_add(
    *,
    actor: Person | None,
    person: Person,
    organisation: Organisation,
    partnership: Partnership,
    role: Role,
    started_on: date | None = None,
) -> Membership:
    membership = Membership.objects.create(
        person=person,
        organisation=organisation,
        partnership=partnership,
        role=role,
        started_on=started_on or timezone.localdate(),
    )
    audit.record(
        actor=actor,
        action="membership.added",
        target=membership,
        organisation=organisation,
        detail={"role": str(role), "person": person.pk},
    )
    return membership


@transaction.atomic
def membership_end(
    *, actor: Person, membership: Membership, ended_on: date | None = None
) -> Membership:
    membership.ended_on = ended_on or timezone.localdate()
    membership.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        action="membership.ended",
        target=membership,
        organisation=membership.organisation_id,
    )
    return membership


def _end_sessions_of(person: Person) -> None:
    """Delete the stored sessions signed in as `person` (sessions live in the database)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    live = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(person.pk):
            store(session_key=session.session_key).delete()


@transaction.atomic
def person_disable(*, actor: Person | None, person: Person, reason: str) -> Person:
    """Disable an account. Its sessions end at once, so opening the account again does not
    bring them back (Django would only refuse them while it is inactive), and its API tokens
    are revoked."""
    person.is_active = False
    person.disabled_reason = reason
    person.save(update_fields=["is_active", "disabled_reason"])
    ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    _end_sessions_of(person)
    audit.record(actor=actor, action="person.disabled", target=person, detail={"reason": reason})
    return person


def _dormant_since() -> datetime:
    return timezone.now() - timedelta(days=settings.MASA_DORMANT_DAYS)


def _unused_since(cutoff: datetime) -> Q:
    """No sign-in and no API token use since `cutoff` (an account used only by a partner's
    system through the API is in use)."""
    return (Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)) & ~Q(
        api_tokens__last_used_at__gte=cutoff
    )


def disable_dormant_accounts() -> list[Person]:
    """Disable accounts unused for MASA_DORMANT_DAYS (SECURITY.md T5)."""
    dormant = Person.objects.filter(is_active=True).filter(_unused_since(_dormant_since()))
    reason = f"Not used for {settings.MASA_DORMANT_DAYS} days"
    return [person_disable(actor=None, person=p, reason=reason) for p in dormant.distinct()]


def is_dormant(person: Person) -> bool:
    return Person.objects.filter(pk=person.pk).filter(_unused_since(_dormant_since())).exists()


@transaction.atomic
def totp_start_enrolment(*, person: Person) -> TotpDevice:
    """A new, unconfirmed secret for the person's authenticator app (replacing an unconfirmed one)."""
    device, _ = TotpDevice.objects.update_or_create(
        person=person, confirmed=False, defaults={"secret": new_totp_secret(), "last_used_step": 0}
    )
    return device


@transaction.atomic
def totp_confirm(*, person: Person, device: TotpDevice) -> list[str]:
    """Confirm the device after a first good code; returns new recovery codes to show once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=person, action="second_factor.enrolled", target=person)
    return recovery_codes_regenerate(actor=person, person=person)


@transaction.atomic
def recovery_codes_regenerate(*, actor: Person, person: Person) -> list[str]:
    RecoveryCode.objects.filter(person=person).delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(person=person, code_hash=hash_recovery_code(code)) for code in codes
    )
    audit.record(actor=actor, action="recovery_codes.regenerated", target=person)
    return codes


@transaction.atomic
def api_token_create(*, actor: Person, name: str) -> tuple[ApiToken, str]:
    """A new API token for `actor`; the token itself is returned once and never stored."""
    if not actor.has_second_factor:
        raise PermissionError("Set up two-factor sign-in before creating an API token.")
    token = f"masa_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(
        person=actor, name=name.strip(), token_hash=hash_token(token), prefix=token[5:11]
    )
    audit.record(actor=actor, action="api_token.created", target=api_token)
    return api_token, token


@transaction.atomic
def api_token_revoke(*, actor: Person, api_token: ApiToken) -> ApiToken:
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="api_token.revoked", target=api_token)
    return api_token


@transaction.atomic
def organisation_update(
    *, actor: Person, organisation: Organisation, **changes: object
) -> Organisation:
    """Change an organisation's directory details; the audit event lists the fields changed."""
    changed = sorted(
        name for name, value in changes.items() if getattr(organisation, name) != value
    )
    for name in changed:
        setattr(organisation, name, changes[name])
    if changed:
        organisation.save(update_fields=changed)
        audit.record(
            actor=actor,
            action="organisation.updated",
            target=organisation,
            organisation=organisation,
            detail={"fields": changed},
        )
    return organisation
