from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms import RequestPasswordResetForm, ResetPasswordForm
from .tenancy import system_view
from .views import auth

# Django's reset views find the account by email / by id in the link, whatever its tenant.
RESET_LOOKUP = "password reset finds the account by its email or link"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", include("members.twofactor.urls")),
    path("password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/",
         system_view(RESET_LOOKUP)(auth_views.PasswordResetView.as_view(form_class=RequestPasswordResetForm)),
         name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/",
         system_view(RESET_LOOKUP)(auth_views.PasswordResetConfirmView.as_view(form_class=ResetPasswordForm)),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
