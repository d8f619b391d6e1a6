"""Breakdowns (checks, CSV, API, suppression), the form for one figure, who has not submitted,
reminders, the home page prompts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.models import OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.performance.breakdowns import FEWER_THAN, suppress, table
from masa.performance.catalogue import load_indicator_catalogue
from masa.performance.models import (
    Indicator,
    Submission,
    SubmissionBreakdown,
    SubmissionReminder,
)
from masa.performance.submissions import (
    DAYS_TO_SUBMIT,
    RowsRefused,
    current_period,
    due_on,
    figures_expected,
    period_label,
    submit_rows,
    validate_rows,
)

NEW = "/performance/submissions/new/"
OUTSTANDING = "/performance/submissions/outstanding/"
REMIND = "/performance/submissions/outstanding/remind/"


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
    return make_member(
        Role.AGENCY_SAFEGUARDING_LEAD,
        council,
        partnership=world.partnership,
        email="lead@council.example",
    )


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, partnership=world.partnership)


def plans(value="10", breakdowns=None, period="2016/17 Q4"):
    return {
        "indicator": "cp-plans",
        "organisation": "Testshire Council",
        "period": period,
        "value": value,
        "breakdowns": breakdowns or [],
    }


def by_sex(female, male, unknown=0):
    return [
        {"characteristic": "sex", "category": "female", "count": female},
        {"characteristic": "sex", "category": "male", "count": male},
        {"characteristic": "sex", "category": "not-known", "count": unknown},
    ]


# -- Suppression ------------------------------------------------------------------------------


def test_counts_under_5_are_hidden_and_one_more_where_it_could_be_worked_out():
    assert suppress({"female": 3, "male": 20, "not-known": 0}) == {"female", "male"}
    # Two small cells already protect each other: nothing more is hidden.
    assert suppress({"female": 3, "male": 20, "not-known": 2}) == {"female", "not-known"}
    # The smallest other non-zero cell is the one hidden second.
    assert suppress({"a": 1, "b": 50, "c": 9, "d": 0}) == {"a", "c"}
    # Zero is shown; with nothing else non-zero, a zero is hidden so the cell cannot be derived.
    assert suppress({"female": 4, "male": 0}) == {"female", "male"}
    assert suppress({"female": 12, "male": 30}) == set()
    assert suppress({"female": 0, "male": 0}) == set()


def test_the_table_shows_fewer_than_5_unless_exact():
    rows = [("sex", "female", 3), ("sex", "male", 20)]
    ((_code, label, cells),) = table(rows, ["sex", "age_band"], exact=False)
    assert label == "Sex"
    assert [(c.category, c.count, c.shown) for c in cells] == [
        ("female", None, FEWER_THAN),
        ("male", None, FEWER_THAN),
        ("not-known", 0, "0"),
    ]
    ((_code, _label, cells),) = table(rows, ["sex"], exact=True)
    assert [c.count for c in cells] == [3, 20, 0]


# -- Checking breakdowns ----------------------------------------------------------------------


def test_breakdowns_that_add_up_are_saved_with_the_figure(world, lead):
    result = submit_rows([plans("23", by_sex(3, 20))], actor=lead, partnership=world.partnership)
    saved = result.saved[0]
    assert sorted(saved.breakdowns.values_list("category", "count")) == [
        ("female", 3),
        ("male", 20),
        ("not-known", 0),
    ]
    event = AuditEvent.objects.get(action="submission.made")
    assert event.detail["breakdowns"] == ["sex"]


@pytest.mark.parametrize(
    ("breakdowns", "column", "message"),
    [
        (by_sex(3, 19), "breakdowns", "The sex counts add up to 22, not 23"),
        (
            [{"characteristic": "sex", "category": "female", "count": -1}],
            "breakdowns",
            "The sex count for “female” must be a whole number, 0 or more, not “-1”",
        ),
        (
            [{"characteristic": "sex", "category": "female", "count": "2.5"}],
            "breakdowns",
            "must be a whole number, 0 or more, not “2.5”",
        ),
        (
            [{"characteristic": "sex", "category": "woman", "count": 23}],
            "breakdowns",
            "“woman” is not a category of sex; use one of: female, male, not-known",
        ),
        (
            [{"characteristic": "religion", "category": "none", "count": 23}],
            "breakdowns",
            "“religion” is not a characteristic “cp-plans” is broken down by",
        ),
        (
            [
                {"characteristic": "sex", "category": "female", "count": 13},
                {"characteristic": "sex", "category": "Female", "count": 10},
            ],
            "breakdowns",
            "The sex category “female” is given twice",
        ),
    ],
)
def test_bad_breakdowns_are_refused_saying_what_to_fix(world, lead, breakdowns, column, message):
    problems = validate_rows([plans("23", breakdowns)], user=lead, partnership=world.partnership)
    assert problems, "expected a problem"
    assert problems[0].column == column
    assert message in problems[0].message
    with pytest.raises(RowsRefused):
        submit_rows([plans("23", breakdowns)], actor=lead, partnership=world.partnership)
    assert not Submission.objects.exists()


def test_an_indicator_without_breakdowns_refuses_them(world, lead):
    row = plans("20.8", by_sex(10, 10)) | {"indicator": "re-referrals-12-months"}
    problems = validate_rows([row], user=lead, partnership=world.partnership)
    assert "“re-referrals-12-months” is not submitted with breakdowns" in problems[0].message


def test_the_csv_takes_breakdowns_on_rows_of_their_own(world, lead):
    csv = (
        "indicator,organisation,period,value,characteristic,category\n"
        "cp-plans,Testshire Council,2016/17 Q4,413,,\n"
        "cp-plans,Testshire Council,2016/17 Q4,89,category_of_abuse,emotional-abuse\n"
        "cp-plans,Testshire Council,2016/17 Q4,288,category_of_abuse,Neglect\n"
        "cp-plans,Testshire Council,2016/17 Q4,7,category_of_abuse,physical-abuse\n"
        "cp-plans,Testshire Council,2016/17 Q4,6,category_of_abuse,sexual-abuse\n"
        "cp-plans,Testshire Council,2016/17 Q4,22,category_of_abuse,multiple\n"
    )
    client = signed_in_client(lead)
    refused = client.post(
        "/performance/submissions/upload/",
        {"file": SimpleUploadedFile("f.csv", csv.encode())},
    )
    assert refused.status_code == 400
    assert "Row 2, breakdowns: The category of abuse counts add up to 412, not 413" in (
        refused.content.decode()
    )
    assert not Submission.objects.exists()
    fixed = csv.replace("22,category_of_abuse,multiple", "23,category_of_abuse,multiple")
    saved = client.post(
        "/performance/submissions/upload/",
        {"file": SimpleUploadedFile("f.csv", fixed.encode())},
    )
    assert saved.status_code == 302
    submission = Submission.objects.get()
    assert submission.value == 413
    assert submission.breakdowns.get(category="neglect").count == 288


def test_a_breakdown_row_without_its_total_is_refused(world, lead):
    rows = [
        {
            "indicator": "cp-plans",
            "organisation": "Testshire Council",
            "period": "2016/17 Q4",
            "value": "3",
            "characteristic": "sex",
            "category": "female",
            "_row": 2,
        }
    ]
    (problem,) = validate_rows(rows, user=lead, partnership=world.partnership)
    assert problem.column == "characteristic"
    assert "There is no row with the total" in problem.message


# -- The API ----------------------------------------------------------------------------------


def test_the_api_takes_breakdowns_and_hides_small_counts_from_others(world, lead, council):
    posted = signed_in_client(lead).post(
        "/api/v1/submissions/",
        plans("23", by_sex(3, 20)),
        content_type="application/json",
    )
    assert posted.status_code == 201, posted.content
    cells = {c["category"]: c for c in posted.json()[0]["breakdowns"]}
    assert cells["female"] == {
        "characteristic": "sex",
        "category": "female",
        "count": 3,
        "suppressed": False,
    }
    pk = posted.json()[0]["id"]

    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.own, partnership=world.partnership)
    seen = signed_in_client(scrutineer).get(f"/api/v1/submissions/{pk}/").json()
    cells = {c["category"]: c for c in seen["breakdowns"]}
    assert cells["female"]["count"] is None and cells["female"]["suppressed"] is True
    assert cells["male"]["count"] is None and cells["male"]["suppressed"] is True
    assert cells["not-known"] == {
        "characteristic": "sex",
        "category": "not-known",
        "count": 0,
        "suppressed": False,
    }
    listed = signed_in_client(scrutineer).get("/api/v1/submissions/").json()["results"]
    assert all(c["count"] != 3 for s in listed for c in s["breakdowns"])


def test_the_api_refuses_breakdowns_that_do_not_add_up(world, lead):
    refused = signed_in_client(lead).post(
        "/api/v1/submissions/", plans("23", by_sex(3, 19)), content_type="application/json"
    )
    assert refused.status_code == 400
    assert "The sex counts add up to 22, not 23" in refused.json()["fields"]["rows"][0]


# -- The breakdown page -----------------------------------------------------------------------


def test_the_breakdown_page_shows_exact_counts_only_to_the_submitter_and_business_unit(
    world, lead, manager
):
    submission = submit_rows(
        [plans("23", by_sex(3, 20))], actor=lead, partnership=world.partnership
    ).saved[0]
    url = f"/performance/submissions/{submission.pk}/"
    for person in (lead, manager):
        page = signed_in_client(person).get(url)
        assert page.status_code == 200
        assert f'numeric">{FEWER_THAN}<' not in page.content.decode()
    executive = make_member(
        Role.DELEGATED_SAFEGUARDING_PARTNER, world.own, partnership=world.partnership
    )
    page = signed_in_client(executive).get(url).content.decode()
    assert page.count(f'numeric">{FEWER_THAN}<') == 2
    assert ">3<" not in page.replace(" ", "")
    # Another organisation's lead cannot see it at all.
    other = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other, partnership=world.partnership)
    assert signed_in_client(other).get(url).status_code == 404


# -- The form ---------------------------------------------------------------------------------


def test_the_form_lists_only_what_the_person_may_submit(world, lead, police):
    client = signed_in_client(lead)
    first = client.get(NEW)
    assert first.status_code == 200
    assert "Children on a child protection plan" in first.content.decode()
    assert "High-risk domestic abuse notifications" not in first.content.decode()
    form = client.get(NEW, {"indicator": "cp-plans"}).content.decode()
    assert "Testshire Council" in form and "Testshire Police" not in form
    year, quarter = current_period(timezone.localdate())
    expected = f"{year - 1}/{year % 100:02d} Q{quarter}"
    assert f'<option value="{expected}" selected>' in form
    assert 'name="bd-sex-female"' in form
    assert client.get(NEW, {"indicator": "high-risk-domestic-abuse-notifications"}).status_code in (
        200,
        400,
    )


def test_a_typo_is_refused_keeping_what_was_typed_then_saved(world, lead, council):
    client = signed_in_client(lead)
    data = {
        "indicator": "cp-plans",
        "organisation": str(council.pk),
        "period": "2016/17 Q4",
        "value": "23o",
        "bd-sex-female": "3",
        "bd-sex-male": "20",
    }
    refused = client.post(NEW, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "The value must be a number, like 413 or 20.8, not “23o”" in body
    assert 'value="23o"' in body and 'value="3"' in body
    assert not Submission.objects.exists()

    wrong_sum = client.post(NEW, data | {"value": "24"})
    assert wrong_sum.status_code == 400
    assert "The sex counts add up to 23, not 24" in wrong_sum.content.decode()

    saved = client.post(NEW, data | {"value": "23"})
    assert saved.status_code == 302
    submission = Submission.objects.get()
    assert saved["Location"] == f"/performance/submissions/{submission.pk}/"
    assert submission.breakdowns.count() == 3  # female, male and not-known (0)


def test_resubmitting_by_form_shows_the_value_it_replaces_first(world, lead, council):
    first = submit_rows(
        [plans("20", period="2016/17 Q3")], actor=lead, partnership=world.partnership
    ).saved[0]
    client = signed_in_client(lead)
    data = {
        "indicator": "cp-plans",
        "organisation": str(council.pk),
        "period": "2016/17 Q3",
        "value": "21",
    }
    check = client.post(NEW, data)
    assert check.status_code == 200
    assert "already has a value for 2016/17 Q3: 20" in check.content.decode()
    assert Submission.objects.count() == 1
    replaced = client.post(NEW, data | {"replace": str(first.pk)})
    assert replaced.status_code == 302
    first.refresh_from_db()
    assert first.superseded
    assert Submission.objects.current().get().value == Decimal("21")


def test_someone_who_may_not_submit_gets_403(world):
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, world.own, partnership=world.partnership)
    assert signed_in_client(scrutineer).get(NEW).status_code == 403


# -- Who has not submitted, and reminders -----------------------------------------------------


def test_the_due_date_is_20_working_days_after_the_period_ends():
    assert DAYS_TO_SUBMIT == 20
    # 31 March 2017; Good Friday, Easter Monday and the May bank holiday (1 May) do not count.
    assert due_on(2017, 4) == datetime.date(2017, 5, 3)
    assert due_on(2018, 1) == datetime.date(2017, 7, 28)
    assert current_period(datetime.date(2017, 5, 3)) == (2017, 4)
    assert current_period(datetime.date(2017, 7, 1)) == (2018, 1)
    assert current_period(datetime.date(2018, 1, 5)) == (2018, 3)


def test_the_business_unit_sees_who_has_not_submitted(world, lead, manager, council, police):
    submit_rows([plans("413")], actor=lead, partnership=world.partnership)
    page = signed_in_client(manager).get(OUTSTANDING, {"period": "2016/17 Q4"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Who has not submitted figures for 2016/17 Q4" in body
    assert "3 May 2017" in body and "20 working days" in body
    assert "Testshire Police" in body and "Not submitted" in body
    figures = figures_expected(world.partnership, 2017, 4)
    by_name = {o.organisation.name: o for o in figures.organisations}
    assert [e.indicator.code for e in by_name["Testshire Council"].submitted] == ["cp-plans"]
    assert (
        len(by_name["Testshire Police"].outstanding)
        == Indicator.objects.filter(source="local", submitted_by="police").count()
    )
    assert all(e.late for e in by_name["Testshire Police"].outstanding)


def test_only_the_business_unit_sees_who_has_not_submitted(world, lead):
    assert signed_in_client(lead).get(OUTSTANDING).status_code == 403
    assert signed_in_client(lead).get("/api/v1/submissions/outstanding").status_code == 403


def test_reminders_email_the_leads_and_are_recorded(
    world, manager, council, police, django_capture_on_commit_callbacks
):
    police_lead = make_member(
        Role.AGENCY_SAFEGUARDING_LEAD,
        police,
        partnership=world.partnership,
        email="lead@police.example",
    )
    client = signed_in_client(manager)
    assert client.get(REMIND).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            REMIND,
            {
                "period": "2016/17 Q4",
                "partnership": world.partnership.pk,
                "organisation": police.pk,
            },
        )
    assert sent.status_code == 302
    (message,) = mail.outbox
    assert message.to == [police_lead.email]
    assert message.subject == "Figures due for 2016/17 Q4: Testshire Police"
    assert "High-risk domestic abuse notifications" in message.body
    assert "3 May 2017" in message.body
    reminder = SubmissionReminder.objects.get()
    assert (reminder.organisation, reminder.year, reminder.quarter, reminder.recipients) == (
        police,
        2017,
        4,
        1,
    )
    event = AuditEvent.objects.get(action="submission.reminder_sent")
    assert event.detail["recipient_ids"] == [police_lead.pk]
    page = client.get(sent["Location"]).content.decode()
    assert f"last reminded {timezone.localdate():%-d %B %Y}" in page


def test_reminding_everyone_skips_organisations_without_a_lead(
    world, manager, council, police, django_capture_on_commit_callbacks
):
    make_member(Role.AGENCY_SAFEGUARDING_LEAD, council, partnership=world.partnership)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(manager).post(
            REMIND, {"period": "2016/17 Q4", "partnership": world.partnership.pk}
        )
    assert len(mail.outbox) == 1
    assert list(SubmissionReminder.objects.values_list("organisation__name", flat=True)) == [
        "Testshire Council"
    ]


def test_the_outstanding_page_and_api_take_a_constant_number_of_queries(world, manager):
    load_indicator_catalogue()
    client = signed_in_client(manager)

    def grow(n):
        for i in range(n):
            organisation = make_organisation(
                world.partnership, kind=OrganisationKind.LOCAL_AUTHORITY, name=f"Council {i}"
            )
            make_member(Role.AGENCY_SAFEGUARDING_LEAD, organisation, partnership=world.partnership)
            Indicator.objects.create(
                code=f"extra-{organisation.pk}",
                title="Extra",
                definition="Extra",
                unit="count",
                direction="neither",
                source="local",
                submitted_by="local_authority",
                frequency="quarterly",
            )
            SubmissionReminder.objects.create(
                partnership=world.partnership,
                organisation=organisation,
                year=2017,
                quarter=4,
                sent_by=manager,
                sent_at=timezone.now(),
                recipients=1,
            )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"period": "2016/17 Q4"}).status_code == 200
        return len(queries)

    grow(1)
    small = count(OUTSTANDING), count("/api/v1/submissions/outstanding")
    grow(9)
    assert (count(OUTSTANDING), count("/api/v1/submissions/outstanding")) == small


def test_the_api_says_who_has_not_submitted(world, lead, manager, police):
    submit_rows([plans("413")], actor=lead, partnership=world.partnership)
    client = signed_in_client(manager)
    answer = client.get("/api/v1/submissions/outstanding", {"period": "2016/17 Q4"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["period"] == "2016/17 Q4" and data["due"] == "2017-05-03"
    rows = {o["organisation"]: o for o in data["organisations"]}
    assert "cp-plans" in rows["Testshire Council"]["submitted"]
    assert "high-risk-domestic-abuse-notifications" in rows["Testshire Police"]["outstanding"]
    bad = client.get("/api/v1/submissions/outstanding", {"period": "2016-17"})
    assert bad.status_code == 400 and "period" in bad.json()["fields"]
    other = client.get("/api/v1/submissions/outstanding", {"partnership": world.elsewhere.pk})
    assert other.status_code == 404


# -- Home page prompts ------------------------------------------------------------------------


def test_the_home_page_prompts_the_business_unit_and_the_lead(world, lead, manager, police):
    label = period_label(*current_period(timezone.localdate()))
    home = signed_in_client(manager).get("/home/").content.decode()
    assert f"2 organisations have not submitted figures for {label}" in home
    home = signed_in_client(lead).get("/home/").content.decode()
    assert f"Submit Testshire Council&#x27;s figures for {label}" in home


def test_breakdowns_are_kept_with_the_history(world, lead):
    first = submit_rows(
        [plans("23", by_sex(3, 20))], actor=lead, partnership=world.partnership
    ).saved[0]
    submit_rows([plans("24", by_sex(4, 20))], actor=lead, partnership=world.partnership)
    assert SubmissionBreakdown.objects.filter(submission=first).count() == 3
    assert SubmissionBreakdown.objects.count() == 6


def test_a_total_with_a_problem_is_reported_once_not_again_for_its_breakdown_rows(world, lead):
    rows = [
        plans("41x") | {"_row": 2},
        plans("3") | {"characteristic": "sex", "category": "female", "_row": 3},
    ]
    problems = validate_rows(rows, user=lead, partnership=world.partnership)
    assert [(p.row, p.column) for p in problems] == [(2, "value")]
