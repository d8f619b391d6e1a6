from django.urls import path

from masa.partnership.views import budget as budget_views
from masa.partnership.views import meetings as meeting_views

app_name = "partnership"

urlpatterns = [
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
]
