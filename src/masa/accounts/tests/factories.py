"""Building blocks for tests: a partnership, organisations and people with roles."""

from __future__ import annotations

import itertools
import time

import pyotp
from django.test import Client

from masa.accounts.models import (
    Engagement,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    TotpDevice,
)
from masa.accounts.sign_in import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from masa.core.roles import Role
from masa.partnership.models import LocalAuthority, Partnership

PASSWORD = "plum tractor violet anchor"
_numbers = itertools.count(1)


def make_partnership(name: str = "Testshire Safeguarding Children Partnership") -> Partnership:
    number = next(_numbers)
    partnership = Partnership.objects.create(name=name, short_name=f"TSCP{number}")
    authority = LocalAuthority.objects.create(
        name=f"Testshire {number}", dfe_code=f"{900 + number % 99:03d}"
    )
    partnership.area.add(authority)
    return partnership


def make_organisation(
    partnership: Partnership,
    *,
    kind: str = OrganisationKind.RELEVANT_AGENCY,
    name: str = "",
    **fields: object,
) -> Organisation:
    if kind == OrganisationKind.RELEVANT_AGENCY:
        fields.setdefault("agency_category", "nhs")
    if kind == OrganisationKind.EDUCATION:
        fields.setdefault("setting_type", "maintained")
    organisation = Organisation.objects.create(
        name=name or f"Organisation {next(_numbers)}", kind=kind, **fields
    )
    Engagement.objects.create(partnership=partnership, organisation=organisation)
    return organisation


def make_person(
    *, email: str = "", full_name: str = "", second_factor: bool = True, password: str = PASSWORD
) -> Person:
    number = next(_numbers)
    person = Person.objects.create_user(
        email=email or f"person{number}@example.org",
        password=password,
        full_name=full_name or f"Person {number}",
    )
    if second_factor:
        TotpDevice.objects.create(person=person, secret=pyotp.random_base32(), confirmed=True)
    return person


def make_member(
    role: Role,
    organisation: Organisation,
    *,
    partnership: Partnership | None = None,
    **person_fields: object,
) -> Person:
    person = make_person(**person_fields)  # type: ignore[arg-type]
    Membership.objects.create(
        person=person,
        organisation=organisation,
        partnership=partnership or organisation.partnerships.first(),
        role=role,
    )
    return person


def current_code(person: Person) -> str:
    return pyotp.TOTP(person.totp_device.secret).now()


def signed_in_client(person: Person, client: Client | None = None) -> Client:
    """A test client signed in as `person`, as if they had passed both steps just now."""
    client = client or Client()
    client.force_login(person)
    session = client.session
    session[SIGNED_IN_AT_KEY] = session[LAST_SEEN_KEY] = time.time()
    session.save()
    return client
