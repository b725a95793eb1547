"""django-otp's middleware, and the rule that a person who needs a second factor reaches nothing else first.

`OTPMiddleware` differs from django-otp's in one way: `user.is_verified()` is read from the session (the
device id django-otp writes there at verification) instead of loading the device on every request, so a
verified page costs no query. Removing a device (the Django admin, a new enrolment) ends its owner's
sessions instead (members.twofactor.signals), which is what re-checking the device would have caught.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware

from ..policies import must_use_two_factor


def _verified_by_session(request, user):
    otp_middleware.OTPMiddleware._init_user_fields(user)
    if user.is_authenticated and request.session.get(DEVICE_ID_SESSION_KEY):
        user.is_verified = lambda: True
    return user


class OTPMiddleware(otp_middleware.OTPMiddleware):
    def _verify_user_sync(self, request, user):
        return _verified_by_session(request, user)

    async def _verify_user_async_via_auser(self, request, auser):
        return _verified_by_session(request, await auser())


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_missing(user) -> bool:
    """Signed in with the password, but a code is still owed."""
    return bool(user.is_authenticated and must_use_two_factor(user) and not is_verified(user))


def verify_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('twofactor:verify')}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorRequiredMiddleware:
    """Before the second factor: the verification and enrolment pages, logout, the language switch, static
    files and health probes only; a page goes to verification, an API call gets JSON 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor_missing(request.user) and not self._is_open(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("二段階認証を完了してからご利用ください。"),
                                     "code": "two_factor_required"}, status=403, json_dumps_params={"ensure_ascii": False})
            return verify_redirect(request)
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = (reverse("twofactor:verify"), reverse("twofactor:setup"), reverse("logout"),
                                reverse("set_language"), reverse("healthz"), reverse("readyz"))
        return path in self._open_paths or path.startswith(settings.STATIC_URL)
