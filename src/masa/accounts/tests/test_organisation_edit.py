from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.models import AuditEvent
from masa.core.roles import Role


def test_an_agency_lead_corrects_their_organisations_details(world):
    lead = make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own)
    client = signed_in_client(lead)
    assert b"Change the details" in client.get(f"/organisations/{world.own.pk}/").content
    response = client.post(
        f"/organisations/{world.own.pk}/change/",
        {
            "name": "Testshire Community NHS Trust",
            "agency_category": "nhs",
            "has_section_11_duty": "on",
        },
    )
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.name == "Testshire Community NHS Trust"
    assert world.own.has_section_11_duty
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor == lead
    assert event.detail == {"fields": ["has_section_11_duty", "name"]}


def test_a_blank_name_is_explained_and_nothing_is_saved(world):
    client = signed_in_client(make_member(Role.BUSINESS_MANAGER, world.own))
    response = client.post(
        f"/organisations/{world.own.pk}/change/", {"name": "", "agency_category": "nhs"}
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Enter the organisation&#x27;s name" in response.content
    world.own.refresh_from_db()
    assert world.own.name == "Testshire NHS Foundation Trust"
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_a_school_urn_must_be_six_or_seven_digits(world):
    from masa.accounts.tests.factories import make_organisation

    school = make_organisation(world.partnership, kind="education", name="Ashbrook Primary School")
    client = signed_in_client(make_member(Role.EDUCATION_DSL, school))
    response = client.post(
        f"/organisations/{school.pk}/change/",
        {"name": school.name, "setting_type": "academy", "dfe_urn": "12ab"},
    )
    assert response.status_code == 400
    assert b"6 or 7 digits" in response.content
    school.refresh_from_db()
    assert school.setting_type == "maintained"


def test_saving_without_changes_writes_no_audit_event(world):
    client = signed_in_client(make_member(Role.BUSINESS_MANAGER, world.own))
    client.post(
        f"/organisations/{world.own.pk}/change/", {"name": world.own.name, "agency_category": "nhs"}
    )
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_extra_posted_fields_change_nothing(world):
    # SECURITY.md T8: an agency lead cannot turn their agency into a statutory partner.
    client = signed_in_client(make_member(Role.AGENCY_SAFEGUARDING_LEAD, world.own))
    client.post(
        f"/organisations/{world.own.pk}/change/",
        {"name": world.own.name, "agency_category": "nhs", "kind": "police", "id": 999},
    )
    world.own.refresh_from_db()
    assert world.own.kind == "relevant_agency"
