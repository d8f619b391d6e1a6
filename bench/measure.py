"""Measuring each main page: its status, its SQL queries, and its latency over repeats.

Each page is requested through Django's test client (the whole middleware stack, templates
and all, without a network or a WSGI server): once to warm up, once with the queries
captured, then `repeat` times timed with time.perf_counter.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masa.accounts.models import Person
from masa.accounts.tests.factories import signed_in_client

# Who the pages are requested as: a role that reads across the partnership, and one that
# sees its own organisation's people only. The keys name generate()'s ids.
ROLES = {
    "business_manager": "Business manager (reads across the partnership)",
    "agency_lead": "Agency safeguarding lead (own organisation)",
}
BUSINESS_MANAGER = ("business_manager",)


@dataclass(frozen=True)
class Page:
    label: str
    path: str  # with {organisation}, {person}, {budget}, {meeting}... from generate()'s ids
    anonymous: bool = False
    # Whom it is measured for: every page answers 200 to each of them. A page whose
    # permission the agency lead does not hold (the risk register, the draft arrangements)
    # is measured for the business manager only.
    roles: tuple[str, ...] = tuple(ROLES)


PAGES = (
    Page("/ (anonymous)", "/", anonymous=True),
    Page("/home/", "/home/"),
    Page("/organisations/", "/organisations/"),
    Page("/organisations/?kind=education", "/organisations/?kind=education"),
    Page("/organisations/<id>/", "/organisations/{organisation}/"),
    Page("/people/", "/people/"),
    Page("/people/<id>/", "/people/{person}/"),
    Page("/account/", "/account/"),
    Page("/api/v1/organisations/", "/api/v1/organisations/"),
    Page("/api/v1/people/", "/api/v1/people/"),
    Page("/budgets/", "/budgets/"),
    Page("/budgets/<id>/", "/budgets/{budget}/"),
    Page("/api/v1/budget?year=2016/17", "/api/v1/budget?year=2016/17"),
    Page("/meetings/", "/meetings/"),
    Page("/meetings/<id>/", "/meetings/{meeting}/"),
    Page("/meetings/attendance/?year=2016/17", "/meetings/attendance/?year=2016/17"),
    Page("/api/v1/attendance?year=2016/17", "/api/v1/attendance?year=2016/17"),
    Page("/api/v1/docs/", "/api/v1/docs/"),
    Page("/healthz", "/healthz"),
    # Governance: groups, the relevant agencies register, the arrangements, the business plan,
    # risks and challenges. Each <id> is one the agency lead may see too (their agency sits on
    # the group, owns the plan action, is challenged), unless the page is the business
    # manager's only.
    Page("/groups/", "/groups/"),
    Page("/groups/<id>/", "/groups/{group}/"),
    Page("/agencies/", "/agencies/"),
    Page("/agencies/<id>/", "/agencies/{engagement}/"),
    Page("/arrangements/ (anonymous)", "/arrangements/", anonymous=True),
    Page(
        "/arrangements/drafts/<id>/", "/arrangements/drafts/{arrangements}/", roles=BUSINESS_MANAGER
    ),
    Page(
        "/arrangements/versions/<id>/changes/",
        "/arrangements/versions/{arrangements_version}/changes/",
    ),
    Page("/business-plan/", "/business-plan/"),
    Page("/business-plan/priorities/<id>/", "/business-plan/priorities/{priority}/"),
    Page("/business-plan/actions/<id>/", "/business-plan/actions/{plan_action}/"),
    Page(
        "/business-plan/highlight-reports/",
        "/business-plan/highlight-reports/",
        roles=BUSINESS_MANAGER,
    ),
    Page("/risks/", "/risks/", roles=BUSINESS_MANAGER),
    Page("/risks/<id>/", "/risks/{risk}/", roles=BUSINESS_MANAGER),
    Page("/challenges/", "/challenges/"),
    Page("/challenges/<id>/", "/challenges/{challenge}/"),
    Page("/api/v1/groups/", "/api/v1/groups/"),
    Page("/api/v1/agency-register/", "/api/v1/agency-register/"),
    Page("/api/v1/meetings/", "/api/v1/meetings/"),
    Page("/api/v1/meeting-actions/", "/api/v1/meeting-actions/"),
    Page("/api/v1/budgets/", "/api/v1/budgets/"),
    Page("/api/v1/priorities/", "/api/v1/priorities/"),
    Page("/api/v1/plan-actions/", "/api/v1/plan-actions/"),
    Page("/api/v1/risks/", "/api/v1/risks/", roles=BUSINESS_MANAGER),
    Page("/api/v1/challenges/", "/api/v1/challenges/"),
    Page("/api/v1/arrangements/", "/api/v1/arrangements/"),
    Page("/api/v1/papers/", "/api/v1/papers/"),
    # The performance dashboard with its default indicators (targets and seed 003's headline).
    Page("/performance/", "/performance/"),
)


class PageFailed(AssertionError):
    """A page answered something other than 200."""


@dataclass
class PageResult:
    path: str
    anonymous: bool
    status: int
    queries: int
    p50_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    repeat: int
    sql: list[str]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(samples: Iterable[float], fraction: float) -> float:
    """The `fraction` percentile (0 to 1), interpolating linearly between closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = fraction * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _get(client: Client, path: str) -> int:
    response = client.get(path)
    if response.status_code != 200:
        raise PageFailed(f"GET {path} answered {response.status_code}, not 200")
    return response.status_code


