"""Practice reviews through the pages: the six-month clock with pauses, the advance notice in
working days, findings and recommendations with themes, maker-checker publication, the public
pages, the theme view and scoping, with steady query counts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.learning import reviews as svc
from masa.learning import services
from masa.learning.models import (
    ActionStatus,
    Publication,
    Review,
    ReviewAction,
    ReviewStatus,
    Theme,
)

D = datetime.date


def date_fields(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def theme(name):
    return Theme.objects.get(name=name)


def start(manager, **extra):
    values = {
        "kind": "cspr",
        "title": "Child L and Child J",
        "started_on": D(2016, 1, 15),
    }
    values.update(extra)
    return svc.review_start(actor=manager, **values)


@pytest.fixture
def approver(world):
    return make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own, full_name="Dee Partner")


# -- The six-month clock ----------------------------------------------------------------------


def test_the_report_is_expected_six_months_after_the_decision_to_initiate(world, manager):
    review = start(manager, started_on=D(2016, 8, 31))
    # 31 August + 6 months: the last day of February (2017 is not a leap year).
    assert review.publication_expected == D(2017, 2, 28)
    assert svc.add_months(D(2016, 1, 15), 6) == D(2016, 7, 15)
    assert svc.add_months(D(2015, 8, 31), 6) == D(2016, 2, 29)


def test_pauses_move_the_expected_date_and_an_open_pause_keeps_moving_it(world, manager):
    review = start(manager, started_on=D(2016, 1, 15))
    assert review.publication_expected == D(2016, 7, 15)
    svc.pause_add(
        actor=manager,
        review=review,
        reason="criminal_proceedings",
        started_on=D(2016, 3, 1),
        ended_on=D(2016, 3, 31),
    )
    review.refresh_from_db()
    assert review.paused_days == 30
    assert review.publication_expected == D(2016, 8, 14)
    pause = svc.pause_add(actor=manager, review=review, reason="inquest", started_on=D(2016, 5, 1))
    review.refresh_from_db()
    # The stored date counts only ended pauses; the open one adds the days it has run so far.
    assert review.publication_expected == D(2016, 8, 14)
    assert svc.expected_on(review, D(2016, 5, 11)) == D(2016, 8, 24)
    clock = svc.clock_of(review, D(2016, 5, 11))
    assert clock.state == "paused" and clock.paused_days == 40 and clock.paused_now
    svc.pause_change(actor=manager, pause=pause, changes={"ended_on": D(2016, 5, 21)})
    review.refresh_from_db()
    assert review.paused_days == 50 and review.publication_expected == D(2016, 9, 3)
    assert svc.clock_of(review, D(2016, 9, 4)).state == "late"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning.review_paused", "learning.review_pause_changed"} <= actions


def test_pauses_may_not_overlap_start_early_or_end_before_they_start(world, manager):
    review = start(manager, started_on=D(2016, 1, 15))
    svc.pause_add(
        actor=manager,
        review=review,
        reason="criminal_proceedings",
        started_on=D(2016, 3, 1),
        ended_on=D(2016, 3, 31),
    )
    for started_on, ended_on, field in (
        (D(2016, 3, 20), D(2016, 4, 10), "started_on"),
        (D(2016, 1, 1), None, "started_on"),
        (D(2016, 5, 10), D(2016, 5, 1), "ended_on"),
    ):
        with pytest.raises(ValidationError) as refusal:
            svc.pause_add(
                actor=manager,
                review=review,
                reason="other",
                started_on=started_on,
                ended_on=ended_on,
            )
        assert field in refusal.value.message_dict


def test_advance_notice_counts_back_seven_working_days_over_christmas_and_easter(world, manager):
    # Publication on Friday 30 December 2016: 27 December (Tuesday) is the substitute bank
    # holiday for Christmas Day and 26 December is Boxing Day, so seven working days back
    # reaches Monday 19 December.
    assert svc.advance_notice_due(D(2016, 12, 30)) == D(2016, 12, 19)
    # Publication on Wednesday 19 April 2017: Good Friday 14 April and Easter Monday 17 April
    # are bank holidays, so seven working days back is Thursday 6 April.
    assert svc.advance_notice_due(D(2017, 4, 19)) == D(2017, 4, 6)
    review = start(manager)
    review = svc.review_change(
        actor=manager, review=review, changes={"publication_planned_on": D(2016, 12, 30)}
    )
    assert review.advance_notice_due_on == D(2016, 12, 19)


def test_a_cspr_is_published_only_seven_working_days_after_the_panel_has_the_report(
    world, manager, approver, tmp_path, settings
):
    settings.MASA_UPLOAD_ROOT = str(tmp_path)
    review = start(manager, started_on=D(2016, 6, 1))
    publication = svc.publication_prepare(
        actor=manager,
        review=review,
        what="summary",
        summary="Learning from Child L and Child J.",
        file=io.BytesIO(b"The summary of the review.\n"),
        filename="summary.txt",
    )
    with pytest.raises(ValidationError, match="sent to the Panel"):
        svc.publication_approve(
            actor=approver, publication=publication, published_on=D(2016, 12, 30)
        )
    svc.review_change(
        actor=manager, review=review, changes={"advance_notice_sent_on": D(2016, 12, 20)}
    )
    # 20 December to 30 December 2016 is only six working days (Christmas and Boxing Day).
    with pytest.raises(ValidationError, match="it was sent 6 working days before"):
        svc.publication_approve(
            actor=approver, publication=publication, published_on=D(2016, 12, 30)
        )
    svc.publication_approve(actor=approver, publication=publication, published_on=D(2017, 1, 3))
    review.refresh_from_db()
    assert review.published_on == D(2017, 1, 3) and review.status == ReviewStatus.PUBLISHED


# -- Maker-checker and the public pages -------------------------------------------------------


def _prepared(manager, review, tmp_path, settings, summary="Published summary of the review."):
    settings.MASA_UPLOAD_ROOT = str(tmp_path)
    svc.review_change(
        actor=manager, review=review, changes={"advance_notice_sent_on": D(2016, 11, 1)}
    )
    return svc.publication_prepare(
        actor=manager,
        review=review,
        what="summary",
        summary=summary,
        file=io.BytesIO(b"The public summary.\n"),
        filename="Child L summary.txt",
    )


def test_whoever_prepared_a_publication_cannot_approve_it(
    world, manager, approver, tmp_path, settings
):
    both = make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, world.own)
    from masa.accounts.models import Membership

    Membership.objects.create(
        person=both, organisation=world.own, partnership=world.partnership, role="business_manager"
    )
    review = start(manager)
    publication = _prepared(both, review, tmp_path, settings)
    with pytest.raises(ValidationError, match="someone else must approve"):
        svc.publication_approve(actor=both, publication=publication, published_on=D(2016, 12, 1))
    page = signed_in_client(both).get(f"/learning/reviews/publications/{publication.pk}/approve/")
    assert (
        b"someone else must approve" in page.content and b"Approve and publish" not in page.content
    )
    refused = signed_in_client(both).post(
        f"/learning/reviews/publications/{publication.pk}/approve/",
        date_fields("published_on", D(2016, 12, 1)),
    )
    assert refused.status_code == 400
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(pk=publication.pk).update(approved_by=both)
    # The business manager sees what awaits approval and who gives it, but may not approve.
    manager_client = signed_in_client(manager)
    page = manager_client.get(f"/learning/reviews/publications/{publication.pk}/approve/")
    assert page.status_code == 200
    assert b"delegated safeguarding partner or the partnership chair approves" in page.content
    assert b"Approve and publish" not in page.content
    assert (
        manager_client.post(
            f"/learning/reviews/publications/{publication.pk}/approve/",
            date_fields("published_on", D(2016, 12, 1)),
        ).status_code
        == 403
    )
    response = signed_in_client(approver).post(
        f"/learning/reviews/publications/{publication.pk}/approve/",
        date_fields("published_on", D(2016, 12, 1)),
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.approved_by == approver and publication.published_on == D(2016, 12, 1)


def test_the_public_sees_only_what_was_published(world, manager, approver, tmp_path, settings):
    review = start(
        manager,
        terms_of_reference="Secret terms of reference",
        methodology="Secret methodology",
        reviewer_name="Secret Reviewer",
    )
    svc.finding_add(actor=manager, review=review, text="Secret finding text")
    unpublished = start(manager, title="Child Unpublished")
    publication = _prepared(manager, review, tmp_path, settings)
    public = Client()
    assert b"Child L and Child J" not in public.get("/learning/published/").content
    assert public.get(f"/learning/published/{review.pk}/").status_code == 404
    assert public.get(f"/learning/published/files/{publication.pk}/").status_code == 404
    svc.publication_approve(actor=approver, publication=publication, published_on=D(2016, 12, 1))
    listing = public.get("/learning/published/")
    assert b"Child L and Child J" in listing.content
    assert b"Child Unpublished" not in listing.content
    page = public.get(f"/learning/published/{review.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Published summary of the review." in body
    for secret in ("Secret terms", "Secret methodology", "Secret Reviewer", "Secret finding"):
        assert secret not in body
    download = public.get(f"/learning/published/files/{publication.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"The public summary.\n"
    assert download["Content-Disposition"] == (
        f'attachment; filename="review-{review.pk}-summary.txt"'
    )
    assert public.get(f"/learning/published/{unpublished.pk}/").status_code == 404
    assert public.get(f"/learning/reviews/{review.pk}/").status_code in (302, 403, 404)


def test_a_refused_upload_is_audited_and_nothing_is_stored(world, manager, tmp_path, settings):
    settings.MASA_UPLOAD_ROOT = str(tmp_path)
    review = start(manager)
    response = signed_in_client(manager).post(
        f"/learning/reviews/{review.pk}/publish/",
        {
            "what": "summary",
            "summary": "A summary I typed",
            "file": SimpleUploadedFile("report.exe", b"MZ\x90\x00binary"),
        },
    )
    assert response.status_code == 400
    assert b"A summary I typed" in response.content
    assert not Publication.objects.exists()
    assert AuditEvent.objects.filter(action="documents.upload_refused").exists()


# -- Pages, scope and queries -----------------------------------------------------------------


def test_the_business_manager_starts_a_review_from_a_case_and_records_its_learning(
    world, manager_client, manager
):
    case = services.case_raise(
        actor=manager,
        organisation=world.own,
        what_happened="A baby was admitted with injuries.",
        age_band="under_1",
        raised_on=D(2016, 1, 4),
    )
    form = manager_client.get(f"/learning/reviews/start/?case={case.pk}")
    assert form.status_code == 200
    bad = manager_client.post(
        "/learning/reviews/start/",
        {
            "case": str(case.pk),
            "kind": "cspr",
            "title": "",
            "started_on-day": "30",
            "started_on-month": "2",
            "started_on-year": "2016",
        },
    )
    assert bad.status_code == 400
    assert b"must be a real date" in bad.content and b"Enter the title" in bad.content
    response = manager_client.post(
        "/learning/reviews/start/",
        {
            "case": str(case.pk),
            "kind": "cspr",
            "title": "Child L and Child J",
            "reviewer_name": "An Independent Reviewer",
            "terms_of_reference": "The period from pregnancy to the injuries.",
            **date_fields("started_on", D(2016, 2, 1)),
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/learning/reviews/{review.pk}/"
    assert review.case == case and review.publication_expected == D(2016, 8, 1)
    info = theme("Information sharing")
    added = manager_client.post(
        f"/learning/reviews/{review.pk}/finding/",
        {"kind": "finding", "text": "Closer liaison between agencies.", "themes": [str(info.pk)]},
    )
    finding = review.findings.get()
    assert added.status_code == 302 and list(finding.themes.all()) == [info]
    recommendation = manager_client.post(
        f"/learning/reviews/{review.pk}/recommendation/",
        {"text": "Share information.", "themes": [str(info.pk)]},
    )
    assert recommendation.status_code == 400
    assert b"Select who the recommendation is for" in recommendation.content
    manager_client.post(
        f"/learning/reviews/{review.pk}/recommendation/",
        {
            "text": "Share information.",
            "themes": [str(info.pk)],
            "addressed_to": [str(world.other.pk)],
        },
    )
    page = manager_client.get(f"/learning/reviews/{review.pk}/")
    assert page.status_code == 200
    assert b"Closer liaison between agencies." in page.content
    assert b"Share information." in page.content
    assert AuditEvent.objects.filter(action="review.read", object_id=str(review.pk)).exists()
    assert {
        "learning.review_started",
        "learning.finding_added",
        "learning.recommendation_added",
    } <= set(AuditEvent.objects.values_list("action", flat=True))
    assert manager_client.get(f"/cases/{case.pk}/").status_code == 200


def test_an_organisation_sees_reviews_of_its_cases_and_of_its_actions_only(world, manager):
    own_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    other_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other)
    case = services.case_raise(
        actor=manager,
        organisation=world.own,
        what_happened="A case.",
        age_band="under_1",
        raised_on=D(2016, 1, 4),
    )
    of_case = start(manager, case=case)
    thematic = start(manager, kind="thematic", title="Neglect thematic review")
    recommendation = svc.recommendation_add(
        actor=manager, review=thematic, text="Do better.", addressed_to_partnership=True
    )
    assert set(Review.objects.visible_to(own_lead)) == {of_case}
    assert set(Review.objects.visible_to(other_lead)) == set()
    ReviewAction.objects.create(
        recommendation=recommendation,
        description="An action",
        owning_organisation=world.other,
        due_on=D(2017, 1, 1),
    )
    assert set(Review.objects.visible_to(other_lead)) == {thematic}
    assert set(ReviewAction.objects.visible_to(other_lead)) == set(ReviewAction.objects.all())
    assert not ReviewAction.objects.visible_to(own_lead).exists()
    client = signed_in_client(other_lead)
    assert client.get(f"/learning/reviews/{of_case.pk}/").status_code == 404
    assert client.get(f"/learning/reviews/{thematic.pk}/").status_code == 200
    assert (
        signed_in_client(make_member(Role.PRACTITIONER, world.own))
        .get("/learning/reviews/")
        .status_code
        == 403
    )


def _many_reviews(manager, count, organisation, start_year=2014):
    info, neglect = theme("Information sharing"), theme("Neglect")
    for number in range(count):
        review = start(
            manager,
            title=f"Review {number}",
            started_on=D(start_year + number % 3, 1 + number % 12, 1),
        )
        svc.pause_add(
            actor=manager,
            review=review,
            reason="criminal_proceedings",
            started_on=review.started_on,
            ended_on=review.started_on + datetime.timedelta(days=10),
        )
        svc.finding_add(actor=manager, review=review, text="Share.", themes=[info, neglect])
        recommendation = svc.recommendation_add(
            actor=manager,
            review=review,
            text="Share more.",
            themes=[info],
            addressed_to_partnership=True,
        )
        ReviewAction.objects.create(
            recommendation=recommendation,
            description="Act",
            owning_organisation=organisation,
            due_on=D(2017, 1, 1),
            status=ActionStatus.OPEN if number % 2 else ActionStatus.DONE,
        )


@pytest.mark.parametrize("url", ["/learning/reviews/", "/learning/themes/", "/learning/published/"])
def test_list_pages_take_the_same_number_of_queries_however_many_reviews(
    world, manager, manager_client, url
):
    _many_reviews(manager, 1, world.own)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(url).status_code == 200
        return len(queries)

    few = count()
    _many_reviews(manager, 9, world.own)
    assert count() == few


def test_the_theme_view_counts_findings_reviews_years_and_open_actions(
    world, manager, manager_client
):
    _many_reviews(manager, 6, world.own)
    info = theme("Information sharing")
    summaries = {s.theme.name: s for s in svc.theme_summaries(manager)}
    assert summaries["Information sharing"].findings == 6
    assert summaries["Information sharing"].reviews == 6
    assert summaries["Information sharing"].since == 2014
    assert summaries["Information sharing"].recommendations == 6
    assert summaries["Information sharing"].open_actions == 3
    assert summaries["Neglect"].open_actions == 0  # no recommendation is themed neglect
    assert summaries["Information sharing"].sentence == (
        "Information sharing: 6 findings in 6 reviews since 2014; 3 open actions"
    )
    page = manager_client.get(f"/learning/themes/{info.pk}/")
    assert page.status_code == 200 and b"6 findings in 6 reviews since 2014" in page.content
