"""Probes for the performance dataset: local submissions (the indicator catalogue and the
benchmarks API are open to everyone signed in, so they need none). The catalogue's and the
submissions' API detail URLs take ids, filled here for the security crawl."""

from __future__ import annotations

import datetime
from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission

PROBE_INDICATOR = "probe-local-indicator"


def _probe_indicator(organisation):
    """An annual local indicator submitted by the relation's kind of organisation."""
    from masa.performance.models import Indicator

    indicator, _ = Indicator.objects.get_or_create(
        code=f"{PROBE_INDICATOR}-{organisation.kind}",
        defaults={
            "title": "Probe local indicator",
            "definition": "Probe",
            "unit": "count",
            "direction": "neither",
            "source": "local",
            "submitted_by": organisation.kind,
            "frequency": "annual",
        },
    )
    return indicator


def _probe_submission(world, relation, person=None):
    from masa.accounts.tests.factories import make_person
    from masa.performance.models import Submission

    organisation = organisation_for(world, relation)
    return Submission.objects.create(
        partnership=partnership_for(world, relation),
        indicator=_probe_indicator(organisation),
        organisation=organisation,
        year=2017,
        value=413,
        submitted_by=person or make_person(),
        submitted_at=datetime.datetime(2017, 4, 20, tzinfo=datetime.UTC),
    )


def probe_view_submissions(client, world, relation) -> Seen:
    submission = _probe_submission(world, relation)
    listing = client.get("/performance/submissions/")
    api = client.get(f"/api/v1/submissions/{submission.pk}/")
    api_list = client.get("/api/v1/submissions/")
    return Seen(
        shown=[
            listing.status_code == 200 and b"Probe local indicator" in listing.content,
            api.status_code == 200,
            api_list.status_code == 200
            and submission.pk in [s["id"] for s in api_list.json()["results"]],
        ],
        statuses=[listing.status_code, api.status_code, api_list.status_code],
    )


def probe_submit_data(client, world, relation) -> Seen:
    """Submits a figure for the relation's organisation by CSV and by the API. Out of reach,
    both answer 400 naming the organisation, so only the form's status is among the statuses."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from masa.performance.models import Submission

    organisation = organisation_for(world, relation)
    indicator = _probe_indicator(organisation)
    form = client.get("/performance/submissions/upload/")
    csv = f"indicator,organisation,period,value\n{indicator.code},{organisation.pk},2016/17,413\n"
    posted = client.post(
        "/performance/submissions/upload/",
        {"file": SimpleUploadedFile("figures.csv", csv.encode())},
    )
    saved = Submission.objects.filter(organisation=organisation, indicator=indicator)
    by_csv = posted.status_code == 302 and saved.count() == 1
    api = client.post(
        "/api/v1/submissions/",
        {
            "indicator": indicator.code,
            "organisation": str(organisation.pk),
            "period": "2017/18",
            "value": "20",
        },
        content_type="application/json",
    )
    return Seen(
        shown=[by_csv, api.status_code == 201 and saved.count() == 2],
        statuses=[form.status_code],
    )


PROBES = {
    Permission.VIEW_SUBMISSIONS: probe_view_submissions,
    Permission.SUBMIT_DATA: probe_submit_data,
}

PK_SOURCES = {"indicator-detail": "indicator", "submission-detail": "submission"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    from masa.performance.catalogue import load_indicator_catalogue
    from masa.performance.models import Indicator

    load_indicator_catalogue()
    submission = _probe_submission(world, "own organisation", cast.business_manager)
    return {
        "indicator": Indicator.objects.values_list("pk", flat=True).first() or 0,
        "submission": submission.pk,
    }
