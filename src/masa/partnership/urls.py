from django.urls import path

from masa.partnership.views import agencies as agency_views
from masa.partnership.views import budget as budget_views
from masa.partnership.views import groups as group_views
from masa.partnership.views import meetings as meeting_views

app_name = "partnership"

urlpatterns = [
    path("groups/", group_views.group_list, name="groups"),
    path("groups/add/", group_views.group_add, name="group-add"),
    path("groups/<int:pk>/", group_views.group_detail, name="group"),
    path("groups/<int:pk>/change/", group_views.group_edit, name="group-edit"),
    path("groups/<int:pk>/add-member/", group_views.group_member_add, name="group-member-add"),
    path(
        "groups/members/<int:pk>/remove/",
        group_views.group_member_remove,
        name="group-member-remove",
    ),
    path("groups/scrutiny/<int:pk>/change/", group_views.scrutiny_edit, name="scrutiny-edit"),
    path("agencies/", agency_views.agency_list, name="agencies"),
    path("agencies/review/", agency_views.register_review_record, name="agency-register-review"),
    path("agencies/<int:pk>/", agency_views.agency_detail, name="agency"),
    path("agencies/<int:pk>/change/", agency_views.agency_edit, name="agency-edit"),
    path("agencies/<int:pk>/review/", agency_views.agency_review, name="agency-review"),
    path("budgets/", budget_views.budgets, name="budgets"),
    path("budgets/<int:pk>/", budget_views.budget, name="budget"),
    path(
        "budgets/<int:pk>/add-contribution/",
        budget_views.contribution_add,
        name="contribution-add",
    ),
    path(
        "budgets/contributions/<int:pk>/change/",
        budget_views.contribution_edit,
        name="contribution-edit",
    ),
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/attendance/", meeting_views.attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path(
        "meetings/<int:pk>/attendance/",
        meeting_views.attendance_edit,
        name="meeting-attendance-edit",
    ),
    path("meetings/actions/<int:pk>/done/", meeting_views.action_done, name="meeting-action-done"),
    path("meetings/new/", meeting_views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/change/", meeting_views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/add-agenda-item/",
        meeting_views.agenda_item_add_page,
        name="agenda-item-add",
    ),
    path(
        "meetings/agenda-items/<int:pk>/change/",
        meeting_views.agenda_item_edit,
        name="agenda-item-edit",
    ),
    path(
        "meetings/agenda-items/<int:pk>/move/",
        meeting_views.agenda_item_move_page,
        name="agenda-item-move",
    ),
    path("meetings/<int:pk>/add-action/", meeting_views.action_add, name="meeting-action-add"),
    path(
        "meetings/actions/<int:pk>/change/", meeting_views.action_edit, name="meeting-action-edit"
    ),
    path("budgets/new/", budget_views.budget_add, name="budget-add"),
    path(
        "budgets/<int:pk>/add-expenditure/",
        budget_views.expenditure_add_page,
        name="expenditure-add",
    ),
    path(
        "budgets/expenditure/<int:pk>/change/",
        budget_views.expenditure_edit,
        name="expenditure-edit",
    ),
]
