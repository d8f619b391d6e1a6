"""Probes for the directory: organisations and people."""

from __future__ import annotations

from typing import Any

from tests.probes.common import Seen, organisation_for, person_in

from masa.core.permissions import Permission


def probe_view_organisation(client, world, relation) -> Seen:
    target = organisation_for(world, relation)
    page = client.get(f"/organisations/{target.pk}/")
    api = client.get(f"/api/v1/organisations/{target.pk}/")
    listing = client.get("/organisations/?q=" + target.name.split()[0])
    api_list = client.get("/api/v1/organisations/")
    return Seen(
        shown=[
            page.status_code == 200,
            api.status_code == 200,
            listing.status_code == 200 and target.name.encode() in listing.content,
            api_list.status_code == 200
            and target.pk in [o["id"] for o in api_list.json()["results"]],
        ],
        statuses=[page.status_code, api.status_code, listing.status_code, api_list.status_code],
    )


def probe_view_person(client, world, relation) -> Seen:
    target = person_in(world, relation)
    page = client.get(f"/people/{target.pk}/")
    api = client.get(f"/api/v1/people/{target.pk}/")
    listing = client.get("/people/?q=Target")
    api_list = client.get("/api/v1/people/")
    return Seen(
        shown=[
            page.status_code == 200,
            api.status_code == 200,
            listing.status_code == 200 and b"Target Person" in listing.content,
            api_list.status_code == 200
            and target.pk in [p["id"] for p in api_list.json()["results"]],
        ],
        statuses=[page.status_code, api.status_code, listing.status_code, api_list.status_code],
    )


def probe_change_organisation(client, world, relation) -> Seen:
    target = organisation_for(world, relation)
    form = client.get(f"/organisations/{target.pk}/change/")
    posted = client.post(
        f"/organisations/{target.pk}/change/",
        {"name": "Renamed by probe", "agency_category": target.agency_category or "nhs"},
    )
    target.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and target.name == "Renamed by probe",
        ],
        statuses=[form.status_code, posted.status_code],
    )


PROBES = {
    Permission.VIEW_ORGANISATION: probe_view_organisation,
    Permission.VIEW_PERSON: probe_view_person,
    Permission.CHANGE_ORGANISATION: probe_change_organisation,
}

PK_SOURCES = {
    "accounts:organisation": "organisation",
    "accounts:organisation-edit": "organisation",
    "accounts:person": "person",
    "organisation-detail": "organisation",
    "person-detail": "person",
    "accounts:passkey-remove": "passkey",
}

POST_ONLY = {
    "accounts:sign-out",
    "accounts:passkey-add-options",
    "accounts:passkey-add",
    "accounts:passkey-remove",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    from masa.accounts.models import Passkey

    passkey = Passkey.objects.create(
        person=cast.business_manager, name="Crawl key", credential_id=b"crawl", public_key=b"key"
    )
    return {"organisation": world.own.pk, "person": cast.practitioner.pk, "passkey": passkey.pk}
