"""The partnership API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.partnership.api_budget import (
    BudgetViewSet,
    ContributionViewSet,
    ExpenditureLineViewSet,
)
from masa.partnership.api_groups import AgencyRegisterViewSet, GroupViewSet
from masa.partnership.api_meetings import MeetingActionViewSet, MeetingViewSet

router = SimpleRouter()
router.register("groups", GroupViewSet, basename="group")
router.register("agency-register", AgencyRegisterViewSet, basename="agency-register")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("expenditure-lines", ExpenditureLineViewSet, basename="expenditure-line")

urlpatterns = router.urls
