from django.urls import path

from masa.learning import review_views, views, views_actions

app_name = "learning"

urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/raise/", views.case_raise, name="case-raise"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/notification/", views.case_notification, name="case-notification"),
    path("cases/<int:pk>/rapid-review/", views.case_rapid_review, name="case-rapid-review"),
    path("cases/<int:pk>/ask-agency/", views.info_request_add, name="case-request-add"),
    path("cases/requests/<int:pk>/reply/", views.info_request_reply, name="case-request-reply"),
    # Practice reviews and other learning reviews.
    path("learning/reviews/", review_views.review_list, name="reviews"),
    path("learning/reviews/start/", review_views.review_start, name="review-start"),
    path("learning/reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("learning/reviews/<int:pk>/change/", review_views.review_change, name="review-change"),
    path("learning/reviews/<int:pk>/pause/", review_views.pause_add, name="review-pause-add"),
    path(
        "learning/reviews/pauses/<int:pk>/", review_views.pause_change, name="review-pause-change"
    ),
    path(
        "learning/reviews/<int:pk>/milestone/",
        review_views.milestone_add,
        name="review-milestone-add",
    ),
    path(
        "learning/reviews/milestones/<int:pk>/",
        review_views.milestone_change,
        name="review-milestone-change",
    ),
    path("learning/reviews/<int:pk>/finding/", review_views.finding_add, name="review-finding-add"),
    path(
        "learning/reviews/findings/<int:pk>/",
        review_views.finding_detail,
        name="review-finding",
    ),
    path(
        "learning/reviews/<int:pk>/recommendation/",
        review_views.recommendation_add,
        name="review-recommendation-add",
    ),
    path(
        "learning/reviews/recommendations/<int:pk>/",
        review_views.recommendation_detail,
        name="review-recommendation",
    ),
    path(
        "learning/reviews/<int:pk>/publish/",
        review_views.publication_prepare,
        name="review-publication-prepare",
    ),
    path(
        "learning/reviews/publications/<int:pk>/approve/",
        review_views.publication_approve,
        name="review-publication-approve",
    ),
    path(
        "learning/reviews/publications/<int:pk>/download/",
        review_views.publication_download,
        name="review-publication-download",
    ),
    # Action plans and dissemination (views_actions.py).
    path("learning/actions/", views_actions.action_list, name="actions"),
    path("learning/actions/<int:pk>/", views_actions.action_detail, name="action"),
    path("learning/actions/<int:pk>/edit/", views_actions.action_edit, name="action-edit"),
    path(
        "learning/recommendations/<int:pk>/add-action/",
        views_actions.action_add,
        name="action-add",
    ),
    path(
        "learning/reviews/<int:pk>/add-dissemination/",
        views_actions.dissemination_add,
        name="dissemination-add",
    ),
    path("learning/themes/", review_views.theme_list, name="themes"),
    path("learning/themes/<int:pk>/", review_views.theme_detail, name="theme"),
    # Public: what has been published, and nothing else.
    path("learning/published/", review_views.published_list, name="published"),
    path("learning/published/<int:pk>/", review_views.published_detail, name="published-review"),
    path(
        "learning/published/files/<int:pk>/",
        review_views.published_file,
        name="published-file",
    ),
]
