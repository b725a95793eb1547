"""Two-factor login pages: the code after the password, enrolment of an authenticator app, recovery codes.

A wrong code is a failed login for django-axes (the same lockout as wrong passwords); the lock ends the
half-open session. Failures are cleared only once the code is accepted.
"""

from base64 import b32encode
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from ..policies import must_use_two_factor
from ..security.sessions import sign_in_completed
from ..twofactor import services
from ..twofactor.forms import EnrolForm, VerifyForm
from ..twofactor.middleware import is_verified, verify_redirect
from ..twofactor.qr import qr_svg

NEW_CODES_SESSION_KEY = "twofactor_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return reverse("home")


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _credentials(request: HttpRequest) -> dict:
    return {"username": request.user.username}


def _lockout(request: HttpRequest) -> HttpResponse | None:
    """The lockout page (and the half-open session ends) when the login ID is locked."""
    credentials = _credentials(request)
    if not (getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials)):
        return None
    logout(request)
    return get_lockout_response(request, None, credentials)


def _wrong_code(request: HttpRequest, form) -> HttpResponse | None:
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)
    locked = _lockout(request)
    if locked is None:
        form.add_error("code", _("確認コードが正しくありません。もう一度入力してください。"))
    return locked


def _signed_in(request: HttpRequest, device) -> None:
    otp_login(request, device)
    sign_in_completed(request=request, user=request.user)


def _wait_error(form, seconds: int) -> None:
    form.add_error("code", _("続けて間違えたため、%(seconds)d秒ほど待ってから入力してください。") % {"seconds": seconds})


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not must_use_two_factor(user) or is_verified(user):
        return redirect(_next_url(request))
    device = services.confirmed_device(user)
    if device is None:
        return redirect(_with_next("twofactor:setup", request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked = _lockout(request)
        if locked is not None:
            return locked
        code = services.normalize(form.cleaned_data["code"])
        if services.is_totp_code(code):
            wait = services.throttle_wait(device)
            if wait is not None:
                _wait_error(form, wait)
            elif services.totp_verify(device=device, code=code):
                _signed_in(request, device)
                return redirect(_next_url(request))
        else:
            recovery = services.recovery_code_use(user=user, code=code)
            if recovery is not None:
                _signed_in(request, recovery)
                messages.warning(request, _("リカバリーコードでログインしました。残りは%(count)d個です。認証アプリが使えない場合は、"
                                            "新しい端末を登録してください。") % {
                    "count": services.recovery_codes_remaining(user)})
                return redirect(_next_url(request))
        if not form.errors:
            locked = _wrong_code(request, form)
            if locked is not None:
                return locked
    return render(request, "registration/twofactor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not must_use_two_factor(user):
        raise PermissionDenied(_("このアカウントには二段階認証の登録は必要ありません。"))
    replacing = services.confirmed_device(user) is not None
    if replacing and not is_verified(user):  # a new app only from a session the current one verified
        return verify_redirect(request)
    device = services.device_for_enrolment(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked = _lockout(request)
        if locked is not None:
            return locked
        wait = services.throttle_wait(device)
        if wait is not None:
            _wait_error(form, wait)
        else:
            codes = services.totp_enrol(user=user, device=device, code=form.cleaned_data["code"],
                                        keep_session_key=request.session.session_key)
            if codes is not None:
                _signed_in(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                messages.success(request, _("認証アプリを登録しました。"))
                return redirect(_with_next("twofactor:recovery_codes", request))
            locked = _wrong_code(request, form)
            if locked is not None:
                return locked
    secret = b32encode(device.bin_key).decode()
    return render(request, "registration/twofactor_setup.html", {
        "form": form, "next": _next_url(request), "replacing": replacing,
        "qr": qr_svg(device.config_url, label=_("認証アプリに登録する QR コード")),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
    })


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New codes, shown once (POST replaces them; the page then shows the new ones once)."""
    user = request.user
    if request.method == "POST":
        if services.confirmed_device(user) is None or not is_verified(user):
            return verify_redirect(request)
        request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_replace(user=user)
        messages.success(request, _("新しいリカバリーコードを発行しました。以前のコードは使えません。"))
        return redirect("twofactor:recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("twofactor:overview")
    return render(request, "registration/twofactor_recovery_codes.html",
                  {"codes": codes, "next": _next_url(request)})


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "registration/twofactor_overview.html", {
        "required": must_use_two_factor(user), "device": services.confirmed_device(user),
        "remaining": services.recovery_codes_remaining(user), "verified": is_verified(user),
    })
