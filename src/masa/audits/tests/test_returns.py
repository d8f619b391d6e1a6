"""Frameworks, cycles and returns through the services and pages: versions, carry-forward,
actions below Good, nil and national returns, sharing with another partnership, validation by
someone else, reminders and the return-rate page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from masa.accounts.models import Engagement
from masa.accounts.tests.factories import make_member, make_organisation, signed_in_client
from masa.audits import selectors, services
from masa.audits.models import AuditReturn, Evidence, ReturnKind, ReturnStatus, VersionStatus
from masa.audits.tests.helpers import complete_answers, invitation, small_framework, start_cycle
from masa.core.models import AuditEvent
from masa.core.roles import Role


@pytest.fixture
def manager(world):
    return make_member(Role.BUSINESS_MANAGER, world.own, full_name="Bea Manager")


@pytest.fixture
def lead(world):
    return make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own, full_name="Alex Lead")


@pytest.fixture
def framework(world, manager):
    return small_framework(manager, world.partnership)


@pytest.fixture
def cycle(framework, manager, world):
    return start_cycle(manager, framework, [world.own, world.other])


# -- Frameworks ------------------------------------------------------------------------------


def test_a_published_version_is_frozen_and_a_new_version_starts_as_a_copy(framework, manager):
    version = framework.versions.get()
    assert version.status == VersionStatus.PUBLISHED
    with pytest.raises(ValidationError, match="published and cannot be changed"):
        services.standard_save(actor=manager, version=version, title="Something new")
    new = services.version_new(actor=manager, framework=framework)
    assert new.number == 2 and new.status == VersionStatus.DRAFT
    assert [s.title for s in new.standards.all()] == ["Leadership", "Training"]
    assert new.standards.get(number=2).substandards.get().questions.count() == 2
    services.standard_save(actor=manager, version=new, title="Information sharing")
    assert version.standards.count() == 2 and new.standards.count() == 3
    with pytest.raises(ValidationError, match="Finish or publish the draft"):
        services.version_new(actor=manager, framework=framework)


def test_a_business_manager_adds_a_standard_and_a_question_in_the_browser(framework, manager):
    client = signed_in_client(manager)
    assert client.post(f"/audits/frameworks/{framework.pk}/new-version/").status_code == 302
    draft = framework.versions.get(number=2)
    empty = client.post(f"/audits/versions/{draft.pk}/add-standard/", {"title": ""})
    assert empty.status_code == 400 and "Enter the standard" in empty.content.decode()
    assert (
        client.post(f"/audits/versions/{draft.pk}/add-standard/", {"title": "Early help"})
    ).status_code == 302
    standard = draft.standards.get(number=3)
    client.post(f"/audits/standards/{standard.pk}/add-sub-standard/", {"statement": "Plans"})
    sub = standard.substandards.get()
    client.post(
        f"/audits/sub-standards/{sub.pk}/add-question/",
        {"text": "Do you take part in early help plans?", "kind": "graded"},
    )
    assert sub.questions.get().key == "3.1.1"
    page = client.get(f"/audits/frameworks/{framework.pk}/?version=2").content.decode()
    assert "Do you take part in early help plans?" in page
    frozen = framework.versions.get(number=1).standards.first()
    shown = client.get(f"/audits/standards/{frozen.pk}/change/").content.decode()
    assert "This version is published, so it is frozen" in shown
    refused = client.post(f"/audits/standards/{frozen.pk}/change/", {"title": "Changed"})
    assert refused.status_code == 400 and frozen.title == "Leadership"


# -- Returns ---------------------------------------------------------------------------------


def test_a_grade_below_good_needs_an_action_naming_the_standard(cycle, lead, world):
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    complete_answers(lead, audit_return)
    q = audit_return.answers.get(question__key="2.1.1").question
    services.answers_save(
        actor=lead, audit_return=audit_return, answers={q.pk: {"grade": "requires_improvement"}}
    )
    services.return_set_overall(actor=lead, audit_return=audit_return, grade="good")
    with pytest.raises(ValidationError) as refused:
        services.return_submit(actor=lead, audit_return=audit_return)
    assert refused.value.message_dict == {
        f"q{q.pk}": [
            "Add an action, its owner and due date for standard 2.1: it is graded below Good"
        ]
    }
    services.answers_save(
        actor=lead,
        audit_return=audit_return,
        answers={
            q.pk: {
                "grade": "requires_improvement",
                "action_what": "Refresher training",
                "action_owner": "Training lead",
                "action_due_on": datetime.date(2017, 3, 31),
            }
        },
    )
    submitted = services.return_submit(actor=lead, audit_return=audit_return)
    assert submitted.status == ReturnStatus.SUBMITTED and submitted.submitted_by == lead
    assert AuditEvent.objects.filter(action="audit_return.submitted").count() == 1


def test_answers_carry_forward_from_the_last_return_for_review(framework, manager, lead, world):
    first = start_cycle(manager, framework, [world.own])
    previous = services.return_start(actor=lead, invitation=invitation(first, world.own))
    complete_answers(lead, previous, grade="outstanding")
    services.return_set_overall(actor=lead, audit_return=previous, grade="outstanding")
    services.return_submit(actor=lead, audit_return=previous)

    second = start_cycle(manager, framework, [world.own], title="Section 11 2017/18")
    audit_return = services.return_start(actor=lead, invitation=invitation(second, world.own))
    carried = list(audit_return.answers.all())
    assert len(carried) == 3 and all(a.carried_forward for a in carried)
    assert {a.grade for a in carried if a.grade} == {"outstanding"}
    services.return_set_overall(actor=lead, audit_return=audit_return, grade="good")
    with pytest.raises(
        ValidationError, match=r"Review the answer carried forward for standard 1\.1"
    ):
        services.return_submit(actor=lead, audit_return=audit_return)
    page = signed_in_client(lead).get(f"/audits/returns/{audit_return.pk}/standard/?number=1")
    assert "Carried forward – review" in page.content.decode()
    complete_answers(lead, audit_return)
    assert not audit_return.answers.filter(carried_forward=True).exists()
    services.return_submit(actor=lead, audit_return=audit_return)


def test_a_nil_return_and_a_national_return_count_as_returned(cycle, lead, world):
    with pytest.raises(ValidationError, match="Enter why"):
        services.return_make_special(
            actor=lead, invitation=invitation(cycle, world.own), kind="nil", reason=" "
        )
    nil = services.return_make_special(
        actor=lead, invitation=invitation(cycle, world.own), kind="nil", reason="No services"
    )
    services.return_submit(actor=lead, audit_return=nil)
    other_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other)
    national = services.return_make_special(
        actor=other_lead,
        invitation=invitation(cycle, world.other),
        kind="national",
        reason="The national return for England covers this area",
    )
    services.return_submit(actor=other_lead, audit_return=national)
    overall, _ = selectors.return_rates(cycle)
    assert (overall.invited, overall.returned, overall.rate) == (2, 2, 100)
    result = selectors.analysis(cycle)
    assert (result.nil_returns, result.national_returns) == (1, 1)
    assert AuditReturn.objects.get(pk=nil.pk).kind == ReturnKind.NIL


def test_submit_once_and_share_with_another_partnership(framework, cycle, lead, world):
    Engagement.objects.create(partnership=world.elsewhere, organisation=world.own)
    elsewhere_manager = make_member(
        Role.BUSINESS_MANAGER, world.outside_partnership, partnership=world.elsewhere
    )
    elsewhere_framework = small_framework(elsewhere_manager, world.elsewhere)
    elsewhere_cycle = start_cycle(
        elsewhere_manager, elsewhere_framework, [world.own, world.outside_partnership]
    )
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    complete_answers(lead, audit_return)
    services.return_set_overall(actor=lead, audit_return=audit_return, grade="good")
    client = signed_in_client(lead)
    assert client.post(f"/audits/returns/{audit_return.pk}/submit/").status_code == 302
    page = client.get(f"/audits/returns/{audit_return.pk}/").content.decode()
    assert "Share with another partnership" in page and elsewhere_cycle.title in page

    shared_into = invitation(elsewhere_cycle, world.own)
    response = client.post(
        f"/audits/returns/{audit_return.pk}/share/", {"invitation": shared_into.pk}
    )
    assert response.status_code == 302
    shared_into.refresh_from_db()
    assert shared_into.audit_return == audit_return and shared_into.shared
    # The return counts in both cycles, and the other partnership's business unit sees it.
    assert selectors.return_rates(cycle)[0].returned == 1
    assert selectors.return_rates(elsewhere_cycle)[0].returned == 1
    assert AuditReturn.objects.visible_to(elsewhere_manager).filter(pk=audit_return.pk).exists()
    assert (
        signed_in_client(elsewhere_manager).get(f"/audits/returns/{audit_return.pk}/").status_code
        == 200
    )
    assert AuditEvent.objects.filter(action="audit_return.shared").count() == 1
    # Nothing left to share with.
    assert services.shareable_invitations(audit_return) == []


def test_whoever_submitted_a_return_cannot_validate_it(cycle, manager, world):
    # A business manager who is also their organisation's lead submits its return.
    both = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    both.memberships.create(
        organisation=world.own, partnership=world.partnership, role=Role.BUSINESS_MANAGER
    )
    audit_return = services.return_start(actor=both, invitation=invitation(cycle, world.own))
    complete_answers(both, audit_return)
    services.return_set_overall(actor=both, audit_return=audit_return, grade="outstanding")
    services.return_submit(actor=both, audit_return=audit_return)
    with pytest.raises(ValidationError, match="someone else must validate"):
        services.return_validate(actor=both, audit_return=audit_return, desk_review="Fine")
    client = signed_in_client(manager)
    question = audit_return.answers.get(question__key="1.1.1").question_id
    response = client.post(
        f"/audits/returns/{audit_return.pk}/validate/",
        {"desk_review": "Evidence seen", "moderated_overall_grade": "good", f"m{question}": "good"},
    )
    assert response.status_code == 302
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.VALIDATED
    assert audit_return.moderated_overall_grade == "good"
    assert audit_return.answers.get(question_id=question).moderated_grade == "good"
    sample = client.get(f"/audits/cycles/{cycle.pk}/validation/").content.decode()
    assert "Outstanding" in sample and "Good" in sample


def test_the_standard_page_saves_a_draft_and_keeps_what_was_typed_on_error(cycle, lead, world):
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    q = audit_return.version.standards.get(number=1).substandards.get().questions.get()
    client = signed_in_client(lead)
    url = f"/audits/returns/{audit_return.pk}/standard/?number=1"
    bad = client.post(
        url,
        {
            f"q{q.pk}-grade": "requires_improvement",
            f"q{q.pk}-narrative": "Our own words",
            f"q{q.pk}-action_due_on-day": "31",
            f"q{q.pk}-action_due_on-month": "13",
            f"q{q.pk}-action_due_on-year": "2017",
        },
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "must be a real date" in text and "Our own words" in text
    saved = client.post(url, {f"q{q.pk}-grade": "good", "next": "continue"})
    assert saved.status_code == 302 and saved["Location"].endswith("number=2")
    assert audit_return.answers.get(question=q).grade == "good"
    task_list = client.get(f"/audits/returns/{audit_return.pk}/").content.decode()
    assert "govuk-task-list" in task_list and "Completed" in task_list
    submit = client.post(f"/audits/returns/{audit_return.pk}/submit/", {"overall_grade": "good"})
    assert submit.status_code == 302
    refused = client.get(f"/audits/returns/{audit_return.pk}/").content.decode()
    assert "Answer the question for standard 2.1" in refused


def test_evidence_is_a_link_or_a_checked_file(cycle, lead, world, settings, tmp_path):
    settings.MASA_UPLOAD_ROOT = tmp_path / "uploads"
    audit_return = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    q = audit_return.version.standards.get(number=1).substandards.get().questions.get()
    client = signed_in_client(lead)
    client.post(
        f"/audits/returns/{audit_return.pk}/evidence/",
        {"question": q.pk, "description": "Training records", "link": "https://example.org/t"},
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/audits/returns/{audit_return.pk}/evidence/",
        {
            "question": q.pk,
            "description": "Policy",
            "file": SimpleUploadedFile("policy.txt", b"Our safeguarding policy.\n"),
        },
    )
    evidence = list(Evidence.objects.order_by("pk"))
    assert [e.description for e in evidence] == ["Training records", "Policy"]
    assert evidence[1].stored_name and evidence[1].sha256 and evidence[1].kind
    assert AuditEvent.objects.filter(action="audit_evidence.added").count() == 2
    download = client.get(f"/audits/evidence/{evidence[1].pk}/")
    assert download.status_code == 200
    assert (
        download["Content-Disposition"] == f'attachment; filename="evidence-{evidence[1].pk}.txt"'
    )
    assert b"".join(download.streaming_content) == b"Our safeguarding policy.\n"
    assert AuditEvent.objects.filter(action="evidence.read").count() == 1
    outsider = make_member(Role.BUSINESS_MANAGER, world.outside_partnership)
    assert signed_in_client(outsider).get(f"/audits/evidence/{evidence[1].pk}/").status_code == 404
    page = client.get(f"/audits/returns/{audit_return.pk}/standard/?number=1").content.decode()
    assert f"/audits/evidence/{evidence[1].pk}/" in page


def test_reminders_go_to_those_who_have_not_returned_and_are_recorded(cycle, manager, lead, world):
    other_lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.other, full_name="Oli Other")
    done = services.return_start(actor=lead, invitation=invitation(cycle, world.own))
    complete_answers(lead, done)
    services.return_set_overall(actor=lead, audit_return=done, grade="good")
    services.return_submit(actor=lead, audit_return=done)
    client = signed_in_client(manager)
    assert client.get(f"/audits/cycles/{cycle.pk}/remind/").status_code == 405
    assert client.post(f"/audits/cycles/{cycle.pk}/remind/").status_code == 302
    assert [m.to for m in mail.outbox] == [[other_lead.email]]
    reminded = invitation(cycle, world.other)
    assert reminded.last_reminded_at is not None and reminded.reminders_sent == 1
    assert invitation(cycle, world.own).last_reminded_at is None
    page = client.get(f"/audits/cycles/{cycle.pk}/").content.decode()
    assert "Not yet returned (1)" in page and world.other.name in page


def test_the_home_page_prompts_a_lead_whose_return_is_due(cycle, lead, world):
    page = signed_in_client(lead).get("/home/").content.decode()
    assert "Section 11 2016/17 return due" in page


def test_a_cycle_counts_the_invitations_before_confirming(framework, manager, world):
    make_organisation(world.partnership, kind="education", name="Elm Primary School")
    client = signed_in_client(manager)
    form = {
        "version": framework.versions.get().pk,
        "title": "Section 175/157 2016/17",
        "opens_on-day": "5",
        "opens_on-month": "9",
        "opens_on-year": "2016",
        "deadline-day": "16",
        "deadline-month": "12",
        "deadline-year": "2016",
        "setting_types": ["maintained"],
    }
    first = client.post("/audits/cycles/add/", form)
    assert first.status_code == 200 and "This will invite <strong>1</strong>" in (
        first.content.decode()
    )
    confirmed = client.post("/audits/cycles/add/", {**form, "confirm": "1"})
    assert confirmed.status_code == 302
    assert AuditEvent.objects.filter(action="audit_cycle.created").exists()
