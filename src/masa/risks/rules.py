"""Who may see and change the risk register and the challenge log (seed 003 §6.2, §13)."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The risk register belongs to the whole partnership: the business unit, the executive and
# the scrutineer read it; the business unit keeps it.
grant(Permission.VIEW_RISKS, grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP))
grant(
    Permission.MANAGE_RISKS,
    grant_to((Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER), Scope.PARTNERSHIP),
)

# The challenge log: read across the partnership, and by an agency lead for the challenges
# raised with their own organisation.
grant(
    Permission.VIEW_CHALLENGES,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# The business unit, the scrutineer and the chair raise challenges, record the assurance they
# receive, and close or reopen them.
grant(
    Permission.RAISE_CHALLENGES,
    grant_to(
        (
            Role.BUSINESS_MANAGER,
            Role.BUSINESS_UNIT_OFFICER,
            Role.INDEPENDENT_SCRUTINEER,
            Role.PARTNERSHIP_CHAIR,
        ),
        Scope.PARTNERSHIP,
    ),
)
# The agency lead answers for their organisation; the business manager records an answer
# that came by e-mail.
grant(
    Permission.RESPOND_TO_CHALLENGES,
    {
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
        Role.BUSINESS_MANAGER: Scope.PARTNERSHIP,
    },
)
