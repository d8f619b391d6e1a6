from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.accounts import selectors, services
from masa.accounts.forms import (
    ApiTokenForm,
    EnrolmentForm,
    OrganisationFilterForm,
    OrganisationForm,
    PeopleFilterForm,
    SecondFactorForm,
    SignInForm,
)
from masa.accounts.models import ApiToken, OrganisationKind, TotpDevice
from masa.accounts.sign_in import (
    accept_recovery_code,
    accept_totp,
    begin_pending,
    client_address,
    complete_sign_in,
    is_throttled,
    note_failure,
    pending_next,
    pending_person,
    provisioning_uri,
)
from masa.core import audit
from masa.core.access import SignedInRequest, public, requires, second_factor_step, signed_in
from masa.core.permissions import Permission

PAGE_SIZE = 50
THROTTLED = "There have been too many attempts to sign in. Wait 5 minutes, then try again."


def _safe_next(request: HttpRequest, candidate: str) -> str:
    """Only a path on this site: never another host, never a scheme-relative //host."""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return ""


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        address = client_address(request)
        if is_throttled(email=email, address=address):
            audit.record(actor=None, action="sign_in.throttled")
            form.add_error(None, THROTTLED)
            status = 429
        else:
            person = authenticate(request, username=email, password=form.cleaned_data["password"])
            if person is None:
                note_failure(email=email, address=address, stage="password")
                form.add_error(None, "Enter a correct email address and password")
            elif services.is_dormant(person):
                services.person_disable(actor=None, person=person, reason="Not used for 90 days")
                form.add_error(
                    None,
                    "Your account was closed because it was not used for 90 days. "
                    "Ask your partnership's business unit to open it again.",
                )
            else:
                begin_pending(request, person, _safe_next(request, request.GET.get("next", "")))
                if person.has_second_factor:
                    return redirect("accounts:second-factor")
                return redirect("accounts:set-up-second-factor")
    return render(request, "accounts/sign_in.html", {"form": form}, status=status)


@second_factor_step
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    person = pending_person(request)
    if person is None:
        return redirect("accounts:sign-in")
    if not person.has_second_factor:
        return redirect("accounts:set-up-second-factor")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if is_throttled(email=person.email, address=client_address(request)):
            form.add_error(None, THROTTLED)
            status = 429
        elif accept_totp(person.totp_device, code):
            next_url = pending_next(request)
            complete_sign_in(request, person, method="authenticator app")
            return redirect(next_url or "core:home")
        elif accept_recovery_code(person, code):
            next_url = pending_next(request)
            complete_sign_in(request, person, method="recovery code")
            messages.info(
                request,
                "You used a recovery code. Each one works only once: make new ones from your account page if you are running low.",
            )
            return redirect(next_url or "core:home")
        else:
            note_failure(
                email=person.email,
                address=client_address(request),
                stage="second factor",
                person=person,
            )
            form.add_error(
                "code",
                "The code is not correct, or it has been used already. Wait for your app to show a new code and enter that.",
            )
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "has_passkeys": person.passkeys.exists()},
        status=status,
    )


@second_factor_step
@require_http_methods(["GET", "POST"])
def set_up_second_factor(request: HttpRequest) -> HttpResponse:
    person = pending_person(request)
    if person is None:
        return redirect("accounts:sign-in")
    if person.has_second_factor:
        return redirect("accounts:second-factor")
    device = TotpDevice.objects.filter(person=person, confirmed=False).first()
    if request.method == "POST" and request.POST.get("step") == "start":
        device = services.totp_start_enrolment(person=person)
        return redirect("accounts:set-up-second-factor")
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        if accept_totp(device, form.cleaned_data["code"]):
            codes = services.totp_confirm(person=person, device=device)
            next_url = pending_next(request)
            complete_sign_in(request, person, method="authenticator app (first use)")
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next_url": next_url or "/home/"},
            )
        form.add_error(
            "code",
            "The code is not correct. Check the time on your phone is right, then enter the code your app shows now.",
        )
    context: dict[str, object] = {"form": form, "device": device}
    if device is not None:
        uri = provisioning_uri(device)
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(
            scale=4, title="QR code to scan with your authenticator app"
        )
        context["secret_groups"] = [
            device.secret[i : i + 4] for i in range(0, len(device.secret), 4)
        ]
    return render(request, "accounts/set_up_second_factor.html", context)


