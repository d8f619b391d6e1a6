"""Probes for the published arrangements: drafts, their sections, approval, milestones."""

from __future__ import annotations

from typing import Any

from tests.probes.common import Seen, partnership_for

from masa.core.permissions import Permission

PROBE_TEXT = "Probe participation text"


def _draft(world, relation):
    """The draft arrangements of the relation's partnership, with a recognisable section."""
    from masa.arrangements.models import Arrangements, DraftSection
    from masa.arrangements.services import arrangements_start

    partnership = partnership_for(world, relation)
    arrangements = Arrangements.objects.filter(partnership=partnership).first()
    if arrangements is None:
        arrangements = arrangements_start(actor=None, partnership=partnership)
    DraftSection.objects.filter(arrangements=arrangements, key="participation").update(
        body=PROBE_TEXT
    )
    return arrangements


def probe_view_arrangement_drafts(client, world, relation) -> Seen:
    arrangements = _draft(world, relation)
    name = arrangements.partnership.name
    page = client.get(f"/arrangements/drafts/{arrangements.pk}/")
    listing = client.get("/arrangements/drafts/")
    api = client.get(f"/api/v1/arrangement-drafts/{arrangements.pk}/")
    api_list = client.get("/api/v1/arrangement-drafts/")
    return Seen(
        shown=[
            page.status_code == 200 and PROBE_TEXT.encode() in page.content,
            listing.status_code == 200 and name.encode() in listing.content,
            api.status_code == 200 and api.json()["id"] == arrangements.pk,
            api_list.status_code == 200
            and arrangements.pk in [d["id"] for d in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_edit_arrangements(client, world, relation) -> Seen:
    arrangements = _draft(world, relation)
    section = arrangements.sections.get(key="training")
    url = f"/arrangements/sections/{section.pk}/"
    form = client.get(url)
    posted = client.post(url, {"body": "Probe training text"})
    api = client.patch(
        f"/api/v1/arrangement-sections/{section.pk}/",
        {"body": "Probe training text from the API"},
        content_type="application/json",
    )
    section.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302,
            api.status_code == 200 and section.body == "Probe training text from the API",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_approve_arrangements(client, world, relation) -> Seen:
    from masa.arrangements.models import Version

    arrangements = _draft(world, relation)
    posted = client.post(f"/arrangements/drafts/{arrangements.pk}/approve/")
    return Seen(
        shown=[
            posted.status_code == 302 and Version.objects.filter(arrangements=arrangements).exists()
        ],
        statuses=[posted.status_code],
    )


PROBES = {
    Permission.VIEW_ARRANGEMENT_DRAFTS: probe_view_arrangement_drafts,
    Permission.EDIT_ARRANGEMENTS: probe_edit_arrangements,
    Permission.APPROVE_ARRANGEMENTS: probe_approve_arrangements,
}

PK_SOURCES = {
    "arrangements:version": "arrangements_version",
    "arrangements:version-changes": "arrangements_version",
    "arrangements:version-pdf": "arrangements_version",
    "arrangements:draft": "arrangements",
    "arrangements:details": "arrangements",
    "arrangements:approve": "arrangements",
    "arrangements:section": "arrangements_section",
    "arrangements:milestone": "arrangements_milestone",
    "arrangements-version-detail": "arrangements_version",
    "arrangement-draft-detail": "arrangements",
    "arrangement-section-detail": "arrangements_section",
}

POST_ONLY = {"arrangements:approve"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """The arrangements of the cast's partnership, approved once by a lead partner."""
    from masa.accounts.tests.factories import make_member
    from masa.arrangements.services import arrangements_approve, arrangements_start
    from masa.core.roles import Role

    arrangements = arrangements_start(actor=None, partnership=world.partnership)
    lead = make_member(Role.LEAD_SAFEGUARDING_PARTNER, world.own, full_name="Crawl Lead")
    version = arrangements_approve(actor=lead, arrangements=arrangements)
    return {
        "arrangements": arrangements.pk,
        "arrangements_version": version.pk,
        "arrangements_section": arrangements.sections.first().pk,
        "arrangements_milestone": arrangements.partnership.arrangement_milestones.first().pk,
    }
