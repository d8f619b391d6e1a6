"""The demo's meetings: the Somerset Safeguarding Children Board in 2016/17 (seed 003 §5.7).

Table 1 of the 2016/17 annual report lists 15 attending bodies and, for each of the Board's
four meetings (April, July and October 2016, January 2017), whether it attended: 49 of 60
expected attendances, 81.7%, which the report prints as 82%. The report says attendance rose
from 77% in 2015/16, but publishes no meeting-by-meeting figures for 2015/16, so only the
2016/17 meetings are loaded and the 77% is quoted in the group's purpose, not invented.

How Table 1's bodies map to the demo's organisations:
- bodies that still exist, or whose successor the demo already holds, are those organisations
  (the Clinical Commissioning Group is its successor, NHS Somerset Integrated Care Board;
  Somerset County Council's Children's Social Care is Somerset Council, the local authority);
- the county council's Education and Public Health services sat at the Board as bodies of
  their own, so each is an organisation of its own here ("Somerset County Council,
  Education", "Somerset County Council, Public Health"), as are "Somerset District Councils"
  (one seat for the districts), "Community members" (the lay members) and "Somerset Youth
  Offending Team".

The report gives the months, not the days: the dates below are invented, each a Tuesday in
the month the report gives. Nobody is named as attending (the seed names no one), and no
agenda or actions are invented.
"""

from __future__ import annotations

import datetime
from collections import Counter

from masa.accounts.models import (
    AgencyCategory,
    Engagement,
    Organisation,
    OrganisationKind,
)
from masa.partnership.models import Attendance, Group, GroupKind, Invitation, Meeting, Partnership

BOARD_NAME = "Somerset Safeguarding Children Board (to 2019)"
BOARD_PURPOSE = (
    "The Local Safeguarding Children Board that came before the partnership. It met four times "
    "in 2016/17; partners' attendance rose from 77% in 2015/16 to 82% in 2016/17 (annual "
    "report 2016/17, section 5.7). It was replaced by the partnership in September 2019."
)

# Invented days in the months Table 1 gives (Apr-16, Jul-16, Oct-16, Jan-17).
BOARD_MEETINGS_2016_17 = (
    datetime.date(2016, 4, 19),
    datetime.date(2016, 7, 19),
    datetime.date(2016, 10, 18),
    datetime.date(2017, 1, 17),
)

_Y, _N = True, False

# Table 1, in its order: the demo organisation, then Yes/No for each meeting.
TABLE_1: tuple[tuple[str, tuple[bool, bool, bool, bool]], ...] = (
    ("Avon and Somerset Constabulary", (_Y, _Y, _Y, _Y)),
    ("CAFCASS", (_N, _Y, _N, _Y)),
    ("NHS Somerset Integrated Care Board", (_Y, _Y, _Y, _Y)),
    ("Community members", (_Y, _Y, _Y, _Y)),
    (
        "Bristol, Gloucestershire, Somerset and Wiltshire Community Rehabilitation Company",
        (_Y, _N, _N, _Y),
    ),
    ("Somerset Council", (_Y, _Y, _Y, _Y)),
    ("Somerset District Councils", (_Y, _Y, _Y, _Y)),
    ("Somerset County Council, Education", (_N, _Y, _Y, _Y)),
    ("National Probation Service", (_Y, _Y, _Y, _Y)),
    ("NHS England", (_N, _Y, _N, _N)),
    ("Somerset County Council, Public Health", (_Y, _Y, _Y, _Y)),
    ("Somerset Partnership NHS Foundation Trust", (_Y, _Y, _Y, _Y)),
    ("Taunton and Somerset NHS Foundation Trust", (_N, _N, _Y, _Y)),
    ("Yeovil District Hospital NHS Foundation Trust", (_Y, _Y, _Y, _Y)),
    ("Somerset Youth Offending Team", (_N, _Y, _Y, _Y)),
)

# The Table 1 bodies the main demo does not load: (kind, agency category, section 11 duty).
_BOARD_ONLY = (
    "Member of the Somerset Safeguarding Children Board in 2016/17 (annual report Table 1)."
)
HISTORIC_BODIES: dict[str, tuple[OrganisationKind, str, bool]] = {
    "Community members": (OrganisationKind.OTHER, "", False),
    "Somerset District Councils": (
        OrganisationKind.RELEVANT_AGENCY,
        AgencyCategory.DISTRICT_COUNCIL,
        True,
    ),
    "Somerset County Council, Education": (OrganisationKind.OTHER, "", False),
    "Somerset County Council, Public Health": (
        OrganisationKind.RELEVANT_AGENCY,
        AgencyCategory.PUBLIC_HEALTH,
        False,
    ),
    "Somerset Youth Offending Team": (
        OrganisationKind.RELEVANT_AGENCY,
        AgencyCategory.YOUTH_JUSTICE,
        True,
    ),
}


def load_board_meetings(
    partnership: Partnership, organisations: dict[str, Organisation], changes: Counter[str]
) -> Group:
    """The 2016/17 Board, its four meetings and Table 1's attendance (idempotent)."""
    board, created = Group.objects.get_or_create(
        partnership=partnership,
        name=BOARD_NAME,
        defaults={"kind": GroupKind.EXECUTIVE, "purpose": BOARD_PURPOSE},
    )
    changes["groups"] += created

    bodies: dict[str, Organisation] = {}
    for name, _ in TABLE_1:
        if name in organisations:
            bodies[name] = organisations[name]
            continue
        kind, category, section_11 = HISTORIC_BODIES[name]
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "agency_category": category,
                "has_section_11_duty": section_11,
            },
        )
        changes["organisations"] += created
        _, engaged = Engagement.objects.get_or_create(
            partnership=partnership,
            organisation=organisation,
            defaults={"how_engaged": _BOARD_ONLY},
        )
        changes["engagements"] += engaged
        bodies[name] = organisation

    for index, held_on in enumerate(BOARD_MEETINGS_2016_17):
        meeting, created = Meeting.objects.get_or_create(
            group=board,
            held_on=held_on,
            defaults={"title": f"Board meeting, {held_on:%B %Y}"},
        )
        changes["meetings"] += created
        invited = set(meeting.invitations.values_list("organisation_id", flat=True))
        new_invitations = Invitation.objects.bulk_create(
            Invitation(meeting=meeting, organisation=bodies[name])
            for name, _ in TABLE_1
            if bodies[name].pk not in invited
        )
        changes["meeting invitations"] += len(new_invitations)
        recorded = set(meeting.attendances.values_list("organisation_id", flat=True))
        new_attendances = Attendance.objects.bulk_create(
            Attendance(meeting=meeting, organisation=bodies[name], attended=row[index])
            for name, row in TABLE_1
            if bodies[name].pk not in recorded
        )
        changes["attendances"] += len(new_attendances)
    return board
