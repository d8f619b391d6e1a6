"""The demo's arrangements match seeds 000 and 002, and loading twice changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from masa.arrangements.models import Milestone, Version
from masa.partnership.demo import load_demo


@pytest.fixture
def demo(db):
    return load_demo()


def test_the_demo_publishes_seed_002_as_version_2_approved_by_the_lead_partner(demo):
    versions = list(Version.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    first, second = versions
    # Seed 000 §1.1: published 26 June 2019; seed 002: agreement made 30 December 2024.
    assert first.published_on == datetime.date(2019, 6, 26)
    assert second.published_on == datetime.date(2024, 12, 30)
    assert second.title == "Multi Agency Safeguarding Arrangements Partnership Agreement"
    assert second.approved_by.email == "alison.penrose@demo.masa.invalid"
    assert "Lead safeguarding partner, Somerset Council" in second.approved_by_role
    sections = {s["key"]: repr(s["blocks"]) for s in second.snapshot["sections"]}
    # Seed 002 "Resourcing": 33/33/15/19 for 2024-2025.
    for share in ("Somerset Council', '33%", "NHS Somerset Integrated Care Board', '33%"):
        assert share in sections["resourcing"]
    assert "Avon and Somerset Constabulary', '15%" in sections["resourcing"]
    assert "Income from training', '19%" in sections["resourcing"]
    assert "Somerset Youth Forum" in sections["participation"]
    assert "E06000066" in sections["area"]
    assert "CAFCASS" in sections["relevant_agencies"]
    assert "Alison Penrose, Chief Executive" in sections["leadership"]
    assert "Priya Raman" in sections["leadership"] and "(Chair)" in sections["leadership"]
    # The seed's own people are never named.
    assert "Sarah Crew" not in repr(second.snapshot) and "Mark Peel" not in repr(second.snapshot)


def test_the_demo_milestones_carry_the_seeds_dates(demo):
    done = dict(Milestone.objects.values_list("title", "done_on"))
    assert done["Publish the arrangements (Working Together 2018)"] == datetime.date(2019, 6, 26)
    assert done["Implement the arrangements (Working Together 2018)"] == datetime.date(2019, 9, 29)
    assert done["Publish the arrangements revised for Working Together 2023"] == datetime.date(
        2024, 12, 30
    )
    # No published date for the notification: left unrecorded, not invented.
    assert done["Notify the Secretary of State for Education that they are published"] is None


def test_the_public_sees_version_2_and_what_changed_since_2019(demo):
    page = Client().get("/arrangements/").content.decode()
    assert "Multi Agency Safeguarding Arrangements Partnership Agreement" in page
    assert "30 December 2024" in page
    second = Version.objects.get(number=2)
    changes = Client().get(f"/arrangements/versions/{second.pk}/changes/").content.decode()
    assert "compared with version 1, published 26 June 2019" in changes
    assert "<ins" in changes and "<del" in changes


def test_loading_the_demo_twice_changes_nothing(demo):
    again = load_demo()
    assert not again.changed_anything, again.changes
    assert Version.objects.count() == 2
