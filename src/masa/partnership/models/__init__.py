"""The partnership's models, one module per part of its work (see each module)."""

from masa.partnership.models.area import (
    Group,
    GroupKind,
    LocalAuthority,
    MeetingFrequency,
    OnsCode,
    Partnership,
)
from masa.partnership.models.meetings import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
)
from masa.partnership.models.resourcing import (
    Budget,
    Contribution,
    ContributionSource,
    ExpenditureLine,
)
from masa.partnership.models.structure import GroupMember, RegisterReview, ScrutinyRole

__all__ = [
    "Action",
    "ActionStatus",
    "AgendaItem",
    "Attendance",
    "Budget",
    "Contribution",
    "ContributionSource",
    "ExpenditureLine",
    "Group",
    "GroupKind",
    "GroupMember",
    "Invitation",
    "LocalAuthority",
    "Meeting",
    "MeetingFrequency",
    "OnsCode",
    "Partnership",
    "RegisterReview",
    "ScrutinyRole",
]
