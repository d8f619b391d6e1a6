"""The service navigation: each person sees the parts of MASA their roles may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from masa.core.permissions import Permission, permits


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


def navigation_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    entries: list[tuple[str, str, Permission | None]] = [
        ("Home", reverse("core:home"), None),
        ("Organisations", reverse("accounts:organisations"), Permission.VIEW_ORGANISATION),
        ("People", reverse("accounts:people"), Permission.VIEW_PERSON),
        ("Budget", reverse("partnership:budgets"), Permission.VIEW_BUDGET),
        ("Meetings", reverse("partnership:meetings"), Permission.VIEW_MEETINGS),
        ("Arrangements", reverse("arrangements:drafts"), Permission.VIEW_ARRANGEMENT_DRAFTS),
        ("Groups", reverse("partnership:groups"), Permission.VIEW_GROUPS),
        ("Agencies", reverse("partnership:agencies"), Permission.VIEW_AGENCY_REGISTER),
        ("Business plan", reverse("businessplan:plan"), Permission.VIEW_BUSINESS_PLAN),
        ("Risks", reverse("risks:register"), Permission.VIEW_RISKS),
        ("Challenges", reverse("risks:challenges"), Permission.VIEW_CHALLENGES),
        ("Cases", reverse("learning:cases"), Permission.VIEW_CASES),
        ("Reviews", reverse("learning:reviews"), Permission.VIEW_REVIEWS),
        ("Performance", reverse("performance:dashboard"), Permission.VIEW_PERFORMANCE),
        ("Audits", reverse("audits:index"), Permission.VIEW_AUDITS),
        ("Assurance", reverse("assurance:overview"), Permission.VIEW_ASSURANCE),
        ("API", reverse("api-docs"), None),
    ]
    shown = [
        (text, href)
        for text, href, permission in entries
        if permission is None or permits(user, permission)
    ]
    # The entry whose address is the longest start of this page's is the current one, so a
    # page under two entries' addresses marks only the nearer.
    matching = [href for _, href in shown if request.path.startswith(href)]
    current = max(matching, key=len, default=None)
    return [NavItem(text, href, href == current) for text, href in shown]
