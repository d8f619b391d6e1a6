from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from masa.core.navigation import navigation_for


def layout(request: HttpRequest) -> dict[str, Any]:
    return {
        "partnership_name": settings.MASA_PARTNERSHIP_NAME,
        "demo_mode": settings.MASA_DEMO_MODE,
        "service_navigation": navigation_for(request),
    }
