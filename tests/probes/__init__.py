"""Probes for the permission matrix (SECURITY.md T6) and records for the security crawl, one
module per area of MASA so each area keeps its own.

A module here defines:
- `PROBES`: for each of its permissions, a function `(client, world, relation) -> Seen` that
  makes a record related to the signed-in person as `relation` says, then reports whether the
  pages, lists and API showed it (or let it be changed) and every status code seen;
- optionally `PK_SOURCES`: for each URL name taking `<int:pk>`, which record fills it;
- optionally `SLUG_PARAMETERS`: for each URL name whose one parameter is a code from a public
  catalogue (a slug, never anything about a person) rather than `pk`, the parameter's name;
  `PK_SOURCES` still says which crawl record fills it;
- optionally `POST_ONLY`: URL names that answer only POST (the crawl's GET expects 405);
- optionally `crawl_records(world, cast) -> dict[str, int]`: the ids of records the security
  crawl's cast may see, keyed by the names `PK_SOURCES` uses.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tests.probes.common import Seen

__all__ = [
    "Seen",
    "all_pk_sources",
    "all_post_only",
    "all_probes",
    "all_slug_parameters",
    "crawl_records_of_every_area",
]


def _area_modules() -> list[ModuleType]:
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name not in {"common"}
    )
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def all_probes() -> dict[Any, Callable[..., Seen]]:
    probes: dict[Any, Callable[..., Seen]] = {}
    for module in _area_modules():
        for permission, probe in module.PROBES.items():
            if permission in probes:
                raise ValueError(f"{permission} is probed twice ({module.__name__})")
            probes[permission] = probe
    return probes


def all_pk_sources() -> dict[str, str]:
    sources: dict[str, str] = {}
    for module in _area_modules():
        sources.update(getattr(module, "PK_SOURCES", {}))
    return sources


def all_slug_parameters() -> dict[str, str]:
    parameters: dict[str, str] = {}
    for module in _area_modules():
        parameters.update(getattr(module, "SLUG_PARAMETERS", {}))
    return parameters


def all_post_only() -> set[str]:
    names: set[str] = set()
    for module in _area_modules():
        names |= set(getattr(module, "POST_ONLY", ()))
    return names


def crawl_records_of_every_area(world: Any, cast: Any) -> dict[str, int]:
    records: dict[str, int] = {}
    for module in _area_modules():
        make = getattr(module, "crawl_records", None)
        if make is not None:
            records.update(make(world, cast))
    return records
