"""The roles people hold in a partnership, through a membership of an organisation."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    LEAD_SAFEGUARDING_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATED_SAFEGUARDING_PARTNER = "delegated_partner", "Delegated safeguarding partner"
    PARTNERSHIP_CHAIR = "chair", "Partnership chair"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    BUSINESS_UNIT_OFFICER = "business_unit_officer", "Business unit officer"
    INDEPENDENT_SCRUTINEER = "scrutineer", "Independent scrutineer"
    SUBGROUP_CHAIR = "subgroup_chair", "Subgroup chair"
    AGENCY_SAFEGUARDING_LEAD = "agency_lead", "Agency safeguarding lead"
    EDUCATION_DSL = "education_dsl", "Designated safeguarding lead (education)"
    PRACTITIONER = "practitioner", "Practitioner"
    DESIGNATED_OFFICER = "designated_officer", "Designated officer (LADO)"
    CHILD_DEATH_REVIEW_OFFICER = "cdr_officer", "Child death review officer"


# Roles that read across every agency in their partnership (DOMAIN.md: the business unit,
# the executive and the scrutineer).
READ_ACROSS_ROLES = frozenset(
    {
        Role.LEAD_SAFEGUARDING_PARTNER,
        Role.DELEGATED_SAFEGUARDING_PARTNER,
        Role.PARTNERSHIP_CHAIR,
        Role.BUSINESS_MANAGER,
        Role.BUSINESS_UNIT_OFFICER,
        Role.INDEPENDENT_SCRUTINEER,
    }
)

# Roles whose accounts reach the most and should sign in with a passkey (SECURITY.md T1, L3).
PASSKEY_EXPECTED_ROLES = frozenset({Role.INDEPENDENT_SCRUTINEER, Role.BUSINESS_MANAGER})
