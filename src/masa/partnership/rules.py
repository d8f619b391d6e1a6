"""Who may see and change the partnership's own records."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# Resourcing: the business unit, the executive (lead and delegated partners, the chair) and
# the scrutineer see whole budgets; an agency lead sees their own organisation's contribution.
grant(
    Permission.VIEW_BUDGET,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# The business manager oversees the budget (seed 002 "Resourcing").
grant(Permission.MANAGE_BUDGET, {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP})

# Meetings and attendance: the business unit, the executive and the scrutineer see every
# meeting; an agency lead sees the meetings their organisation was expected at, its own
# attendance and its own actions.
grant(
    Permission.VIEW_MEETINGS,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# The business unit records attendance, agendas and actions.
grant(
    Permission.MANAGE_MEETINGS,
    {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP, Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP},
)

# Groups, their terms of reference and members, and the scrutiny the partners commission: the
# business unit, the executive, the scrutineer and subgroup chairs see the whole structure; an
# agency lead sees the groups their organisation sits on.
grant(
    Permission.VIEW_GROUPS,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.SUBGROUP_CHAIR: Scope.PARTNERSHIP,
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# The business unit keeps the structure up to date.
grant(
    Permission.MANAGE_GROUPS,
    {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP, Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP},
)
# The relevant agencies register (seed 001 §5.21, seed 002 "Relevant agencies"): read across,
# and an agency lead sees their own organisation's entry.
grant(
    Permission.VIEW_AGENCY_REGISTER,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
grant(
    Permission.MANAGE_AGENCY_REGISTER,
    {Role.BUSINESS_MANAGER: Scope.PARTNERSHIP, Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP},
)
