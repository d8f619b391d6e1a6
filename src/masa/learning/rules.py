"""Who may see, raise and manage cases for consideration and practice reviews (DOMAIN.md
function 10; seed 002).

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

# Practice reviews and other learning reviews (issue 5 steps 4–8). The business unit, the
# delegated partners and the scrutineer see every review in the partnership; the chair sees
# them too, since the chair approves publications. An agency lead or designated safeguarding
# lead sees the reviews of cases their organisation raised and those in which it owns an
# action (Review.objects.visible_to), and the actions their organisation owns
# (ReviewAction.objects.visible_to).
grant(
    Permission.VIEW_REVIEWS,
    {
        **grant_to(
            (
                *BUSINESS_UNIT,
                Role.DELEGATED_SAFEGUARDING_PARTNER,
                Role.INDEPENDENT_SCRUTINEER,
                Role.PARTNERSHIP_CHAIR,
            ),
            Scope.PARTNERSHIP,
        ),
        **grant_to((Role.AGENCY_SAFEGUARDING_LEAD, Role.EDUCATION_DSL), Scope.OWN_ORGANISATION),
    },
)
grant(Permission.MANAGE_REVIEWS, grant_to(BUSINESS_UNIT, Scope.PARTNERSHIP))
# Publication needs a second person (SECURITY.md T10): the delegated partners or the chair
# approve what the business unit prepared; the services refuse the preparer.
grant(
    Permission.APPROVE_REVIEW_PUBLICATION,
    grant_to((Role.DELEGATED_SAFEGUARDING_PARTNER, Role.PARTNERSHIP_CHAIR), Scope.PARTNERSHIP),
)
