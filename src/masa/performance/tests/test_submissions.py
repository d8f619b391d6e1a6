"""Local submissions: row-level checks, all-or-nothing saving, history, scope, the CSV
upload page and /api/v1/submissions/."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.performance.catalogue import load_indicator_catalogue
from masa.performance.models import Frequency, Indicator, Polarity, Submission, Unit
from masa.performance.submissions import RowsRefused, submit_rows, validate_rows

UPLOAD = "/performance/submissions/upload/"


@pytest.fixture
def council(world):
    load_indicator_catalogue()
    return make_organisation(
        world.partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name="Testshire Council"
    )


@pytest.fixture
def police(world):
    return make_organisation(
        world.partnership, kind=OrganisationKind.POLICE, name="Testshire Police"
    )


@pytest.fixture
def lead(world, council):
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, council, partnership=world.partnership)


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def row(
    indicator="re-referrals-12-months",
    organisation="Testshire Council",
    period="2016/17 Q4",
    value="20.8",
):
    return {"indicator": indicator, "organisation": organisation, "period": period, "value": value}


def messages(problems):
    return [(p.row, p.column, p.message) for p in problems]


def test_a_clean_row_has_no_problems(world, lead):
    assert validate_rows([row()], user=lead, partnership=world.partnership) == []


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        (
            {"indicator": "rereferals"},
            "indicator",
            "There is no indicator with the code “rereferals”; use a code from the list of indicators",
        ),
        ({"indicator": ""}, "indicator", "Enter the indicator's code"),
        (
            {"indicator": "cp-plans-rate"},
            "indicator",
            "“cp-plans-rate” comes from national statistics and is not submitted locally",
        ),
        (
            {"period": "2016-17"},
            "period",
            'Write the period as "2016/17" for a year, or "2016/17 Q1" for a quarter, not “2016-17”',
        ),
        (
            {"period": ""},
            "period",
            'Write the period as "2016/17" for a year, or "2016/17 Q1" for a quarter',
        ),
        (
            {"period": "2016/18 Q1"},
            "period",
            'Write the period as "2016/17" for a year, or "2016/17 Q1" for a quarter: a reporting year runs from one year to the next, like 2016/17',
        ),
        ({"period": "2004/05 Q1"}, "period", "The period must be a year from 2010/11 to "),
        (
            {"period": "2016/17"},
            "period",
            '“re-referrals-12-months” is submitted each quarter: write the period with its quarter, like "2016/17 Q1"',
        ),
        (
            {"value": "twenty"},
            "value",
            "The value must be a number, like 413 or 20.8, not “twenty”",
        ),
        ({"value": "NaN"}, "value", "The value must be a number, like 413 or 20.8, not “NaN”"),
        ({"value": ""}, "value", "Enter the value, as a number"),
        ({"value": "100.5"}, "value", "The value is a percentage and must be 100 or less"),
        ({"value": "-1"}, "value", "The value must be 0 or more"),
        ({"value": "1.23456"}, "value", "The value must have no more than 4 decimal places"),
        (
            {"indicator": "cp-plans", "value": "1e13"},
            "value",
            "The value is too large; check the figure",
        ),
        ({"organisation": ""}, "organisation", "Enter the organisation's name or id"),
        (
            {"organisation": "Nowhere Council"},
            "organisation",
            "There is no organisation “Nowhere Council” in ",
        ),
        (
            {"organisation": "Testshire Police"},
            "organisation",
            "You may not submit figures for Testshire Police; submit only for your own organisation",
        ),
    ],
)
def test_each_problem_is_named_by_row_and_column(world, lead, police, changes, column, message):
    problems = validate_rows(
        [row(), row(**{**row(), **changes})], user=lead, partnership=world.partnership
    )
    assert len(problems) == 1
    assert (problems[0].row, problems[0].column) == (3, column)
    assert problems[0].message.startswith(message)


def test_an_organisation_of_the_wrong_kind_and_an_annual_indicator_with_a_quarter(
    world, manager, police, council
):
    Indicator.objects.create(
        code="annual-thing",
        title="Annual thing",
        definition="-",
        unit=Unit.COUNT,
        direction=Polarity.NEITHER,
        source="local",
        submitted_by=OrganisationKind.POLICE,
        frequency=Frequency.ANNUAL,
    )
    problems = validate_rows(
        [
            row(organisation="Testshire Police"),
            row(indicator="annual-thing", organisation=str(police.pk)),
        ],
        user=manager,
        partnership=world.partnership,
    )
    assert messages(problems) == [
        (
            2,
            "organisation",
            "Testshire Police does not submit “re-referrals-12-months”; it is submitted by an organisation of the kind “Statutory safeguarding partner: local authority”",
        ),
        (
            3,
            "period",
            '“annual-thing” is submitted for the whole year: write the period without a quarter, like "2016/17"',
        ),
    ]


def test_a_duplicate_row_is_named(world, lead):
    problems = validate_rows([row(), row(value="21")], user=lead, partnership=world.partnership)
    assert messages(problems) == [
        (
            3,
            "indicator",
            "This row repeats row 2 (the same indicator, organisation and period); keep one of them",
        )
    ]


def test_nothing_is_saved_when_any_row_has_a_problem(world, lead):
    with pytest.raises(RowsRefused) as refused:
        submit_rows(
            [row(), row(period="2016/17 Q3", value="x")], actor=lead, partnership=world.partnership
        )
    assert messages(refused.value.problems)[0][:2] == (3, "value")
    assert not Submission.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="submission.").exists()


def test_a_resubmission_replaces_the_value_and_keeps_the_history(world, lead, council):
    first = submit_rows([row()], actor=lead, partnership=world.partnership).saved[0]
    result = submit_rows([row(value="19.5")], actor=lead, partnership=world.partnership)
    assert result.replaced == 1
    first.refresh_from_db()
    second = result.saved[0]
    assert first.superseded and first.superseded_by == second
    assert list(Submission.objects.current().values_list("value", flat=True)) == [
        Decimal("19.5000")
    ]
    assert Submission.objects.count() == 2
    events = AuditEvent.objects.filter(action__startswith="submission.").order_by("pk")
    assert [e.action for e in events] == ["submission.made", "submission.replaced"]
    assert events[1].detail["replaces_id"] == first.pk
    assert set(events[1].detail) == {
        "indicator_id",
        "organisation_id",
        "partnership_id",
        "year",
        "quarter",
        "replaces_id",
        "breakdowns",
    }


def test_an_agency_lead_sees_only_their_own_organisations_submissions(world, lead, manager, police):
    submit_rows([row()], actor=manager, partnership=world.partnership)
    submit_rows(
        [row(indicator="missing-from-home-episodes", organisation="Testshire Police", value="12")],
        actor=manager,
        partnership=world.partnership,
    )
    assert [s.organisation.name for s in Submission.objects.visible_to(lead)] == [
        "Testshire Council"
    ]
    assert Submission.objects.visible_to(manager).count() == 2
    listing = signed_in_client(lead).get("/api/v1/submissions/").json()
    assert [r["organisation_name"] for r in listing["results"]] == ["Testshire Council"]


def test_a_practitioner_may_neither_see_nor_submit(world, council):
    practitioner = make_member(Role.PRACTITIONER, council, partnership=world.partnership)
    client = signed_in_client(practitioner)
    assert client.get("/performance/submissions/").status_code == 403
    assert client.get(UPLOAD).status_code == 403
    assert (
        client.post("/api/v1/submissions/", row(), content_type="application/json").status_code
        == 403
    )


def _upload(client, text, name="figures.csv", encoding="utf-8"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, text.encode(encoding))})


def test_uploading_a_bad_file_lists_the_problems_and_saves_nothing(world, lead):
    client = signed_in_client(lead)
    text = (
        "indicator,organisation,period,value\n"
        "re-referrals-12-months,Testshire Council,2016/17 Q4,20.8\n"
        "\n"
        "icpc-within-15-days,Testshire Council,2016-17,94.7\n"
    )
    response = _upload(client, text)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Row 4, period: Write the period as" in body
    assert not Submission.objects.exists()


def test_a_file_missing_a_column_or_not_a_csv_is_refused(world, lead):
    client = signed_in_client(lead)
    response = _upload(client, "indicator,organisation,value\nx,y,1\n")
    assert (
        "Row 1, period: The first row must name the columns; add a column “period”"
        in response.content.decode()
    )
    response = _upload(client, "%PDF-1.4 not a csv", name="figures.pdf")
    assert "The selected file must be a CSV" in response.content.decode()
    response = client.post(UPLOAD, {})
    assert "Select a CSV file" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_clean_file_with_a_byte_order_mark_is_saved_and_summarised(world, lead):
    client = signed_in_client(lead)
    text = (
        "Indicator,Organisation,Period,Value\n"
        "re-referrals-12-months,Testshire Council,2016/17 Q4,20.8\n"
        "cp-plans,testshire council,2016/17 Q4,413\n"
    )
    response = _upload(client, text, encoding="utf-8-sig")
    assert response.status_code == 302
    page = client.get(UPLOAD).content.decode()
    assert "2 values saved" in page
    assert "Figures saved" in page
    assert Submission.objects.current().count() == 2
    _upload(client, text)
    page = client.get(UPLOAD).content.decode()
    assert "2 values saved, 2 replacing earlier values" in page
    assert Submission.objects.count() == 4


def test_the_list_page_makes_the_same_number_of_queries_for_more_submissions(
    world, manager, council
):
    client = signed_in_client(manager)
    quarters = [f"2016/17 Q{q}" for q in (1, 2, 3, 4)]
    submit_rows([row(period=quarters[0])], actor=manager, partnership=world.partnership)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/performance/submissions/").status_code == 200
    rows = [row(period=f"{y}/{(y + 1) % 100:02d} Q{q}") for y in range(2011, 2016) for q in (1, 2)]
    submit_rows(rows, actor=manager, partnership=world.partnership)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/performance/submissions/")
    assert page.content.decode().count("Testshire Council") >= 11
    assert len(many) == len(one)


def test_the_api_saves_one_row_or_a_list(world, lead):
    client = signed_in_client(lead)
    one = client.post("/api/v1/submissions/", row(), content_type="application/json")
    assert one.status_code == 201
    assert one.json()[0]["period"] == "2016/17 Q4"
    several = client.post(
        "/api/v1/submissions/",
        [row(value="20"), row(indicator="cp-plans", value="413")],
        content_type="application/json",
    )
    assert several.status_code == 201
    assert Submission.objects.current().count() == 2
    detail = client.get(f"/api/v1/submissions/{one.json()[0]['id']}/").json()
    assert detail["superseded"] is True


def test_the_api_answers_400_with_each_problem_by_row_and_column(world, lead, police):
    client = signed_in_client(lead)
    response = client.post(
        "/api/v1/submissions/",
        [
            row(),
            row(
                organisation="Testshire Police", indicator="missing-from-home-episodes", value="150"
            ),
        ],
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Nothing was saved: each row below says what to fix."
    assert body["problems"] == [
        {
            "row": 2,
            "column": "organisation",
            "message": "You may not submit figures for Testshire Police; submit only for your own organisation",
        }
    ]
    assert body["fields"]["rows"] == [
        "Row 2, organisation: You may not submit figures for Testshire Police; submit only for your own organisation"
    ]
    assert not Submission.objects.exists()
    assert (
        client.post("/api/v1/submissions/", "[1]", content_type="application/json").status_code
        == 400
    )
    assert (
        client.patch("/api/v1/submissions/1/", {}, content_type="application/json").status_code
        == 405
    )


def test_a_submission_in_another_partnership_answers_404(world, council):
    elsewhere_council = make_organisation(
        world.elsewhere, kind=OrganisationKind.LOCAL_AUTHORITY, name="Otherton Council"
    )
    manager_elsewhere = make_member(
        Role.BUSINESS_MANAGER, elsewhere_council, partnership=world.elsewhere
    )
    saved = submit_rows(
        [row(organisation="Otherton Council")], actor=manager_elsewhere, partnership=world.elsewhere
    ).saved[0]
    manager = make_member(Role.BUSINESS_MANAGER, council, partnership=world.partnership)
    assert signed_in_client(manager).get(f"/api/v1/submissions/{saved.pk}/").status_code == 404
