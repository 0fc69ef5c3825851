from django.urls import path

from inclusion_tracker.accounts.views import sign_in, team, two_factor_email, users

app_name = "accounts"
urlpatterns = [
    path("sign-in/", sign_in.sign_in, name="sign-in"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("signed-out/", sign_in.signed_out, name="signed-out"),
    path("two-factor/set-up/", sign_in.two_factor_setup, name="two-factor-setup"),
    path("two-factor/code/", sign_in.two_factor_verify, name="two-factor-verify"),
    path(
        "two-factor/email-code/",
        two_factor_email.two_factor_email_code,
        name="two-factor-email-code",
    ),
    path("account/", sign_in.profile, name="profile"),
    path("account/password/", sign_in.change_password, name="change-password"),
    path("password-reset/", sign_in.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", sign_in.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        sign_in.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", sign_in.password_reset_complete, name="password-reset-complete"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_create, name="user-create"),
    path("users/<int:pk>/", users.user_detail, name="user-detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user-edit"),
    path("users/<int:pk>/active/", users.user_set_active, name="user-set-active"),
    path(
        "users/<int:pk>/two-factor/reset/",
        users.user_reset_two_factor,
        name="user-reset-two-factor",
    ),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user-unlock"),
    path("team/", team.team, name="team"),
    path("team/invite/", team.team_invite, name="team-invite"),
    path("team/join/<str:token>/", team.team_join, name="team-join"),
    path("team/<int:pk>/remove/", team.team_remove, name="team-remove"),
]
