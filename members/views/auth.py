from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from ..forms import ChangePasswordForm, LoginForm
from ..permissions import home_url
from ..services import user_change_password


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """After login every role lands on its own home."""
    return redirect(home_url(request.user))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        user_change_password(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("パスワードを変更しました。"))
        return redirect(self.get_success_url())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The Japanese 403 page; the reason is the one the refusing code gave (written for people), if any."""
    reason = str(exception) if exception is not None and str(exception) else _("この画面を利用する権限がありません。")
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403.html",
                  {"reason": _("セッションの有効期限が切れたか、不正なリクエストです。画面を開き直してください。")},
                  status=403)
