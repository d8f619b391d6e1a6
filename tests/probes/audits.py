"""Probes for assurance audits: frameworks, cycles and returns."""

from __future__ import annotations

from typing import Any

from tests.probes.common import Seen, organisation_for, partnership_for

from masa.core.permissions import Permission


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]] if response.status_code == 200 else []


def _cycle_with_return(world, relation, *, submitted: bool = True, title: str = "Probe cycle"):
    """A published framework and a cycle in the relation's partnership inviting only the
    relation's organisation, with its return."""
    from masa.audits import services
    from masa.audits.tests.helpers import invitation, small_framework, start_cycle

    organisation = organisation_for(world, relation)
    framework = small_framework(None, partnership_for(world, relation))
    cycle = start_cycle(None, framework, [organisation], title=title)
    audit_return = services.return_start(actor=None, invitation=invitation(cycle, organisation))
    if submitted:
        audit_return.status = "submitted"
        audit_return.save(update_fields=["status"])
    return framework, cycle, audit_return


def _peer_challenge(cycle, audit_return):
    """A workshop of the cycle where the business unit challenged the return."""
    import datetime

    from masa.audits import challenges

    workshop = challenges.workshop_save(
        actor=None, cycle=cycle, held_on=datetime.date(2017, 6, 14), facilitator="Probe"
    )
    return challenges.challenge_save(
        actor=None,
        workshop=workshop,
        audit_return=audit_return,
        challenger_kind="business_unit",
        challenger_organisation=None,
        evidence_seen="Probe evidence",
        outcome="confirmed",
    )


def probe_view_audits(client, world, relation) -> Seen:
    framework, cycle, audit_return = _cycle_with_return(world, relation)
    challenge = _peer_challenge(cycle, audit_return)
    challenge_page = client.get(f"/audits/peer-challenges/{challenge.pk}/")
    workshop_page = client.get(f"/audits/workshops/{challenge.workshop_id}/")
    challenge_api = client.get(f"/api/v1/audits/peer-challenges/{challenge.pk}/")
    challenge_list = client.get("/api/v1/audits/peer-challenges/")
    link = f"/audits/returns/{audit_return.pk}/"
    page = client.get(link)
    listing = client.get("/audits/returns/")
    cycle_page = client.get(f"/audits/cycles/{cycle.pk}/")
    framework_page = client.get(f"/audits/frameworks/{framework.pk}/")
    api_detail = client.get(f"/api/v1/audits/returns/{audit_return.pk}/")
    api_list = client.get("/api/v1/audits/returns/")
    api_cycles = client.get("/api/v1/audits/cycles/")
    return Seen(
        shown=[
            page.status_code == 200,
            listing.status_code == 200 and link in listing.content.decode(),
            cycle_page.status_code == 200,
            framework_page.status_code == 200,
            api_detail.status_code == 200,
            audit_return.pk in _ids(api_list),
            cycle.pk in _ids(api_cycles),
            challenge_page.status_code == 200,
            workshop_page.status_code == 200,
            challenge_api.status_code == 200,
            challenge.pk in _ids(challenge_list),
        ],
        statuses=[
            page.status_code,
            listing.status_code,
            cycle_page.status_code,
            framework_page.status_code,
            api_detail.status_code,
            api_list.status_code,
            api_cycles.status_code,
            challenge_page.status_code,
            workshop_page.status_code,
            challenge_api.status_code,
            challenge_list.status_code,
        ],
    )


