from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="accounts.login"),
    path("logout/", auth_views.LogoutView.as_view(), name="accounts.logout"),
    path("signup/", views.signup, name="accounts.signup"),
    path("language/", views.language_set, name="accounts.language"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url="/accounts/password/done/",
        ),
        name="accounts.password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="accounts.password_change_done",
    ),
]
