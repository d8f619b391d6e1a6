"""Who may see, raise and manage cases for consideration (DOMAIN.md function 10; seed 002).

These are restricted records. The business unit, the delegated partners and the scrutineer
see every case in the partnership; an agency, school, the designated officer and the child
death review officer see the cases their own organisation raised.
"""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import Role

BUSINESS_UNIT = (Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER)
RAISING_ROLES = (
    Role.AGENCY_SAFEGUARDING_LEAD,
    Role.EDUCATION_DSL,
    Role.DESIGNATED_OFFICER,
    Role.CHILD_DEATH_REVIEW_OFFICER,
)

grant(
    Permission.VIEW_CASES,
    {
        **grant_to(
            (*BUSINESS_UNIT, Role.DELEGATED_SAFEGUARDING_PARTNER, Role.INDEPENDENT_SCRUTINEER),
            Scope.PARTNERSHIP,
        ),
        **grant_to(RAISING_ROLES, Scope.OWN_ORGANISATION),
    },
)
# Any organisation in the partnership raises a case through the form (seed 002); the
# business unit also records one that came by telephone or e-mail.
grant(
    Permission.RAISE_CASES,
    {
        **grant_to(RAISING_ROLES, Scope.OWN_ORGANISATION),
        **grant_to(BUSINESS_UNIT, Scope.PARTNERSHIP),
    },
)
# The business unit records the notification, the rapid review and the decision.
grant(Permission.MANAGE_CASES, grant_to(BUSINESS_UNIT, Scope.PARTNERSHIP))
