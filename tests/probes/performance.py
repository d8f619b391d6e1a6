"""The performance dataset: no permission of its own yet (the indicator catalogue and the
benchmarks API are open to everyone signed in), so no probes; the catalogue's API detail URL
takes an indicator's id, filled here for the security crawl."""

from __future__ import annotations

from typing import Any

PROBES: dict[Any, Any] = {}

PK_SOURCES = {"indicator-detail": "indicator"}


def crawl_records(world: Any, cast: Any) -> dict[str, int]:
    from masa.performance.catalogue import load_indicator_catalogue
    from masa.performance.models import Indicator

    load_indicator_catalogue()
    return {"indicator": Indicator.objects.values_list("pk", flat=True).first() or 0}
