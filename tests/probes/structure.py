"""Probes for the partnership's structure (groups, members, scrutiny) and the relevant agencies
register."""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def _probe_group(world, relation):
    """A subgroup in the relation's partnership on which the relation's organisation sits."""
    from masa.partnership.models import Group, GroupMember

    organisation = organisation_for(world, relation)
    group = Group.objects.create(
        partnership=partnership_for(world, relation),
        name="Probe subgroup on neglect",
        kind="subgroup",
    )
    GroupMember.objects.create(group=group, organisation=organisation)
    return group


def _engagement(world, relation):
    from masa.accounts.models import Engagement

    return Engagement.objects.get(
        organisation=organisation_for(world, relation), partnership=partnership_for(world, relation)
    )


def probe_view_groups(client, world, relation) -> Seen:
    group = _probe_group(world, relation)
    page = client.get(f"/groups/{group.pk}/")
    listing = client.get("/groups/")
    api = client.get(f"/api/v1/groups/{group.pk}/")
    api_list = client.get("/api/v1/groups/")
    return Seen(
        shown=[
            page.status_code == 200 and b"Probe subgroup on neglect" in page.content,
            listing.status_code == 200 and b"Probe subgroup on neglect" in listing.content,
            api.status_code == 200 and api.json()["name"] == "Probe subgroup on neglect",
            api_list.status_code == 200
            and group.pk in [g["id"] for g in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_manage_groups(client, world, relation) -> Seen:
    group = _probe_group(world, relation)
    form = client.get(f"/groups/{group.pk}/change/")
    posted = client.post(
        f"/groups/{group.pk}/change/",
        {"name": "Probe subgroup on neglect", "kind": "subgroup", "meeting_frequency": "quarterly"},
    )
    api = client.patch(
        f"/api/v1/groups/{group.pk}/",
        {"purpose": "Changed through the API"},
        content_type="application/json",
    )
    group.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and group.meeting_frequency == "quarterly",
            api.status_code == 200 and group.purpose == "Changed through the API",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_view_agency_register(client, world, relation) -> Seen:
    engagement = _engagement(world, relation)
    page = client.get(f"/agencies/{engagement.pk}/")
    listing = client.get("/agencies/")
    api = client.get(f"/api/v1/agency-register/{engagement.pk}/")
    api_list = client.get("/api/v1/agency-register/")
    link = f'href="/agencies/{engagement.pk}/"'.encode()
    return Seen(
        shown=[
            page.status_code == 200 and engagement.organisation.name.encode() in page.content,
            listing.status_code == 200 and link in listing.content,
            api.status_code == 200 and api.json()["organisation"] == engagement.organisation_id,
            api_list.status_code == 200
            and engagement.pk in [e["id"] for e in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_manage_agency_register(client, world, relation) -> Seen:
    engagement = _engagement(world, relation)
    form = client.get(f"/agencies/{engagement.pk}/change/")
    posted = client.post(
        f"/agencies/{engagement.pk}/review/",
        {"reviewed_on-day": "1", "reviewed_on-month": "4", "reviewed_on-year": "2024"},
    )
    api = client.patch(
        f"/api/v1/agency-register/{engagement.pk}/",
        {"how_engaged": "Through the probe subgroup"},
        content_type="application/json",
    )
    engagement.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and engagement.last_reviewed_on == datetime.date(2024, 4, 1),
            api.status_code == 200 and engagement.how_engaged == "Through the probe subgroup",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


PROBES = {
    Permission.VIEW_GROUPS: probe_view_groups,
    Permission.MANAGE_GROUPS: probe_manage_groups,
    Permission.VIEW_AGENCY_REGISTER: probe_view_agency_register,
    Permission.MANAGE_AGENCY_REGISTER: probe_manage_agency_register,
}

PK_SOURCES = {
    "partnership:group": "group",
    "partnership:group-edit": "group",
    "partnership:group-member-add": "group",
    "partnership:group-member-remove": "group_member",
    "partnership:scrutiny-edit": "scrutiny_role",
    "partnership:agency": "engagement",
    "partnership:agency-edit": "engagement",
    "partnership:agency-review": "engagement",
    "group-detail": "group",
    "group-members": "group",
    "agency-register-detail": "engagement",
    "agency-register-review": "engagement",
}

POST_ONLY = {
    "partnership:group-member-remove",
    "partnership:agency-review",
    "partnership:agency-register-review",
    "group-members",
    "agency-register-review",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A group the own organisation sits on, a scrutiny role and the own engagement."""
    from masa.accounts.models import Engagement
    from masa.partnership.models import Group, GroupMember, ScrutinyRole

    group = Group.objects.create(partnership=world.partnership, name="Crawl group", kind="subgroup")
    member = GroupMember.objects.create(group=group, organisation=world.own)
    role = ScrutinyRole.objects.create(
        partnership=world.partnership, name="Independent scrutiny", days_per_year=15
    )
    engagement = Engagement.objects.get(organisation=world.own, partnership=world.partnership)
    return {
        "group": group.pk,
        "group_member": member.pk,
        "scrutiny_role": role.pk,
        "engagement": engagement.pk,
    }
