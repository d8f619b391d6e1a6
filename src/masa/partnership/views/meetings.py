"""Pages for meetings: the list, one meeting, attendance by year, and the business unit's
forms (a new meeting, its minutes, agenda items, actions and attendance)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from masa.core.access import SignedInRequest, requires, signed_in
from masa.core.calendar import ReportingYear
from masa.core.permissions import Permission, reach
from masa.partnership import meetings as selectors
from masa.partnership.meeting_forms import (
    ActionDoneForm,
    ActionForm,
    AgendaItemForm,
    GroupChoiceForm,
    MeetingChangeForm,
    MeetingForm,
)
from masa.partnership.meetings import (
    MeetingError,
    action_change,
    action_complete,
    action_create,
    action_set_status,
    agenda_item_add,
    agenda_item_change,
    agenda_item_move,
    attendance_record,
    meeting_change,
    meeting_create,
)
from masa.partnership.models import Action, AgendaItem, Meeting

ATTENDED = "attended"
DEPUTY = "deputy"
ABSENT = "absent"
ATTENDANCE_CHOICES = [
    (ATTENDED, "Attended"),
    (DEPUTY, "A deputy attended"),
    (ABSENT, "Did not attend"),
]


@requires(Permission.VIEW_MEETINGS)
@require_safe
def meeting_list(request: SignedInRequest) -> HttpResponse:
    meetings = selectors.meetings_for(request.user).order_by("-held_on", "-pk")
    can_add = not reach(request.user, Permission.MANAGE_MEETINGS).is_empty
    return render(request, "partnership/meetings.html", {"meetings": meetings, "can_add": can_add})


@requires(Permission.VIEW_MEETINGS)
@require_safe
def meeting_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    today = timezone.localdate()
    actions = selectors.actions_for(request.user, meeting)
    return render(
        request,
        "partnership/meeting.html",
        {
            "meeting": meeting,
            "attendance": selectors.meeting_attendance(request.user, meeting),
            "agenda": list(meeting.agenda_items.all()),
            "actions": [(action, action.is_overdue(today)) for action in actions],
            "can_manage": Meeting.objects.changeable_by(request.user).filter(pk=pk).exists(),
        },
    )


# The chart is drawn on the server as SVG: bars of each organisation's % attendance.
CHART_ROW_HEIGHT = 24
CHART_LABEL_WIDTH = 330
CHART_BAR_WIDTH = 300


def _chart(report: selectors.AttendanceReport) -> dict[str, Any]:
    bars = []
    for index, row in enumerate(report.rows):
        value = float(row.percent or 0)
        bars.append(
            {
                "y": index * CHART_ROW_HEIGHT,
                "text_y": index * CHART_ROW_HEIGHT + 16,
                "width": round(CHART_BAR_WIDTH * value / 100, 1),
                "label": row.organisation,
                "value": row.percent,
                "value_x": CHART_LABEL_WIDTH + round(CHART_BAR_WIDTH * value / 100, 1) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars), 1) * CHART_ROW_HEIGHT + 4,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50,
        "label_width": CHART_LABEL_WIDTH,
        "label_x": CHART_LABEL_WIDTH - 8,
    }


@requires(Permission.VIEW_MEETINGS)
@require_safe
def attendance(request: SignedInRequest) -> HttpResponse:
    label = request.GET.get("year", "").strip()
    error = ""
    year = selectors.latest_year(request.user)
    if label:
        try:
            year = ReportingYear.parse(label)
        except ValueError as problem:
            error = str(problem)
    if error:
        return render(
            request,
            "partnership/meeting_attendance.html",
            {"error": error, "year_label": label},
            status=400,
        )
    report = selectors.attendance_report(request.user, year)
    return render(
        request,
        "partnership/meeting_attendance.html",
        {
            "report": report,
            "year_label": year.label,
            "chart": _chart(report),
            "previous_year": ReportingYear(year.start_year - 1).label,
            "next_year": ReportingYear(year.start_year + 1).label,
        },
    )


class AttendanceForm(forms.Form):
    """One question per expected organisation: did it attend, through a deputy, or not?"""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation, recorded in invitations:
            initial = None
            if recorded is not None:
                initial = (
                    ABSENT if not recorded.attended else DEPUTY if recorded.as_deputy else ATTENDED
                )
            self.fields[f"org_{invitation.organisation_id}"] = forms.ChoiceField(
                label=invitation.organisation.name,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={
                    "required": f"Select whether {invitation.organisation.name} attended",
                    "invalid_choice": f"Select whether {invitation.organisation.name} "
                    "attended, a deputy attended, or nobody attended",
                },
            )


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def attendance_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.changeable_by(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    invitations = selectors.meeting_attendance(request.user, meeting)
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # every organisation's answer, or none of them
            for invitation, _ in invitations:
                answer = form.cleaned_data[f"org_{invitation.organisation_id}"]
                attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    organisation=invitation.organisation,
                    attended=answer != ABSENT,
                    as_deputy=answer == DEPUTY,
                )
        messages.success(request, f"Attendance at {meeting} has been saved.")
        return redirect("partnership:meeting", pk=meeting.pk)
    return render(
        request,
        "partnership/meeting_attendance_edit.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def action_done(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner of an action, or the business unit, marks it done."""
    action = selectors.action_changeable_by(request.user, pk)
    if action is None:
        raise Http404
    today = timezone.localdate()
    form = ActionDoneForm(request.POST or None, meeting_date=action.meeting.held_on)
    if request.method == "POST" and form.is_valid():
        try:
            action_complete(
                actor=request.user, action=action, completed_on=form.cleaned_data["completed_on"]
            )
        except MeetingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The action has been marked as done.")
            return redirect("core:home")
    return render(
        request,
        "partnership/meeting_action_done.html",
        {"action": action, "form": form, "overdue": action.is_overdue(today)},
        status=400 if form.errors else 200,
    )


