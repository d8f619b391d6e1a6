from django.urls import path

from masa.audits import views

app_name = "audits"

urlpatterns = [
    path("audits/", views.index, name="index"),
    path("audits/frameworks/add/", views.framework_add, name="framework-add"),
    path("audits/frameworks/<int:pk>/", views.framework_detail, name="framework"),
    path("audits/frameworks/<int:pk>/new-version/", views.version_new, name="version-new"),
    path("audits/versions/<int:pk>/publish/", views.version_publish, name="version-publish"),
    path("audits/versions/<int:pk>/add-standard/", views.standard_add, name="standard-add"),
    path("audits/standards/<int:pk>/change/", views.standard_edit, name="standard-edit"),
    path(
        "audits/standards/<int:pk>/add-sub-standard/",
        views.substandard_add,
        name="substandard-add",
    ),
    path("audits/sub-standards/<int:pk>/change/", views.substandard_edit, name="substandard-edit"),
    path("audits/sub-standards/<int:pk>/add-question/", views.question_add, name="question-add"),
    path("audits/questions/<int:pk>/change/", views.question_edit, name="question-edit"),
    path("audits/cycles/add/", views.cycle_add, name="cycle-add"),
    path("audits/cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("audits/cycles/<int:pk>/remind/", views.cycle_remind, name="cycle-remind"),
    path("audits/cycles/<int:pk>/analysis/", views.cycle_analysis, name="cycle-analysis"),
    path("audits/cycles/<int:pk>/validation/", views.cycle_validation, name="cycle-validation"),
    path("audits/cycles/<int:pk>/follow-up/", views.cycle_follow_up, name="cycle-follow-up"),
    path("audits/cycles/<int:pk>/export.csv", views.cycle_export_csv, name="cycle-export-csv"),
    path("audits/cycles/<int:pk>/export.pdf", views.cycle_export_pdf, name="cycle-export-pdf"),
    path("audits/cycles/<int:pk>/export.xlsx", views.cycle_export_xlsx, name="cycle-export-xlsx"),
    path("audits/cycles/<int:pk>/add-workshop/", views.workshop_add, name="workshop-add"),
    path("audits/workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path("audits/workshops/<int:pk>/change/", views.workshop_edit, name="workshop-edit"),
    path("audits/workshops/<int:pk>/add-challenge/", views.challenge_add, name="challenge-add"),
    path("audits/peer-challenges/<int:pk>/", views.challenge_detail, name="peer-challenge"),
    path(
        "audits/peer-challenges/<int:pk>/change/",
        views.challenge_edit,
        name="peer-challenge-edit",
    ),
    path(
        "audits/peer-challenges/<int:pk>/add-action/",
        views.challenge_action_add,
        name="peer-challenge-action-add",
    ),
    path(
        "audits/peer-challenge-actions/<int:pk>/change/",
        views.challenge_action_edit,
        name="peer-challenge-action-edit",
    ),
    path("audits/returns/", views.return_list, name="my-returns"),
    path(
        "audits/returns/<int:pk>/export.xlsx", views.return_export_xlsx, name="return-export-xlsx"
    ),
    path("audits/invitations/<int:pk>/start/", views.return_start, name="return-start"),
    path("audits/returns/<int:pk>/", views.return_detail, name="return"),
    path("audits/returns/<int:pk>/standard/", views.return_standard, name="return-standard"),
    path("audits/returns/<int:pk>/evidence/", views.return_evidence, name="return-evidence"),
    path("audits/returns/<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("audits/returns/<int:pk>/instead/", views.return_special, name="return-special"),
    path("audits/returns/<int:pk>/share/", views.return_share, name="return-share"),
    path("audits/returns/<int:pk>/validate/", views.return_validate, name="return-validate"),
    path("audits/evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
]
