"""`masa load-demo`: the Somerset demo partnership, loaded from the seed documents."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from masa.accounts.models import (
    Engagement,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    SettingType,
    TotpDevice,
)
from masa.accounts.selectors import DEMO_EMAIL_DOMAIN, demo_personas, statutory_partners
from masa.core.audit import verify_chain
from masa.core.models import AuditEvent
from masa.core.roles import Role
from masa.partnership import demo
from masa.partnership.models import Group, GroupKind, LocalAuthority, OnsCode, Partnership

MODELS = [
    Partnership,
    LocalAuthority,
    OnsCode,
    Organisation,
    Engagement,
    Group,
    Person,
    Membership,
    TotpDevice,
    AuditEvent,
]


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def loaded(db):
    return demo.load_demo()


def test_loading_twice_adds_nothing_the_second_time(db):
    first = demo.load_demo()
    counts_after_first = _row_counts()
    second = demo.load_demo()

    assert first.changed_anything
    assert not second.changed_anything
    assert second.changes == {}
    assert _row_counts() == counts_after_first
    assert first.organisations_by_kind == second.organisations_by_kind
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1
    assert verify_chain().intact


def test_the_partnership_carries_its_published_facts(loaded):
    partnership = Partnership.objects.get()
    assert partnership.name == "Somerset Safeguarding Children Partnership"
    assert partnership.short_name == "SSCP"
    # Seed 002: the agreement is made on 30 December 2024; it gives no other date.
    assert partnership.arrangements_in_force_on.isoformat() == "2024-12-30"
    # Approving the demo's version 2 of the arrangements (seed 002) publishes it on that day.
    assert partnership.arrangements_published_on.isoformat() == "2024-12-30"
    assert partnership.contact_email.endswith(".invalid")
    assert "Somerset" in partnership.summary


def test_the_three_statutory_partners_are_the_council_icb_and_police(loaded):
    partners = statutory_partners(Partnership.objects.get())
    assert {(p.kind, p.name) for p in partners} == {
        (OrganisationKind.LOCAL_AUTHORITY, "Somerset Council"),
        (OrganisationKind.INTEGRATED_CARE_BOARD, "NHS Somerset Integrated Care Board"),
        (OrganisationKind.POLICE, "Avon and Somerset Constabulary"),
    }
    assert all(p.has_section_11_duty for p in partners)


def test_somerset_keeps_dfe_933_while_its_ons_code_changes_in_2024(loaded):
    somerset = LocalAuthority.objects.get(dfe_code="933")
    assert list(Partnership.objects.get().area.all()) == [somerset]

    def code_in(year: int) -> list[str]:
        return [
            c.code
            for c in somerset.ons_codes.all()
            if (c.valid_from_year or 0) <= year <= (c.valid_until_year or 9999)
        ]

    assert code_in(2016) == ["E10000027"]
    assert code_in(2023) == ["E10000027"]
    assert code_in(2024) == ["E06000066"]


def test_relevant_agencies_from_the_seeds_have_categories_and_engagement(loaded):
    agencies = Organisation.objects.filter(kind=OrganisationKind.RELEVANT_AGENCY)
    names = set(agencies.values_list("name", flat=True))
    assert {
        "Somerset NHS Foundation Trust",
        "Yeovil District Hospital NHS Foundation Trust",
        "CAFCASS",
        "National Probation Service",
        "Devon and Somerset Fire and Rescue Service",
        "South Western Ambulance Service NHS Foundation Trust",
        "British Transport Police",
        "NHS England",
        "Aster Group",
        "Somerset Domestic Abuse Service",
    } <= names
    assert not agencies.filter(agency_category="").exists()
    assert agencies.get(name="Somerset NHS Foundation Trust").has_section_11_duty
    assert not agencies.get(name="Devon and Somerset Fire and Rescue Service").has_section_11_duty
    # Every demo organisation works with the partnership and says how.
    assert not Organisation.objects.exclude(partnerships__isnull=False).exists()
    assert not Engagement.objects.filter(how_engaged="").exists()


def test_setting_counts_reproduce_the_section_175_return_rates_of_2016_17(loaded):
    counted = loaded.settings_by_type
    for seed in demo.EDUCATION_SETTINGS:
        assert counted[seed.setting_type] == seed.count
        assert 0 < seed.returned_2016_17 <= seed.count
        assert seed.return_rate == seed.published_return_rate, seed.setting_type

    # Seed 003 §6.5's figures, whole returns out of whole settings.
    rates = {seed.setting_type: seed.return_rate for seed in demo.EDUCATION_SETTINGS}
    assert rates[SettingType.SEN_INDEPENDENT] == 57
    assert rates[SettingType.PUPIL_REFERRAL_UNIT] == 75
    assert rates[SettingType.EARLY_YEARS] == 56
    for full in (SettingType.MAINTAINED, SettingType.INDEPENDENT, SettingType.FURTHER_EDUCATION):
        assert rates[full] == 100

    settings_total = sum(counted.values())
    returned_total = sum(seed.returned_2016_17 for seed in demo.EDUCATION_SETTINGS)
    assert settings_total == loaded.organisations_by_kind[OrganisationKind.EDUCATION] == 500
    assert (
        100 * returned_total / settings_total == 97 == demo.SECTION_175_OVERALL_RETURN_RATE_2016_17
    )


def test_school_names_are_invented_unique_and_the_same_every_time(loaded):
    names = [s.name for s in demo.education_setting_names()]
    assert names == [s.name for s in demo.education_setting_names()]
    assert len(set(names)) == len(names)
    schools = Organisation.objects.filter(kind=OrganisationKind.EDUCATION)
    assert set(schools.values_list("name", flat=True)) == set(names)
    assert not schools.exclude(dfe_urn="").exists()
    assert not any(
        known in name for known in ("Millfield", "Heathfield", "Hollywood") for name in names
    )


def test_groups_include_the_executive_leadership_subgroups_and_panel(loaded):
    groups = {g.name: g for g in Group.objects.all()}
    assert groups["Partnership Executive"].kind == GroupKind.EXECUTIVE
    assert groups["Lead Safeguarding Partners"].kind == GroupKind.LEADERSHIP
    assert groups["Child Death Overview Panel"].kind == GroupKind.PANEL
    subgroups = {name for name, g in groups.items() if g.kind == GroupKind.SUBGROUP}
    assert {
        "Quality and Performance",
        "Learning and Improvement",
        "Health Safeguarding",
        "Policy and Procedures",
        "Exploitation and Missing Children",
    } <= subgroups
    assert all(g.purpose for g in groups.values())


def test_every_role_has_a_demo_persona_with_a_confirmed_second_factor(loaded):
    personas = demo_personas()
    roles_held = {m.role for p in personas for m in p.memberships}
    assert roles_held == set(Role.values)
    for persona in personas:
        assert persona.person.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")
        assert TotpDevice.objects.get(person=persona.person).confirmed
    lead_partners = Membership.objects.filter(role=Role.LEAD_SAFEGUARDING_PARTNER)
    assert {m.organisation.kind for m in lead_partners} == {
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.INTEGRATED_CARE_BOARD,
        OrganisationKind.POLICE,
    }
    delegated = Membership.objects.filter(role=Role.DELEGATED_SAFEGUARDING_PARTNER)
    assert delegated.values("organisation").distinct().count() == 3
    dsl = Membership.objects.get(role=Role.EDUCATION_DSL)
    assert dsl.organisation.kind == OrganisationKind.EDUCATION


def test_personas_are_created_through_the_services_with_audit_events(loaded):
    for seed in demo.PERSONAS:
        person = Person.objects.get(email=seed.email)
        assert AuditEvent.objects.filter(action="person.created", object_id=str(person.pk)).exists()
        assert AuditEvent.objects.filter(
            action="second_factor.enrolled", object_id=str(person.pk)
        ).exists()
    assert (
        AuditEvent.objects.filter(action="membership.added").count() == Membership.objects.count()
    )


def test_the_demo_password_is_valid_and_signs_personas_in(loaded):
    person = Person.objects.get(email=demo.PERSONAS[0].email)
    validate_password(demo.DEMO_PASSWORD, person)
    assert authenticate(email=person.email, password=demo.DEMO_PASSWORD) == person
    assert authenticate(email=person.email, password="not the demo password") is None


def test_a_second_run_fills_in_what_was_made_by_hand_and_keeps_what_was_set(db):
    partnership = Partnership.objects.create(
        name=demo.PARTNERSHIP_NAME, short_name="SSCP", contact_email="kept@example.invalid"
    )
    council = Organisation.objects.create(name="Somerset Council", kind="local_authority")
    Engagement.objects.create(partnership=partnership, organisation=council)

    demo.load_demo()

    partnership.refresh_from_db()
    assert partnership.contact_email == "kept@example.invalid"
    assert partnership.summary == demo.PARTNERSHIP_SUMMARY
    assert Organisation.objects.filter(name="Somerset Council").count() == 1
    assert Engagement.objects.get(organisation=council).how_engaged


def test_the_command_prints_counts_and_how_to_sign_in_as_each_persona(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "Somerset Safeguarding Children Partnership (SSCP)" in printed
    assert " 250  Maintained school" in printed
    assert "Executive: Partnership Executive" in printed
    assert demo.DEMO_PASSWORD in printed
    assert "/demo/" in printed
    for seed in demo.PERSONAS:
        assert seed.email in printed
    assert "Lead safeguarding partner, Avon and Somerset Constabulary" in printed

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "nothing changed" in again.getvalue()


@override_settings(MASA_DEMO_MODE=False)
def test_the_command_refuses_outside_demo_mode(db):
    with pytest.raises(CommandError, match="MASA_DEMO_MODE is off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Person.objects.exists()
    assert not Organisation.objects.exists()


def test_return_rates_round_halves_up_as_a_printed_report_does():
    # 1 of 8 is 12.5%: Python's round() would print 12 (to even); a report prints 13.
    assert demo.SettingTypeSeed(SettingType.EARLY_YEARS, 8, 1, 13, ("Nursery",)).return_rate == 13


def test_a_persona_signs_in_for_real_with_the_printed_authenticator_key(loaded, client):
    import pyotp

    from masa.partnership.demo import DEMO_PASSWORD, summarise

    persona = next(
        p for p in summarise(loaded.partnership).personas if "Business manager" in p.roles[0]
    )
    client.post("/sign-in/", {"email": persona.email, "password": DEMO_PASSWORD})
    response = client.post(
        "/sign-in/second-factor/", {"code": pyotp.TOTP(persona.authenticator_key).now()}
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