# -- The business unit's forms -----------------------------------------------------------------


def _form_page(
    request: SignedInRequest, template: str, context: dict[str, Any], form: forms.Form
) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_add(request: SignedInRequest) -> HttpResponse:
    """A new meeting, in two steps: which group meets (?group=<id>), then its date, title
    and the organisations expected (the group's members ticked to begin with)."""
    groups = selectors.groups_for_meetings(request.user)
    chooser = GroupChoiceForm(request.GET if "group" in request.GET else None, groups=groups)
    if not chooser.is_valid():
        return render(
            request,
            "partnership/meeting_choose_group.html",
            {"form": chooser},
            status=400 if chooser.errors else 200,
        )
    group = chooser.cleaned_data["group"]
    members = selectors.group_member_organisation_ids(group)
    form = MeetingForm(
        request.POST or None,
        initial={"expected": members},
        organisations=selectors.invitable_organisations(group),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = meeting_create(
            actor=request.user,
            group=group,
            held_on=data["held_on"],
            title=data["title"],
            expected=list(data["expected"]),
        )
        messages.success(request, f"{meeting} has been added.")
        return redirect("partnership:meeting", pk=meeting.pk)
    return _form_page(request, "partnership/meeting_form.html", {"group": group}, form)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """The title, date and minutes of a meeting."""
    meeting = selectors.meeting_changeable_by(request.user, pk)
    if meeting is None:
        raise Http404
    form = MeetingChangeForm(
        request.POST or None,
        initial={"title": meeting.title, "held_on": meeting.held_on, "minutes": meeting.minutes},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting_change(
            actor=request.user,
            meeting=meeting,
            title=data["title"].strip(),
            held_on=data["held_on"],
            minutes=data["minutes"].strip(),
        )
        messages.success(request, f"{meeting} has been saved.")
        return redirect("partnership:meeting", pk=meeting.pk)
    return _form_page(request, "partnership/meeting_edit.html", {"meeting": meeting}, form)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def agenda_item_add_page(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_changeable_by(request.user, pk)
    if meeting is None:
        raise Http404
    return _agenda_item_form(request, meeting, None)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    item = selectors.agenda_item_changeable_by(request.user, pk)
    if item is None:
        raise Http404
    return _agenda_item_form(request, item.meeting, item)


def _agenda_item_form(
    request: SignedInRequest, meeting: Meeting, item: AgendaItem | None
) -> HttpResponse:
    initial = {"title": item.title, "decision": item.decision} if item is not None else {}
    form = AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"].strip()
        decision = form.cleaned_data["decision"].strip()
        try:
            if item is None:
                agenda_item_add(actor=request.user, meeting=meeting, title=title, decision=decision)
            else:
                agenda_item_change(actor=request.user, item=item, title=title, decision=decision)
        except MeetingError as problem:
            form.add_error("title", str(problem))
        else:
            messages.success(request, f"The agenda item '{title}' has been saved.")
            return redirect("partnership:meeting", pk=meeting.pk)
    return _form_page(
        request,
        "partnership/meeting_agenda_item.html",
        {"meeting": meeting, "item": item},
        form,
    )


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["POST"])
def agenda_item_move_page(request: SignedInRequest, pk: int) -> HttpResponse:
    """Move an agenda item up or down one place (a button beside each item)."""
    item = selectors.agenda_item_changeable_by(request.user, pk)
    if item is None:
        raise Http404
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Choose whether to move the agenda item up or down.")
    else:
        agenda_item_move(actor=request.user, item=item, up=direction == "up")
        messages.success(request, f"The agenda item '{item.title}' has been moved {direction}.")
    return redirect(f"{reverse('partnership:meeting', args=[item.meeting_id])}#agenda")


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def action_add(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_changeable_by(request.user, pk)
    if meeting is None:
        raise Http404
    return _action_form(request, meeting, None)


@requires(Permission.MANAGE_MEETINGS)
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = selectors.action_changeable_by(request.user, pk)
    if action is None or not selectors.meeting_changeable_by(request.user, action.meeting_id):
        raise Http404
    return _action_form(request, action.meeting, action)


def _action_form(request: SignedInRequest, meeting: Meeting, action: Action | None) -> HttpResponse:
    partnership_id = meeting.group.partnership_id
    initial: dict[str, Any] = {}
    if action is not None:
        initial = {
            "description": action.description,
            "owning_organisation": action.owning_organisation_id,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "agenda_item": action.agenda_item_id,
            "status": action.status,
        }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        meeting=meeting,
        organisations=selectors.organisations_of_partnerships([partnership_id]),
        people=selectors.people_of_partnership(partnership_id),
        editing=action is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "description": data["description"],
            "owning_organisation": data["owning_organisation"],
            "owner": data["owner"],
            "due_on": data["due_on"],
            "agenda_item": data["agenda_item"],
        }
        try:
            with transaction.atomic():
                if action is None:
                    action_create(actor=request.user, meeting=meeting, **fields)
                else:
                    action_change(actor=request.user, action=action, **fields)
                    if data.get("status"):
                        action_set_status(actor=request.user, action=action, status=data["status"])
        except MeetingError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The action has been saved.")
            return redirect(f"{reverse('partnership:meeting', args=[meeting.pk])}#actions")
    return _form_page(
        request,
        "partnership/meeting_action.html",
        {"meeting": meeting, "action": action},
        form,
    )
