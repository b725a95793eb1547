"""DOC-2: a signed-in person uses the service only after accepting the operating terms in force.

At first login and after each new version, every page sends them to the acceptance page (with the page they
asked for as `next`); logout, the login and password reset pages, the documents, the public joining pages
(with the invitation's password page), the language switch, static files and the health probes pass.

Free on every page in the common case: the version in force comes from this process's memory
(members/terms/state.py), and the version the person accepted is kept in their session. The database is
asked only when the session does not know yet (the first page after login, or after a new version), and the
answer is kept in the session.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from members.terms.selectors import terms_accepted_by
from members.terms.state import current_terms

SESSION_KEY = "terms_accepted"
ALWAYS_OPEN_PATHS = ("/healthz", "/readyz")


def remember_acceptance(request: HttpRequest, document_id: int) -> None:
    """Keep in the session that this person accepted this version (the session is theirs alone)."""
    request.session[SESSION_KEY] = [request.user.pk, document_id]


def acceptance_url(next_path: str) -> str:
    return f"{reverse('terms:accept')}?{urlencode({'next': next_path})}"


class TermsAcceptanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_prefixes: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._is_open(request.path):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        try:
            current = current_terms()
            if current is None or self._has_accepted(request, current.id):
                return self.get_response(request)
        except DatabaseError:  # nothing can be decided; the page itself will say what is wrong
            return self.get_response(request)
        return self._to_acceptance(request)

    def _is_open(self, path: str) -> bool:
        if self._open_prefixes is None:  # reversed once, after the URLconf is loaded
            self._open_prefixes = (
                settings.STATIC_URL, reverse("terms:accept"), reverse("logout"), reverse("login"),
                reverse("password_reset"), reverse("documents:index"), reverse("join:sent").removesuffix("sent/"),
                reverse("set_language"),
            )
        return path in ALWAYS_OPEN_PATHS or path.startswith(self._open_prefixes)

    @staticmethod
    def _has_accepted(request: HttpRequest, document_id: int) -> bool:
        if request.session.get(SESSION_KEY) == [request.user.pk, document_id]:
            return True
        if terms_accepted_by(request.user, document_id):
            remember_acceptance(request, document_id)
            return True
        return False

    @staticmethod
    def _to_acceptance(request: HttpRequest) -> HttpResponse:
        message = _("ご利用の前に、最新の運営規約への同意が必要です。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "terms_not_accepted"}, status=403,
                                json_dumps_params={"ensure_ascii": False})
        # a form posted now cannot be kept: come back to the page it was posted from
        target = request.get_full_path() if request.method in ("GET", "HEAD") else (
            request.headers.get("Referer") or reverse("home"))
        location = acceptance_url(target)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = location
            return response
        return HttpResponseRedirect(location, status=302 if request.method in ("GET", "HEAD") else 303)
