"""Who may see and change organisations and people."""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

# The directory of organisations is shared knowledge inside a partnership: everyone signed in.
grant(Permission.VIEW_ORGANISATION, grant_to(Role, Scope.PARTNERSHIP))

grant(
    Permission.CHANGE_ORGANISATION,
    {
        Role.BUSINESS_MANAGER: Scope.PARTNERSHIP,
        Role.BUSINESS_UNIT_OFFICER: Scope.PARTNERSHIP,
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
        Role.EDUCATION_DSL: Scope.OWN_ORGANISATION,
    },
)

# People: the read-across roles see everyone in the partnership; anyone else sees the people
# of their own organisations.
grant(
    Permission.VIEW_PERSON,
    {
        role: Scope.PARTNERSHIP if role in READ_ACROSS_ROLES else Scope.OWN_ORGANISATION
        for role in Role
    },
)
