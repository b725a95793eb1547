"""One account's sign-in state for its FI's admins (/console/accounts/<id>/sessions/): open sessions with
device, address and time, the lockout, and the actions "log out everywhere", "release the lock" and "force a
password reset". Each action asks for confirmation (a page, so it works without JavaScript)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import selectors
from members.permissions import Audience, audience_required
from members.policies import may_manage_account_security
from members.security import services
from members.security.lockouts import lockout_state
from members.security.sessions import open_sessions


def _account(request: HttpRequest, account_id: int):
    account = selectors.account_for(request.user, account_id)  # another FI's account: 404
    if not may_manage_account_security(request.user, account):
        raise PermissionDenied(_("このユーザーIDを管理する権限がありません。"))
    return account


@audience_required(Audience.CONSOLE)
def account_sessions(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    return render(request, "fiadmin/account_sessions.html", {
        "account": account, "sessions": open_sessions(request.user, account),
        "lockout": lockout_state(account), "own_session_key": request.session.session_key,
    })


ACTIONS = {
    "end_sessions": {
        "title": gettext_lazy("すべての場所からログアウトさせる"),
        "question": gettext_lazy("このユーザーIDのログイン中のセッションをすべて終了します。よろしいですか？"),
        "button": gettext_lazy("ログアウトさせる"),
    },
    "unlock": {
        "title": gettext_lazy("ロックを解除する"),
        "question": gettext_lazy("ログイン失敗によるロックを解除し、すぐにログインできるようにします。よろしいですか？"),
        "button": gettext_lazy("ロックを解除する"),
    },
    "password_reset": {
        "title": gettext_lazy("パスワードの再設定を求める"),
        "question": gettext_lazy("今のパスワードを使えなくし、ログイン中のセッションを終了して、本人のメールアドレスに"
                                 "再設定用のリンクを送ります。よろしいですか？"),
        "button": gettext_lazy("再設定を求める"),
    },
}


def _confirm(request: HttpRequest, account, action: str) -> HttpResponse:
    return render(request, "fiadmin/account_action_confirm.html", {"account": account, **ACTIONS[action]})


@audience_required(Audience.CONSOLE)
def account_sessions_end(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if request.method != "POST":
        return _confirm(request, account, "end_sessions")
    count = services.account_sessions_end(account=account, actor=request.user,
                                          keep_session_key=request.session.session_key)
    messages.success(request, _("%(count)d件のセッションを終了しました。") % {"count": count})
    return redirect("console:account_sessions", account.pk)


@audience_required(Audience.CONSOLE)
def account_unlock(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if request.method != "POST":
        return _confirm(request, account, "unlock")
    services.account_lockout_release(account=account, actor=request.user)
    messages.success(request, _("ロックを解除しました。このユーザーIDはすぐにログインできます。"))
    return redirect("console:account_sessions", account.pk)


@audience_required(Audience.CONSOLE)
def account_password_reset(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if account.pk == request.user.pk:
        messages.error(request, _("ご自身のパスワードは「パスワード変更」から変更してください。"))
        return redirect("console:account_sessions", account.pk)
    if request.method != "POST":
        return _confirm(request, account, "password_reset")
    services.account_password_reset_force(account=account, actor=request.user, protocol=request.scheme,
                                          domain=request.get_host())
    messages.success(request, _("%(email)s に再設定用のリンクを送りました。") % {"email": account.email})
    return redirect(reverse("console:account_sessions", args=[account.pk]))
