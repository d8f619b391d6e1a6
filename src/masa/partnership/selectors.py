from __future__ import annotations

from masa.partnership.models import Partnership


def public_partnership() -> Partnership | None:
    """The partnership this MASA serves, as the public may see it (its published facts)."""
    return Partnership.objects.prefetch_related("area__ons_codes", "groups").order_by("pk").first()