def measure_page(client: Client, path: str, *, repeat: int, anonymous: bool = False) -> PageResult:
    _get(client, path)  # warm up: templates, URL resolver, the connection
    with CaptureQueriesContext(connection) as captured:
        status = _get(client, path)
    # Read them now: the next request's request_started signal empties the connection's log.
    sql = [query["sql"] for query in captured.captured_queries]
    gc.collect()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, path)
        samples.append((time.perf_counter() - started) * 1000)
    return PageResult(
        path=path,
        anonymous=anonymous,
        status=status,
        queries=len(sql),
        p50_ms=round(percentile(samples, 0.50), 2),
        p95_ms=round(percentile(samples, 0.95), 2),
        min_ms=round(min(samples), 2),
        max_ms=round(max(samples), 2),
        repeat=repeat,
        sql=sql,
    )


def measure(
    ids: dict[str, Any],
    *,
    repeat: int = 30,
    roles: Iterable[str] = tuple(ROLES),
    pages: Iterable[Page] = PAGES,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Every page as every role it is measured for: {role: {page label: result}}.
    Raises PageFailed on a non-200."""
    pages = tuple(pages)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for role in roles:
        person = Person.objects.get(pk=ids[role])
        results[role] = {}
        for page in pages:
            if role not in page.roles:
                continue
            path = page.path.format_map(ids)
            # A fresh sign-in per page: the session's last-seen time is then recent, so no
            # request in the run rewrites the session (which would add queries to one of them).
            client = Client() if page.anonymous else signed_in_client(person)
            try:
                result = measure_page(client, path, repeat=repeat, anonymous=page.anonymous)
            except PageFailed as failed:
                raise PageFailed(f"as {role}: {failed}") from None
            results[role][page.label] = result.as_dict()
    return results


def query_growth(by_scale: dict[int, dict[str, dict[str, dict[str, Any]]]]) -> list[str]:
    """Pages whose number of queries is not the same at every scale, described."""
    scales = sorted(by_scale)
    if len(scales) < 2:
        return []
    problems = []
    first = by_scale[scales[0]]
    for role, pages in first.items():
        for label in pages:
            counts = {scale: by_scale[scale][role][label]["queries"] for scale in scales}
            if len(set(counts.values())) > 1:
                shown = ", ".join(f"{counts[s]} at scale {s}" for s in scales)
                problems.append(f"{label} as {role}: {shown}")
    return problems


def markdown_tables(by_scale: dict[int, dict[str, dict[str, dict[str, Any]]]]) -> str:
    """One table per role: queries at each scale, then p50/p95 latency at each scale."""
    scales = sorted(by_scale)
    header = (
        ["Page"]
        + [f"Queries ×{s}" for s in scales]
        + [f"{q} ×{s} (ms)" for s in scales for q in ("p50", "p95")]
    )
    out = []
    for role, title in ROLES.items():
        if role not in by_scale[scales[0]]:
            continue
        out.append(f"**{title}**\n")
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(["---"] + ["--:"] * (len(header) - 1)) + "|")
        for label in by_scale[scales[0]][role]:
            cells = [f"`{label}`"]
            cells += [str(by_scale[s][role][label]["queries"]) for s in scales]
            for s in scales:
                row = by_scale[s][role][label]
                cells += [f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
