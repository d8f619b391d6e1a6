"""Who may see and change the arrangements. The published versions are public."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The business unit, the executive and the scrutineer read the draft and its milestones.
grant(Permission.VIEW_ARRANGEMENT_DRAFTS, grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP))
# The business unit keeps the draft (seed 002: the business manager runs the partnership).
grant(
    Permission.EDIT_ARRANGEMENTS,
    grant_to((Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER), Scope.PARTNERSHIP),
)
# The partners sign off the published arrangements (WT2023: the lead partners sign off; the
# delegated partners and the chair act for them).
grant(
    Permission.APPROVE_ARRANGEMENTS,
    grant_to(
        (
            Role.LEAD_SAFEGUARDING_PARTNER,
            Role.DELEGATED_SAFEGUARDING_PARTNER,
            Role.PARTNERSHIP_CHAIR,
        ),
        Scope.PARTNERSHIP,
    ),
)
