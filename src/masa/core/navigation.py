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
        ("Local figures", reverse("performance:submissions"), Permission.VIEW_SUBMISSIONS),
        ("API", reverse("api-docs"), None),
    ]
    items = []
    for text, href, permission in entries:
        if permission is None or permits(user, permission):
            items.append(NavItem(text, href, request.path.startswith(href)))
    return items
