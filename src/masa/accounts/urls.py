from django.urls import path

from masa.accounts import passkey_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/second-factor/", views.second_factor, name="second-factor"),
    path("sign-in/set-up-second-factor/", views.set_up_second_factor, name="set-up-second-factor"),
    path("sign-in/passkey/options/", passkey_views.sign_in_options, name="passkey-sign-in-options"),
    path("sign-in/passkey/", passkey_views.sign_in, name="passkey-sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/passkeys/options/", passkey_views.add_options, name="passkey-add-options"),
    path("account/passkeys/", passkey_views.add, name="passkey-add"),
    path("account/passkeys/<int:pk>/remove/", passkey_views.remove, name="passkey-remove"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/change/", views.organisation_edit, name="organisation-edit"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
]
