"""The partnership's models, one module per part of its work (see each module)."""

from masa.partnership.models.area import Group, GroupKind, LocalAuthority, OnsCode, Partnership

__all__ = ["Group", "GroupKind", "LocalAuthority", "OnsCode", "Partnership"]