def probe_manage_audits(client, world, relation) -> Seen:
    from masa.audits import services

    framework = services.framework_create(
        actor=None,
        partnership=partnership_for(world, relation),
        title="Probe framework",
        lineage="section_11",
        scale="ofsted",
    )
    version = framework.versions.get()
    form = client.get(f"/audits/versions/{version.pk}/add-standard/")
    posted = client.post(f"/audits/versions/{version.pk}/add-standard/", {"title": "Probe"})
    _, cycle, audit_return = _cycle_with_return(world, relation, title="Probe challenge cycle")
    workshop_form = client.get(f"/audits/cycles/{cycle.pk}/add-workshop/")
    workshop_posted = client.post(
        f"/audits/cycles/{cycle.pk}/add-workshop/",
        {
            "held_on-day": "14",
            "held_on-month": "6",
            "held_on-year": "2017",
            "facilitator": "Probe facilitator",
        },
    )
    challenge = _peer_challenge(cycle, audit_return)
    patched = client.patch(
        f"/api/v1/audits/peer-challenges/{challenge.pk}/",
        {"evidence_seen": "Probe patched"},
        content_type="application/json",
    )
    challenge.refresh_from_db()
    return Seen(
        shown=[
            form.status_code == 200,
            posted.status_code == 302 and version.standards.filter(title="Probe").exists(),
            workshop_form.status_code == 200,
            workshop_posted.status_code == 302
            and cycle.workshops.filter(facilitator="Probe facilitator").exists(),
            patched.status_code == 200 and challenge.evidence_seen == "Probe patched",
        ],
        statuses=[
            form.status_code,
            posted.status_code,
            workshop_form.status_code,
            workshop_posted.status_code,
            patched.status_code,
        ],
    )


def probe_complete_audit_returns(client, world, relation) -> Seen:
    from masa.audits.models import AuditReturn
    from masa.audits.tests.helpers import invitation, small_framework, start_cycle

    organisation = organisation_for(world, relation)
    framework = small_framework(None, partnership_for(world, relation))
    fresh = invitation(start_cycle(None, framework, [organisation], title="Fresh"), organisation)
    started = client.post(f"/audits/invitations/{fresh.pk}/start/")
    _, _, audit_return = _cycle_with_return(world, relation, submitted=False)
    question = audit_return.version.standards.get(number=1).substandards.get().questions.get()
    answered = client.post(
        f"/audits/returns/{audit_return.pk}/standard/?number=1", {f"q{question.pk}-grade": "good"}
    )
    patched = client.patch(
        f"/api/v1/audits/returns/{audit_return.pk}/",
        {"overall_grade": "good"},
        content_type="application/json",
    )
    audit_return.refresh_from_db()
    return Seen(
        shown=[
            started.status_code == 302 and AuditReturn.objects.filter(invitations=fresh).exists(),
            answered.status_code == 302
            and audit_return.answers.filter(question=question, grade="good").exists(),
            patched.status_code == 200 and audit_return.overall_grade == "good",
        ],
        statuses=[started.status_code, answered.status_code, patched.status_code],
    )


PROBES = {
    Permission.VIEW_AUDITS: probe_view_audits,
    Permission.MANAGE_AUDITS: probe_manage_audits,
    Permission.COMPLETE_AUDIT_RETURNS: probe_complete_audit_returns,
}

