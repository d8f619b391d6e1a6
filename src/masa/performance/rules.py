"""Who may see and change the performance dataset.

The national statistics `masa import-dfe` loads are public data, and the indicator catalogue
and benchmarks API (/api/v1/indicators/, /api/v1/benchmarks) are open to everyone signed in
(Access.SIGNED_IN). Local submissions are the partnership's own figures, each tied to the
organisation that submitted it.
"""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The business unit, the executive and the scrutineer see every organisation's submissions;
# an agency safeguarding lead sees their own organisation's.
grant(
    Permission.VIEW_SUBMISSIONS,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
# An agency lead submits their own organisation's figures; the business unit may submit (or
# correct) any organisation's on its behalf.
grant(
    Permission.SUBMIT_DATA,
    {
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
        Role.BUSINESS_MANAGER: Scope.PARTNERSHIP,
        Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP,
    },
)
# The business unit chases the figures: who has not submitted, and reminders to their leads.
grant(
    Permission.MANAGE_PERFORMANCE,
    {
        Role.BUSINESS_MANAGER: Scope.PARTNERSHIP,
        Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP,
    },
)
# The performance dashboard and indicator pages: the partnership's aggregate figures and
# national statistics (no child-level data). The business unit, the executive and the
# scrutineer read across the partnership; the Quality and Performance subgroup, whose members
# are agencies' safeguarding leads with a subgroup chair, scrutinises the same partnership-
# level figures, so they see them for the whole partnership too (each organisation's own
# submissions list stays under VIEW_SUBMISSIONS).
grant(
    Permission.VIEW_PERFORMANCE,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.PARTNERSHIP,
        Role.SUBGROUP_CHAIR: Scope.PARTNERSHIP,
    },
)
