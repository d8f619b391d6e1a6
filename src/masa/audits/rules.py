"""Who may see and change assurance audits: frameworks, cycles and returns."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The business unit, the executive and the scrutineer see every framework, cycle and return;
# an agency lead and an education DSL see their own organisation's returns.
grant(
    Permission.VIEW_AUDITS,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
        Role.EDUCATION_DSL: Scope.OWN_ORGANISATION,
    },
)
# The business unit builds frameworks, runs cycles, chases, validates and moderates.
grant(
    Permission.MANAGE_AUDITS,
    {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP, Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP},
)
# The organisation's safeguarding lead completes and submits its own return.
grant(
    Permission.COMPLETE_AUDIT_RETURNS,
    {
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
        Role.EDUCATION_DSL: Scope.OWN_ORGANISATION,
    },
)