PK_SOURCES = {
    "audits:framework": "audit_framework",
    "audits:version-new": "audit_framework",
    "audits:version-publish": "audit_draft_version",
    "audits:standard-add": "audit_draft_version",
    "audits:standard-edit": "audit_standard",
    "audits:substandard-add": "audit_standard",
    "audits:substandard-edit": "audit_substandard",
    "audits:question-add": "audit_substandard",
    "audits:question-edit": "audit_question",
    "audits:cycle": "audit_cycle",
    "audits:cycle-remind": "audit_cycle",
    "audits:cycle-analysis": "audit_cycle",
    "audits:cycle-validation": "audit_cycle",
    "audits:cycle-follow-up": "audit_cycle",
    "audits:cycle-export-csv": "audit_cycle",
    "audits:cycle-export-pdf": "audit_cycle",
    "audits:return-start": "audit_invitation",
    "audits:return": "audit_return",
    "audits:return-standard": "audit_return",
    "audits:return-evidence": "audit_return",
    "audits:return-submit": "audit_return",
    "audits:return-special": "audit_return",
    "audits:return-share": "audit_return",
    "audits:return-validate": "audit_return",
    "audits:evidence-download": "audit_evidence",
    "audits:cycle-export-xlsx": "audit_cycle",
    "audits:return-export-xlsx": "audit_return",
    "audits:workshop-add": "audit_cycle",
    "audits:workshop": "audit_workshop",
    "audits:workshop-edit": "audit_workshop",
    "audits:challenge-add": "audit_workshop",
    "audits:peer-challenge": "audit_peer_challenge",
    "audits:peer-challenge-edit": "audit_peer_challenge",
    "audits:peer-challenge-action-add": "audit_peer_challenge",
    "audits:peer-challenge-action-edit": "audit_peer_challenge_action",
    "audit-peer-challenge-detail": "audit_peer_challenge",
    "audit-framework-detail": "audit_framework",
    "audit-cycle-detail": "audit_cycle",
    "audit-cycle-analysis": "audit_cycle",
    "audit-return-detail": "audit_return",
    "audit-return-submit": "audit_return",
}

POST_ONLY = {
    "audits:version-new",
    "audits:version-publish",
    "audits:cycle-remind",
    "audits:return-start",
    "audits:return-evidence",
    "audits:return-submit",
    "audits:return-special",
    "audits:return-share",
    "audit-return-submit",
}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    """A published framework with a draft second version, a cycle inviting the own
    organisation and another, and the own organisation's submitted return."""
    import io

    from tests.probes.documents import _upload_root_for_tests

    from masa.audits import services
    from masa.audits.tests.helpers import (
        complete_answers,
        invitation,
        small_framework,
        start_cycle,
    )

    framework = small_framework(cast.business_manager, world.partnership)
    cycle = start_cycle(cast.business_manager, framework, [world.own, world.other])
    audit_return = services.return_start(
        actor=cast.agency_lead, invitation=invitation(cycle, world.own)
    )
    complete_answers(cast.agency_lead, audit_return)
    _upload_root_for_tests()
    evidence = services.evidence_add(
        actor=cast.agency_lead,
        answer=audit_return.answers.first(),
        description="Crawl evidence",
        file=io.BytesIO(b"Our safeguarding policy.\n"),
        filename="policy.txt",
    )
    services.return_set_overall(actor=cast.agency_lead, audit_return=audit_return, grade="good")
    services.return_submit(actor=cast.agency_lead, audit_return=audit_return)
    import datetime

    from masa.audits import challenges

    workshop = challenges.workshop_save(
        actor=cast.business_manager,
        cycle=cycle,
        held_on=datetime.date(2017, 6, 14),
        facilitator="Crawl facilitator",
    )
    challenge = challenges.challenge_save(
        actor=cast.business_manager,
        workshop=workshop,
        audit_return=audit_return,
        challenger_kind="organisation",
        challenger_organisation=world.other,
        evidence_seen="Crawl evidence",
        outcome="further_evidence",
    )
    action = challenges.action_save(
        actor=cast.business_manager,
        challenge=challenge,
        what="Crawl action",
        organisation=world.own,
        owner="Crawl owner",
        due_on=datetime.date(2017, 9, 29),
    )
    draft = services.version_new(actor=cast.business_manager, framework=framework)
    standard = draft.standards.get(number=1)
    substandard = standard.substandards.get()
    return {
        "audit_framework": framework.pk,
        "audit_draft_version": draft.pk,
        "audit_standard": standard.pk,
        "audit_substandard": substandard.pk,
        "audit_question": substandard.questions.get().pk,
        "audit_cycle": cycle.pk,
        "audit_invitation": invitation(cycle, world.other).pk,
        "audit_return": audit_return.pk,
        "audit_evidence": evidence.pk,
        "audit_workshop": workshop.pk,
        "audit_peer_challenge": challenge.pk,
        "audit_peer_challenge_action": action.pk,
    }
