"""Probes for the performance dashboard and indicator pages (VIEW_PERFORMANCE).

The figures belong to the whole partnership: a submission by the relation's organisation in
the relation's partnership must show (summed into the partnership's figure, and listed on the
indicator page) to everyone holding the permission there, and a partnership out of reach
answers 404.

The indicator pages take an indicator's code (a slug from the public catalogue, never
anything about a person), so `SLUG_PARAMETERS` names their parameter and `crawl_records`
gives a code for the security crawl.
"""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission

PROBE_CODE = "probe-dashboard-indicator"
PROBE_VALUE = 4133


def _probe_indicator(organisation):
    from masa.performance.models import Indicator

    indicator, _ = Indicator.objects.get_or_create(
        code=f"{PROBE_CODE}-{organisation.kind}".replace("_", "-"),
        defaults={
            "title": "Probe dashboard indicator",
            "definition": "Probe",
            "unit": "count",
            "direction": "neither",
            "source": "local",
            "submitted_by": organisation.kind,
            "frequency": "annual",
        },
    )
    return indicator


def probe_view_performance(client, world, relation) -> Seen:
    from masa.accounts.tests.factories import make_person
    from masa.performance.models import Submission

    organisation = organisation_for(world, relation)
    partnership = partnership_for(world, relation)
    indicator = _probe_indicator(organisation)
    Submission.objects.create(
        partnership=partnership,
        indicator=indicator,
        organisation=organisation,
        year=2017,
        value=PROBE_VALUE,
        submitted_by=make_person(),
        submitted_at=datetime.datetime(2017, 4, 20, tzinfo=datetime.UTC),
    )
    query = {"partnership": partnership.pk, "indicators": indicator.code}
    dashboard = client.get("/performance/", query)
    export = client.get("/performance/export.csv", query)
    page = client.get(f"/performance/indicators/{indicator.code}/", {"partnership": partnership.pk})
    page_export = client.get(
        f"/performance/indicators/{indicator.code}/export.csv", {"partnership": partnership.pk}
    )
    shown_value = f"{PROBE_VALUE:,}".encode()
    return Seen(
        shown=[
            dashboard.status_code == 200 and shown_value in dashboard.content,
            export.status_code == 200 and str(PROBE_VALUE).encode() in export.content,
            page.status_code == 200 and organisation.name.encode() in page.content,
            page_export.status_code == 200 and str(PROBE_VALUE).encode() in page_export.content,
        ],
        statuses=[
            dashboard.status_code,
            export.status_code,
            page.status_code,
            page_export.status_code,
        ],
    )


PROBES = {Permission.VIEW_PERFORMANCE: probe_view_performance}

# URL names whose parameter is an indicator's code, and the crawl record that fills it.
PK_SOURCES = {
    "performance:indicator": "indicator_code",
    "performance:indicator-export": "indicator_code",
}
SLUG_PARAMETERS = {
    "performance:indicator": "code",
    "performance:indicator-export": "code",
}


def crawl_records(world: Any, cast: Any) -> dict[str, Any]:
    from masa.performance.catalogue import load_indicator_catalogue

    load_indicator_catalogue()
    return {"indicator_code": "cp-plans"}
