"""Every audit page reads in the same number of queries with 30 or 300 settings invited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import Engagement, Organisation, OrganisationKind
from masa.accounts.tests.factories import make_member, signed_in_client
from masa.audits.models import Answer, AuditInvitation, AuditReturn, Question, ReturnStatus
from masa.audits.tests.helpers import small_framework, start_cycle
from masa.core.roles import Role

SETTING_TYPES = ["maintained", "academy", "pru", "early_years"]


def _build(world, manager, count: int):
    settings = Organisation.objects.bulk_create(
        Organisation(
            name=f"Setting {i:04d}",
            kind=OrganisationKind.EDUCATION,
            setting_type=SETTING_TYPES[i % len(SETTING_TYPES)],
        )
        for i in range(count)
    )
    Engagement.objects.bulk_create(
        Engagement(partnership=world.partnership, organisation=o) for o in settings
    )
    framework = small_framework(manager, world.partnership)
    cycle = start_cycle(manager, framework, settings)
    version = cycle.version
    returning = settings[: count * 2 // 3]
    returns = AuditReturn.objects.bulk_create(
        AuditReturn(
            organisation=o,
            version=version,
            cycle=cycle,
            overall_grade="good",
            status=ReturnStatus.SUBMITTED,
        )
        for o in returning
    )
    by_org = {r.organisation_id: r for r in returns}
    AuditInvitation.objects.bulk_update(
        [
            AuditInvitation(pk=i.pk, audit_return=by_org.get(i.organisation_id))
            for i in AuditInvitation.objects.filter(cycle=cycle)
        ],
        ["audit_return"],
    )
    questions = list(Question.objects.filter(substandard__standard__version=version))
    Answer.objects.bulk_create(
        Answer(
            audit_return=r,
            question=q,
            grade=("inadequate" if n % 7 == 0 else "good") if q.kind == "graded" else "",
            yes_no=None if q.kind == "graded" else n % 5 != 0,
        )
        for n, r in enumerate(returns)
        for q in questions
    )
    return cycle, questions


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pages(cycle, questions) -> list[str]:
    yes_no = next(q for q in questions if q.kind == "yes_no")
    return [
        "/audits/",
        "/audits/returns/",
        f"/audits/cycles/{cycle.pk}/",
        f"/audits/cycles/{cycle.pk}/analysis/",
        f"/audits/cycles/{cycle.pk}/validation/",
        f"/audits/cycles/{cycle.pk}/follow-up/?question={yes_no.pk}",
        f"/audits/cycles/{cycle.pk}/export.csv",
        f"/api/v1/audits/cycles/{cycle.pk}/",
        f"/api/v1/audits/cycles/{cycle.pk}/analysis/",
        "/api/v1/audits/returns/",
    ]


@pytest.mark.django_db
def test_pages_read_in_constant_queries_with_30_or_300_settings(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own)
    small_cycle, small_questions = _build(world, manager, 30)
    client = signed_in_client(manager)
    small = [_queries(client, url) for url in _pages(small_cycle, small_questions)]
    large_cycle, large_questions = _build(world, manager, 300)
    large = [_queries(client, url) for url in _pages(large_cycle, large_questions)]
    assert small == large