@signed_in
@require_POST
def sign_out(request: SignedInRequest) -> HttpResponse:
    audit.record(actor=request.user, action="sign_out", target=request.user)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


# Secrets shown once are handed from the POST to the next GET through the session, so that
# reloading the page cannot make new ones; each is shown once.
_NEW_TOKEN_KEY = "masa_new_api_token"  # noqa: S105 (a session key name, not a secret)
_NEW_CODES_KEY = "masa_new_recovery_codes"


@signed_in
@require_http_methods(["GET", "POST"])
def account(request: SignedInRequest) -> HttpResponse:
    person = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    token_form = ApiTokenForm(request.POST if action == "create-token" else None)
    if action == "recovery-codes":
        request.session[_NEW_CODES_KEY] = services.recovery_codes_regenerate(
            actor=person, person=person
        )
        return redirect("accounts:account")
    if action == "create-token" and token_form.is_valid():
        if person.has_second_factor:
            _, token = services.api_token_create(actor=person, name=token_form.cleaned_data["name"])
            request.session[_NEW_TOKEN_KEY] = token
            return redirect("accounts:account")
        # Only a demo persona is signed in without one; the service would refuse (T1).
        token_form.add_error(None, "Set up two-factor sign-in before creating an API token.")
    if action == "revoke-token":
        token_id = request.POST.get("token", "")
        # Not a number is no token of theirs: 404, not a 500 from the database lookup.
        api_token = (
            ApiToken.objects.filter(person=person, pk=token_id, revoked_at__isnull=True).first()
            if token_id.isascii() and token_id.isdigit()
            else None
        )
        if api_token is None:
            raise Http404
        services.api_token_revoke(actor=person, api_token=api_token)
        messages.success(request, f"The token '{api_token.name}' has been revoked.")
        return redirect("accounts:account")
    if request.method == "GET" and _NEW_CODES_KEY in request.session:
        codes = request.session.pop(_NEW_CODES_KEY)
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next_url": "/account/"}
        )
    context = {
        "token_form": token_form,
        "new_token": request.session.pop(_NEW_TOKEN_KEY, None) if request.method == "GET" else None,
        "tokens": list(ApiToken.objects.filter(person=person, revoked_at__isnull=True)),
        "recovery_codes_left": person.recovery_codes.filter(used_at__isnull=True).count(),
        "passkeys": list(person.passkeys.all()),
    }
    return render(
        request, "accounts/account.html", context, status=400 if token_form.errors else 200
    )


@requires(Permission.VIEW_ORGANISATION)
@require_safe
def organisations(request: SignedInRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    kind = query = ""
    if form.is_valid():
        kind, query = form.cleaned_data["kind"], form.cleaned_data["q"]
    page = Paginator(
        selectors.organisations_for(request.user, kind=kind, query=query), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.organisation_counts_by_kind(request.user)
    return render(
        request,
        "accounts/organisations.html",
        {
            "form": form,
            "page": page,
            "counts": [(label, counts.get(value, 0)) for value, label in OrganisationKind.choices],
            "filter_query": _filters_without_page(request),
        },
    )


def _filters_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@requires(Permission.VIEW_ORGANISATION)
@require_safe
def organisation(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.organisation_for(request.user, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": found,
            "members": selectors.members_of(request.user, found),
            "can_change": selectors.can_change(request.user, found),
        },
    )


@requires(Permission.VIEW_PERSON)
@require_safe
def people(request: SignedInRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.people_for(request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/people.html",
        {"form": form, "page": page, "filter_query": _filters_without_page(request)},
    )


@requires(Permission.VIEW_PERSON)
@require_safe
def person(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.person_for(request.user, pk)
    if found is None:
        raise Http404
    return render(request, "accounts/person.html", {"person": found})


@requires(Permission.CHANGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.organisation_changeable_by(request.user, pk)
    if found is None:
        raise Http404
    # The form gets its own copy: validating a ModelForm writes into its instance, and the
    # service must compare the submitted values with what was stored.
    form = OrganisationForm(
        request.POST or None, instance=selectors.organisation_changeable_by(request.user, pk)
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=request.user, organisation=found, **form.cleaned_data)
        messages.success(request, f"The details of {found.name} have been saved.")
        return redirect("accounts:organisation", pk=found.pk)
    return render(
        request,
        "accounts/organisation_edit.html",
        {"organisation": found, "form": form},
        status=400 if form.errors else 200,
    )
