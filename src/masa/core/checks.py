"""System checks of our own: a weak Content Security Policy fails `masa check` everywhere,
and demo mode fails the deployment checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.csp import CSP

_REQUIRED_NONE = ("object-src", "base-uri", "frame-ancestors")
_UNSAFE_SOURCES = {
    CSP.UNSAFE_INLINE,
    CSP.UNSAFE_EVAL,
    CSP.UNSAFE_HASHES,
    "*",
    "http:",
    "https:",
    "data:",
}


def csp_problems(policy: dict[str, Any]) -> list[str]:
    problems = []
    if not policy:
        return ["SECURE_CSP is empty, so no Content-Security-Policy header is sent"]
    if "django.middleware.csp.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE:
        problems.append("ContentSecurityPolicyMiddleware is not in MIDDLEWARE")
    if "default-src" not in policy:
        problems.append("default-src is missing")
    for directive in _REQUIRED_NONE:
        if policy.get(directive) != [CSP.NONE]:
            problems.append(f"{directive} must be exactly 'none'")
    script = policy.get("script-src", policy.get("default-src", []))
    if CSP.NONCE not in script:
        problems.append("script-src must use a nonce")
    for directive in ("default-src", "script-src", "style-src"):
        unsafe = _UNSAFE_SOURCES.intersection(policy.get(directive, []))
        if unsafe:
            problems.append(f"{directive} allows {', '.join(sorted(unsafe))}")
    return problems


@register(Tags.security)
def check_content_security_policy(app_configs: Any, **kwargs: Any) -> list[Error]:
    return [
        Error(f"Weak Content-Security-Policy: {problem}.", id="masa.E001")
        for problem in csp_problems(settings.SECURE_CSP)
    ]


@register(Tags.security, deploy=True)
def check_demo_mode_off(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.MASA_DEMO_MODE:
        return [
            Error(
                "MASA_DEMO_MODE is on: anyone could sign in as a demo persona without a second factor.",
                id="masa.E002",
            )
        ]
    return []
