"""Who may see and change case audits, assurance reports and inspections (seed 003 §6.9,
§6.10).

- The business unit, the executive and the scrutineer see everything in their partnership.
- Subgroup chairs see everything too: the Quality and Performance subgroup monitors the case
  audits' action plans (seed 003 §6.9) and follows up assurance reports (§6.6). The role does
  not say which subgroup a chair leads, so chairs read but do not change: granting them
  MANAGE would let every subgroup chair rewrite inspection judgements.
- An agency lead sees their own organisation's assurance reports and inspections, the case
  audits their organisation took part in (`CaseAuditParticipant`), and the actions their
  organisation owns. Whoever owns an action sees it and may close it with evidence.
- The business unit records and changes them. The public sees nothing here.
"""

from masa.core.permissions import Permission, Scope, grant, grant_to
from masa.core.roles import READ_ACROSS_ROLES, Role

grant(
    Permission.VIEW_ASSURANCE,
    {
        **grant_to(READ_ACROSS_ROLES, Scope.PARTNERSHIP),
        Role.SUBGROUP_CHAIR: Scope.PARTNERSHIP,
        Role.AGENCY_SAFEGUARDING_LEAD: Scope.OWN_ORGANISATION,
    },
)
grant(
    Permission.MANAGE_ASSURANCE,
    grant_to((Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER), Scope.PARTNERSHIP),
)
