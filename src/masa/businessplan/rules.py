"""Who may see and change the business plan."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The business unit, the executive, the scrutineer and the subgroup chairs (who own
# workstreams and report to the Business Planning Group) see the whole plan; an agency lead
# sees the actions their organisation owns, and the priorities those actions serve.
grant(
    Permission.VIEW_BUSINESS_PLAN,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.SUBGROUP_CHAIR: Scope.PARTNERSHIP,
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# The business unit writes the plan: priorities, their actions, owners and milestones.
grant(
    Permission.MANAGE_BUSINESS_PLAN,
    {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP, Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP},
)
# Progress: the business unit and subgroup chairs on any action (and the chairs' highlight
# reports); an agency lead on the actions their own organisation owns.
grant(
    Permission.REPORT_PROGRESS,
    {
        Role.BUSINESS_MANAGER: Scope.PARTNERSHIP,
        Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP,
        Role.SUBGROUP_CHAIR: Scope.PARTNERSHIP,
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
