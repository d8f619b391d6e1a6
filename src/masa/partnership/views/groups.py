"""Pages for the partnership's structure: its groups, their members, and independent scrutiny."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masa.core.access import SignedInRequest, requires
from masa.core.calendar import ReportingYear
from masa.core.forms import show_refusal
from masa.core.permissions import Permission, permits
from masa.partnership import structure as selectors
from masa.partnership.models import Group, Partnership
from masa.partnership.structure import (
    GROUP_FIELDS,
    group_create,
    group_update,
    member_add,
    member_remove,
    scrutiny_role_update,
)
from masa.partnership.structure_forms import GroupForm, MemberForm, ScrutinyRoleForm


@requires(Permission.VIEW_GROUPS)
@require_safe
def group_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "partnership/groups.html",
        {
            "sections": selectors.structure_for(request.user),
            "scrutiny_roles": selectors.scrutiny_roles_for(request.user),
            "can_manage": permits(request.user, Permission.MANAGE_GROUPS),
        },
    )


@requires(Permission.VIEW_GROUPS)
@require_safe
def group_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.group_for(request.user, pk)
    if group is None:
        raise Http404
    label = request.GET.get("year", "").strip()
    year = None
    year_error = ""
    if label:
        try:
            year = ReportingYear.parse(label)
        except ValueError as problem:
            year_error = str(problem)
    meetings = selectors.group_meetings(request.user, group, year)
    return render(
        request,
        "partnership/group.html",
        {
            "group": group,
            # The parent is named to everyone, linked only for those who may open it.
            "parent_visible": group.parent_id is not None
            and selectors.group_for(request.user, group.parent_id) is not None,
            "seats": selectors.seats_of(request.user, group),
            "subgroups": selectors.subgroups_of(request.user, group),
            "meetings": meetings,
            "year_error": year_error,
            "year_label": label,
            "can_manage": selectors.can_manage_group(request.user, group),
        },
        status=400 if year_error else 200,
    )


def _group_form(
    request: SignedInRequest, partnerships: list[Partnership], group: Group | None
) -> GroupForm:
    initial: dict[str, Any] = {"kind": "subgroup"}
    if group is not None:
        initial = {name: getattr(group, name) for name in GROUP_FIELDS}
    groups = selectors.group_choices_for(partnerships)
    if group is not None:
        groups = groups.exclude(pk=group.pk)
    return GroupForm(
        request.POST or None,
        initial=initial,
        partnerships=partnerships,
        people=selectors.people_in_any(partnerships),
        groups=groups,
        neighbours=Partnership.objects.exclude(pk__in=[p.pk for p in partnerships]).order_by(
            "name"
        ),
    )


@requires(Permission.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def group_add(request: SignedInRequest) -> HttpResponse:
    partnerships = list(selectors.partnerships_to_manage_groups(request.user))
    if not partnerships:
        raise Http404
    form = _group_form(request, partnerships, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = data.get("partnership") or partnerships[0]
        try:
            group = group_create(
                actor=request.user,
                partnership=partnership,
                **{name: data[name] for name in GROUP_FIELDS},
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{group.name} has been added.")
            return redirect("partnership:group", pk=group.pk)
    return render(
        request,
        "partnership/group_form.html",
        {"form": form, "group": None},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def group_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.group_changeable_by(request.user, pk)
    if group is None:
        raise Http404
    form = _group_form(request, [group.partnership], group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group_update(
                actor=request.user, group=group, **{name: data[name] for name in GROUP_FIELDS}
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{group.name} has been saved.")
            return redirect("partnership:group", pk=group.pk)
    return render(
        request,
        "partnership/group_form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def group_member_add(request: SignedInRequest, pk: int) -> HttpResponse:
    group = selectors.group_changeable_by(request.user, pk)
    if group is None:
        raise Http404
    form = MemberForm(
        request.POST or None,
        organisations=selectors.organisations_in(group.partnership),
        people=selectors.people_in(group.partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_add(
                actor=request.user,
                group=group,
                organisation=data["organisation"],
                person=data["person"],
                is_deputy=data["is_deputy"],
                role_note=data["role_note"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{member.organisation.name} has been added to {group.name}.")
            return redirect("partnership:group", pk=group.pk)
    return render(
        request,
        "partnership/group_member_add.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


@requires(Permission.MANAGE_GROUPS)
@require_POST
def group_member_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    member = selectors.member_changeable_by(request.user, pk)
    if member is None:
        raise Http404
    group, organisation = member.group, member.organisation
    member_remove(actor=request.user, member=member)
    messages.success(request, f"{organisation.name} has been removed from {group.name}.")
    return redirect("partnership:group", pk=group.pk)


@requires(Permission.MANAGE_GROUPS)
@require_http_methods(["GET", "POST"])
def scrutiny_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    role = selectors.scrutiny_role_changeable_by(request.user, pk)
    if role is None:
        raise Http404
    form = ScrutinyRoleForm(
        request.POST or None,
        initial={
            "name": role.name,
            "scrutineer": role.scrutineer_id,
            "days_per_year": role.days_per_year,
            "activities": role.activities,
            "commissioned_from": role.commissioned_from,
        },
        people=selectors.people_in(role.partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scrutiny_role_update(
                actor=request.user,
                role=role,
                name=data["name"].strip(),
                scrutineer=data["scrutineer"],
                days_per_year=data["days_per_year"],
                activities=data["activities"].strip(),
                commissioned_from=data["commissioned_from"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{role.name} has been saved.")
            return redirect("partnership:groups")
    return render(
        request,
        "partnership/group_scrutiny_form.html",
        {"form": form, "role": role},
        status=400 if form.errors else 200,
    )
