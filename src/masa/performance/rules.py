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
