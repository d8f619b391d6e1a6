"""Probes for the business plan. The record each probe checks is a plan action: it belongs to
a priority of the relation's partnership and is owned by the relation's organisation, so an
agency lead (own organisation scope) sees exactly their organisation's actions, and the
priority page lists an action only to those who may see it."""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission

DESCRIPTION = "Probe action: launch the neglect toolkit"


def plan_action_in(world, relation):
    from masa.businessplan.models import PlanAction, Priority

    priority, _ = Priority.objects.get_or_create(
        partnership=partnership_for(world, relation),
        start_year=2017,
        number=3,
        defaults={"title": "Neglect", "outcome": "Children at risk of neglect are safeguarded"},
    )
    return PlanAction.objects.create(
        priority=priority,
        description=DESCRIPTION,
        owning_organisation=organisation_for(world, relation),
        milestone_on=datetime.date(2017, 11, 30),
    )


def probe_view_business_plan(client, world, relation) -> Seen:
    action = plan_action_in(world, relation)
    page = client.get(f"/business-plan/actions/{action.pk}/")
    listing = client.get(f"/business-plan/priorities/{action.priority_id}/")
    api = client.get(f"/api/v1/plan-actions/{action.pk}/")
    api_list = client.get(f"/api/v1/plan-actions/?priority={action.priority_id}")
    return Seen(
        shown=[
            page.status_code == 200 and DESCRIPTION.encode() in page.content,
            listing.status_code == 200 and DESCRIPTION.encode() in listing.content,
            api.status_code == 200 and api.json()["id"] == action.pk,
            api_list.status_code == 200
            and action.pk in [row["id"] for row in api_list.json()["results"]],
        ],
        statuses=[page.status_code, listing.status_code, api.status_code, api_list.status_code],
    )


def probe_manage_business_plan(client, world, relation) -> Seen:
    action = plan_action_in(world, relation)
    url = f"/business-plan/actions/{action.pk}/change/"
    form = client.get(url)
    posted = client.post(
        url,
        {
            "description": DESCRIPTION,
            "owning_organisation": action.owning_organisation_id,
            "milestone_on-day": "31",
            "milestone_on-month": "1",
            "milestone_on-year": "2018",
            "status": "in_progress",
        },
    )
    action.refresh_from_db()
    moved = action.milestone_on == datetime.date(2018, 1, 31)
    api = client.patch(
        f"/api/v1/plan-actions/{action.pk}/",
        {"measure_of_success": "Toolkit in use"},
        content_type="application/json",
    )
    action.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and moved,
            api.status_code == 200 and action.measure_of_success == "Toolkit in use",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


def probe_report_progress(client, world, relation) -> Seen:
    from masa.businessplan.models import ProgressUpdate

    action = plan_action_in(world, relation)
    url = f"/business-plan/actions/{action.pk}/progress/"
    form = client.get(url)
    posted = client.post(
        url,
        {
            "reported_on-day": "10",
            "reported_on-month": "10",
            "reported_on-year": "2017",
            "rag": "amber",
            "status": "in_progress",
            "narrative": "Toolkit drafted",
        },
    )
    on_page = ProgressUpdate.objects.filter(action=action, narrative="Toolkit drafted").exists()
    api = client.post(
        "/api/v1/progress-updates/",
        {"action": action.pk, "reported_on": "2017-11-01", "rag": "green", "narrative": "Done"},
        content_type="application/json",
    )
    action.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and on_page,
            api.status_code == 201 and action.rag == "green",
        ],
        statuses=[form.status_code, posted.status_code, api.status_code],
    )


PROBES = {
    Permission.VIEW_BUSINESS_PLAN: probe_view_business_plan,
    Permission.MANAGE_BUSINESS_PLAN: probe_manage_business_plan,
    Permission.REPORT_PROGRESS: probe_report_progress,
}

PK_SOURCES = {
    "businessplan:priority": "plan priority",
    "businessplan:priority-edit": "plan priority",
    "businessplan:action-create": "plan priority",
    "businessplan:impact-edit": "plan priority",
    "businessplan:action": "plan action",
    "businessplan:action-edit": "plan action",
    "businessplan:action-progress": "plan action",
    "businessplan:highlight-report": "highlight report",
    "businessplan:highlight-report-edit": "highlight report",
    "priority-detail": "plan priority",
    "plan-action-detail": "plan action",
    "progress-update-detail": "progress update",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A priority, an action of the own organisation with a progress update, and a
    subgroup's highlight report, in the business manager's partnership."""
    from masa.businessplan.models import HighlightReport, ProgressUpdate
    from masa.partnership.models import Group

    action = plan_action_in(world, "own organisation")
    update = ProgressUpdate.objects.create(
        action=action,
        reported_on=datetime.date(2017, 10, 10),
        rag="amber",
        status="in_progress",
        narrative="Crawl update",
    )
    group = Group.objects.create(
        partnership=world.partnership, name="Crawl subgroup", kind="subgroup"
    )
    report = HighlightReport.objects.create(
        group=group,
        start_year=2017,
        quarter=2,
        summary="Crawl summary",
        written_on=datetime.date(2017, 10, 10),
    )
    return {
        "plan priority": action.priority_id,
        "plan action": action.pk,
        "progress update": update.pk,
        "highlight report": report.pk,
    }
