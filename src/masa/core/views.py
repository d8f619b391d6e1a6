from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from masa.accounts import selectors as account_selectors
from masa.accounts.sign_in import complete_sign_in
from masa.core.access import public, signed_in
from masa.core.presenters import home_for
from masa.partnership import selectors as partnership_selectors


@public
@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    partnership = partnership_selectors.public_partnership()
    return render(
        request,
        "core/landing.html",
        {
            "partnership": partnership,
            "statutory_partners": account_selectors.statutory_partners(partnership)
            if partnership
            else [],
        },
    )


@signed_in
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"home": home_for(request.user)})


@public
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure is reported as such, never as a 500
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def demo_sign_in(request: HttpRequest) -> HttpResponse:
    """Demo mode only: sign in as any demo persona without the second factor."""
    if not settings.MASA_DEMO_MODE:
        raise Http404
    personas = account_selectors.demo_personas()
    if request.method == "POST":
        chosen = next((p for p in personas if str(p.person.pk) == request.POST.get("person")), None)
        if chosen is None:
            messages.error(request, "Choose one of the demo personas below.")
            return redirect("core:demo")
        complete_sign_in(request, chosen.person, method="demo persona page")
        return redirect("core:home")
    return render(request, "core/demo.html", {"personas": personas})
