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
    detail = client.get(f"/performance/submissions/{submission.pk}/")
    api = client.get(f"/api/v1/submissions/{submission.pk}/")
    api_list = client.get("/api/v1/submissions/")
    return Seen(
        shown=[
            listing.status_code == 200 and b"Probe local indicator" in listing.content,
            detail.status_code == 200 and b"Probe local indicator" in detail.content,
            api.status_code == 200,
            api_list.status_code == 200
            and submission.pk in [s["id"] for s in api_list.json()["results"]],
        ],
        statuses=[
            listing.status_code,
            detail.status_code,
            api.status_code,
            api_list.status_code,
        ],
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


def probe_manage_performance(client, world, relation) -> Seen:
    """The business unit's view of who has not submitted, for the relation's partnership: the
    relation's organisation is listed with its last reminder (page and API), and a reminder
    can be sent to its agency lead."""
    from masa.accounts.tests.factories import make_member, make_person
    from masa.core.roles import Role
    from masa.performance.models import SubmissionReminder

    organisation = organisation_for(world, relation)
    partnership = partnership_for(world, relation)
    indicator = _probe_indicator(organisation)
    indicator.frequency = "quarterly"
    indicator.save(update_fields=["frequency"])
    SubmissionReminder.objects.create(
        partnership=partnership,
        organisation=organisation,
        year=2017,
        quarter=4,
        sent_by=make_person(),
        sent_at=datetime.datetime(2017, 5, 3, 9, tzinfo=datetime.UTC),
        recipients=1,
    )
    make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation, partnership=partnership)
    query = f"?partnership={partnership.pk}&period=2016/17%20Q4"
    page = client.get(f"/performance/submissions/outstanding/{query}")
    api = client.get(f"/api/v1/submissions/outstanding{query}")
    remind = client.post(
        "/performance/submissions/outstanding/remind/",
        {"partnership": partnership.pk, "period": "2016/17 Q4", "organisation": organisation.pk},
    )
    reminded = SubmissionReminder.objects.filter(organisation=organisation).count() == 2
    listed = api.json().get("organisations", []) if api.status_code == 200 else []
    return Seen(
        shown=[
            page.status_code == 200
            and organisation.name in page.content.decode()
            and "last reminded 3 May 2017" in page.content.decode(),
            any(
                row["organisation_id"] == organisation.pk and row["last_reminded"] for row in listed
            ),
            remind.status_code == 302 and reminded,
        ],
        statuses=[page.status_code, api.status_code, remind.status_code],
    )


PROBES = {
    Permission.VIEW_SUBMISSIONS: probe_view_submissions,
    Permission.SUBMIT_DATA: probe_submit_data,
    Permission.MANAGE_PERFORMANCE: probe_manage_performance,
}

PK_SOURCES = {
    "indicator-detail": "indicator",
    "submission-detail": "submission",
    "performance:submission": "submission",
}

POST_ONLY = {"performance:submissions-remind"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    from masa.performance.catalogue import load_indicator_catalogue
    from masa.performance.models import Indicator

    load_indicator_catalogue()
    submission = _probe_submission(world, "own organisation", cast.business_manager)
    return {
        "indicator": Indicator.objects.values_list("pk", flat=True).first() or 0,
        "submission": submission.pk,
    }
