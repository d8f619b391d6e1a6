"""The published arrangements: drafting, approval into versions, the public page, what changed,
the PDF, the statutory milestones and the API."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masa.accounts.models import Engagement, OrganisationKind
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.arrangements.diff import compare, word_diff
from masa.arrangements.models import Arrangements, DraftSection, Milestone, SectionKey, Version
from masa.arrangements.sections import render_arrangements, text_blocks
from masa.arrangements.services import arrangements_approve, arrangements_start, section_change
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership.models import Budget, Contribution, ContributionSource, Group


@pytest.fixture
def setup(world):
    """The world's partnership with its arrangements started, a business manager, a lead
    partner, a relevant agency, a group and a 2024/25 budget in shares."""
    world.manager = make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")
    world.lead = make_member(Role.LEAD_SAFEGUARDING_PARTNER, world.own, full_name="Lena Lead")
    world.lead.job_title = "Chief Executive"
    world.lead.save(update_fields=["job_title"])
    world.arrangements = arrangements_start(
        actor=world.manager, partnership=world.partnership, resourcing_year=2024
    )
    Group.objects.create(
        partnership=world.partnership, name="Quality and Performance", kind="subgroup"
    )
    Engagement.objects.filter(organisation=world.other).update(how_engaged="Takes part in audits")
    budget = Budget.objects.create(partnership=world.partnership, year=2024)
    Contribution.objects.create(budget=budget, organisation=world.own, share_percent=Decimal(81))
    Contribution.objects.create(
        budget=budget, source=ContributionSource.TRAINING_INCOME, share_percent=Decimal(19)
    )
    return world


def section(world, key: SectionKey) -> DraftSection:
    return world.arrangements.sections.get(key=key)


def blocks_text(doc, key: str) -> str:
    found = next(s for s in doc["sections"] if s["key"] == key)
    return repr(found["blocks"])


# -- Rendering -----------------------------------------------------------------------------


def test_plain_text_becomes_paragraphs_and_lists():
    blocks = text_blocks("First line\ncontinues.\n\nGroups:\n- Youth Forum\n- The Unstoppables")
    assert blocks == [
        {"kind": "p", "text": "First line continues."},
        {"kind": "p", "text": "Groups:"},
        {"kind": "ul", "items": ["Youth Forum", "The Unstoppables"]},
    ]


def test_sections_are_rendered_from_the_records(setup):
    doc = render_arrangements(setup.arrangements)
    assert [s["number"] for s in doc["sections"]] == list(range(1, 11))
    assert setup.partnership.area.first().name in blocks_text(doc, "area")
    assert "Lena Lead, Chief Executive" in blocks_text(doc, "leadership")
    agencies = blocks_text(doc, "relevant_agencies")
    assert "Testshire Probation Service" in agencies
    assert "Takes part in audits" in agencies
    assert "Quality and Performance" in blocks_text(doc, "governance")
    resourcing = blocks_text(doc, "resourcing")
    assert "81%" in resourcing and "19%" in resourcing and "2024/25" in resourcing


# -- Editing -------------------------------------------------------------------------------


def test_the_business_manager_changes_a_section_and_it_is_audited(setup):
    client = signed_in_client(setup.manager)
    target = section(setup, SectionKey.PARTICIPATION)
    assert client.get(f"/arrangements/sections/{target.pk}/").status_code == 200
    response = client.post(
        f"/arrangements/sections/{target.pk}/", {"body": "We listen:\n- Somerset Youth Forum"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.body == "We listen:\n- Somerset Youth Forum"
    event = AuditEvent.objects.filter(action="arrangements.section_changed").latest("id")
    assert event.detail == {"arrangements": setup.arrangements.pk, "section": "participation"}
    page = client.get(f"/arrangements/drafts/{setup.arrangements.pk}/").content.decode()
    assert "<li>Somerset Youth Forum</li>" in page


def test_html_is_refused_with_a_message_and_the_text_is_kept(setup):
    client = signed_in_client(setup.manager)
    target = section(setup, SectionKey.TRAINING)
    response = client.post(
        f"/arrangements/sections/{target.pk}/", {"body": "Courses <b>online</b>"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "plain text without HTML tags" in page
    assert "Courses &lt;b&gt;online&lt;/b&gt;" in page
    target.refresh_from_db()
    assert target.body == ""


def test_the_title_and_budget_year_are_checked(setup):
    client = signed_in_client(setup.manager)
    url = f"/arrangements/drafts/{setup.arrangements.pk}/details/"
    response = client.post(url, {"title": "Agreement", "resourcing_year": "2024"})
    assert response.status_code == 400
    assert "write it like 2016/17" in response.content.decode()
    assert client.post(url, {"title": "Agreement", "resourcing_year": "2023/24"}).status_code == 302
    setup.arrangements.refresh_from_db()
    assert setup.arrangements.resourcing_year == 2023


def test_the_drafts_page_starts_a_partnerships_arrangements(world):
    manager = make_member(Role.BUSINESS_MANAGER, world.own)
    client = signed_in_client(manager)
    assert "Start the arrangements" in client.get("/arrangements/drafts/").content.decode()
    response = client.post("/arrangements/drafts/", {"partnership": world.partnership.pk})
    assert response.status_code == 302
    arrangements = Arrangements.objects.get(partnership=world.partnership)
    assert arrangements.sections.count() == len(SectionKey.values)
    assert Milestone.objects.filter(partnership=world.partnership).count() == 4
    # Another partnership's: 404.
    assert (
        client.post("/arrangements/drafts/", {"partnership": world.elsewhere.pk}).status_code == 404
    )


# -- Approval and versions -----------------------------------------------------------------


def test_a_lead_partner_approves_and_the_public_reads_the_version(setup):
    section_change(
        actor=setup.manager, section=section(setup, SectionKey.TRAINING), body="Courses online."
    )
    public = Client()
    assert "Courses online." not in public.get("/arrangements/").content.decode()
    client = signed_in_client(setup.lead)
    assert client.get(f"/arrangements/drafts/{setup.arrangements.pk}/approve/").status_code == 405
    response = client.post(f"/arrangements/drafts/{setup.arrangements.pk}/approve/")
    assert response.status_code == 302
    version = Version.objects.get()
    assert version.number == 1
    assert version.approved_by == setup.lead
    assert version.published_on == timezone.localdate()
    assert "Lead safeguarding partner" in version.approved_by_role
    event = AuditEvent.objects.filter(action="arrangements.approved").get()
    assert event.detail == {"arrangements": setup.arrangements.pk, "version": 1}
    page = public.get("/arrangements/").content.decode()
    assert "Courses online." in page
    assert "9. Multi-agency training" in page
    # The draft changes; the public still sees version 1 until it is approved.
    section_change(
        actor=setup.manager, section=section(setup, SectionKey.TRAINING), body="Courses in person."
    )
    assert "Courses in person." not in public.get("/arrangements/").content.decode()


def test_the_business_manager_cannot_approve(setup):
    client = signed_in_client(setup.manager)
    assert client.post(f"/arrangements/drafts/{setup.arrangements.pk}/approve/").status_code == 403
    assert not Version.objects.exists()


def test_publishing_needs_a_second_person(setup):
    both = make_member(Role.LEAD_SAFEGUARDING_PARTNER, setup.own)
    section_change(actor=both, section=section(setup, SectionKey.TRAINING), body="Mine.")
    client = signed_in_client(both)
    client.post(f"/arrangements/drafts/{setup.arrangements.pk}/approve/")
    assert not Version.objects.exists()
    page = client.get(f"/arrangements/drafts/{setup.arrangements.pk}/").content.decode()
    assert "someone else must approve it" in page


def test_an_unchanged_draft_is_not_approved_twice(setup):
    arrangements_approve(actor=setup.lead, arrangements=setup.arrangements)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        arrangements_approve(actor=setup.lead, arrangements=setup.arrangements)


def test_what_changed_is_shown_word_by_word_with_announced_ins_and_del(setup):
    target = section(setup, SectionKey.TRAINING)
    section_change(actor=setup.manager, section=target, body="Courses are offered online.")
    arrangements_approve(actor=setup.lead, arrangements=setup.arrangements)
    section_change(actor=setup.manager, section=target, body="Courses are offered in person.")
    later = timezone.now() + datetime.timedelta(minutes=1)
    second = arrangements_approve(actor=setup.lead, arrangements=setup.arrangements, when=later)
    page = Client().get(f"/arrangements/versions/{second.pk}/changes/").content.decode()
    assert "1 section changed" in page
    assert (
        '<del class="masa-diff__removed"><span class="govuk-visually-hidden">removed: </span>online.</del>'
        in page
    )
    assert (
        '<ins class="masa-diff__added"><span class="govuk-visually-hidden">added: </span>in person.</ins>'
        in page
    )
    assert "9. Multi-agency training" in page


def test_word_diff_keeps_the_words_in_common():
    pieces = word_diff("the chair rotates annually", "the chair rotates every two years")
    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "the chair rotates "),
        ("removed", "annually"),
        ("added", "every two years"),
    ]


def test_the_first_version_is_all_added(setup):
    doc = render_arrangements(setup.arrangements)
    assert {c.status for c in compare(None, doc)} == {"added"}


def test_the_pdf_has_a_title_page_contents_and_numbered_sections(setup):
    section_change(
        actor=setup.manager, section=section(setup, SectionKey.REVIEWS), body="Rapid reviews."
    )
    version = arrangements_approve(actor=setup.lead, arrangements=setup.arrangements)
    response = Client().get(f"/arrangements/versions/{version.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    filename = disposition.split("filename=")[1].lower()
    assert filename == f'"{setup.partnership.short_name.lower()}-arrangements-version-1.pdf"'
    assert response.content.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Multi-agency safeguarding arrangements" in text
    assert "Contents" in text
    for heading in ("1. Introduction", "3. Leadership arrangements", "8. Child safeguarding"):
        assert heading in text
    assert "Rapid reviews." in text
    assert "Lena Lead" in text  # the approver, as published
    assert not (reader.metadata or {}).get("/Author")


def test_an_unknown_version_answers_404(db):
    assert Client().get("/arrangements/versions/999/").status_code == 404
    assert Client().get("/arrangements/versions/999/pdf/").status_code == 404


# -- Milestones ----------------------------------------------------------------------------


def test_overdue_milestones_are_flagged_and_a_date_done_is_recorded(setup):
    client = signed_in_client(setup.manager)
    page = client.get(f"/arrangements/drafts/{setup.arrangements.pk}/").content.decode()
    assert page.count('govuk-tag--red">Overdue') == 4
    milestone = Milestone.objects.get(due_on=datetime.date(2019, 9, 29))
    url = f"/arrangements/milestones/{milestone.pk}/"
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        url, {"done_on-day": future.day, "done_on-month": future.month, "done_on-year": future.year}
    )
    assert response.status_code == 400
    assert "today or in the past" in response.content.decode()
    response = client.post(url, {"done_on-day": "30", "done_on-month": "9", "done_on-year": "2019"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2019, 9, 30)
    event = AuditEvent.objects.filter(action="arrangements.milestone_recorded").get()
    assert event.detail == {"milestone": milestone.pk, "done_on": "2019-09-30"}
    page = client.get(f"/arrangements/drafts/{setup.arrangements.pk}/").content.decode()
    assert "Done late" in page
    assert page.count('govuk-tag--red">Overdue') == 3


# -- API -----------------------------------------------------------------------------------


def test_the_public_api_lists_published_versions_with_sections(setup):
    assert Client().get("/api/v1/arrangements/").json()["results"] == []
    version = arrangements_approve(actor=setup.lead, arrangements=setup.arrangements)
    listing = Client().get("/api/v1/arrangements/").json()["results"]
    assert [v["id"] for v in listing] == [version.pk]
    detail = Client().get(f"/api/v1/arrangements/{version.pk}/").json()
    assert detail["number"] == 1
    assert [s["title"] for s in detail["sections"]][:2] == ["Introduction", "Geographic area"]


def test_the_drafts_api_is_for_those_who_may_see_drafts(setup):
    practitioner = make_member(Role.PRACTITIONER, setup.own)
    assert signed_in_client(practitioner).get("/api/v1/arrangement-drafts/").status_code == 403
    listing = signed_in_client(setup.manager).get("/api/v1/arrangement-drafts/").json()
    assert [d["id"] for d in listing["results"]] == [setup.arrangements.pk]


def test_a_section_is_changed_through_the_api_with_the_same_checks(setup):
    client = signed_in_client(setup.manager)
    target = section(setup, SectionKey.TRAINING)
    url = f"/api/v1/arrangement-sections/{target.pk}/"
    assert client.get(url).json()["title"] == "Multi-agency training"
    response = client.patch(url, {"body": "Courses online."}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["body"] == "Courses online."
    assert AuditEvent.objects.filter(action="arrangements.section_changed").exists()
    bad = client.patch(url, {"body": "<script>x</script>"}, content_type="application/json")
    assert bad.status_code == 400
    assert "plain text" in str(bad.json()["fields"]["body"])
    assert client.post("/api/v1/arrangement-sections/", {}).status_code == 405
    scrutineer = make_member(Role.INDEPENDENT_SCRUTINEER, setup.own)
    denied = signed_in_client(scrutineer).patch(url, {"body": "x"}, content_type="application/json")
    assert denied.status_code == 403


def test_another_partnerships_draft_answers_404(setup):
    elsewhere = arrangements_start(actor=None, partnership=setup.elsewhere)
    client = signed_in_client(setup.manager)
    other_section = elsewhere.sections.first()
    assert client.get(f"/arrangements/drafts/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/arrangements/sections/{other_section.pk}/").status_code == 404
    assert client.get(f"/api/v1/arrangement-drafts/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/api/v1/arrangement-sections/{other_section.pk}/").status_code == 404


# -- Queries do not grow with the data ------------------------------------------------------


def _grow(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        organisation = make_organisation(world.partnership, name=f"Agency {i}")
        make_member(Role.DELEGATED_SAFEGUARDING_PARTNER, organisation)
        Group.objects.create(partnership=world.partnership, name=f"Group {i}", kind="subgroup")
        make_organisation(world.partnership, kind=OrganisationKind.EDUCATION, name=f"School {i}")
        section_change(
            actor=None, section=section(world, SectionKey.TRAINING), body=f"Version text {i}"
        )
        arrangements_approve(
            actor=world.lead,
            arrangements=world.arrangements,
            when=timezone.now() - datetime.timedelta(days=100 - i),
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/arrangements/", "/arrangements/drafts/", "draft", "version", "changes", "api"]
)
def test_queries_per_page_do_not_grow_with_the_records(setup, url):
    client = signed_in_client(setup.manager)

    def resolve() -> str:
        latest = Version.objects.order_by("-number").first()
        return {
            "draft": f"/arrangements/drafts/{setup.arrangements.pk}/",
            "version": f"/arrangements/versions/{latest.pk}/",
            "changes": f"/arrangements/versions/{latest.pk}/changes/",
            "api": "/api/v1/arrangements/",
        }.get(url, url)

    _grow(setup, 1)
    few = _queries(client, resolve())
    _grow(setup, 10, start=1)
    many = _queries(client, resolve())
    assert few == many


# -- The crawl, for this app's URLs ---------------------------------------------------------


def test_the_business_manager_reaches_every_arrangements_page(world):
    """As the security crawl does: every GET page answers 200 (the approve button is POST
    only, and the business manager may not approve)."""
    from django.urls import reverse
    from tests.probes import arrangements as probe

    from masa.arrangements import api_urls, urls

    manager = make_member(Role.BUSINESS_MANAGER, world.own)
    records = probe.crawl_records(world, None)
    client = signed_in_client(manager)
    names = [f"arrangements:{p.name}" for p in urls.urlpatterns]
    names += [p.name for p in api_urls.urlpatterns]
    for name in names:
        source = probe.PK_SOURCES.get(name)
        url = reverse(name, kwargs={"pk": records[source]}) if source else reverse(name)
        expected = {403, 405} if name in probe.POST_ONLY else {200}
        assert client.get(url).status_code in expected, url
