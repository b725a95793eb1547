"""Access at the view layer: audiences and object lookups.

Every view states its audience (portal, console, desk, operations) with `audience_required`; every object
lookup on tenant data goes through `get_for_user_or_404`, which looks only among the rows the user may see
(`visible_to`, members/tenancy.py) and so answers 404 for "not yours" exactly as for "does not exist":
IDs reveal nothing across banks or companies (AUTH-1). The decisions themselves live in members/policies.py.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role
from .policies import account_may_sign_in
from .policies import may_operate_platform as can_operate_platform
from .tenancy import TenantQuerySet

__all__ = ["Audience", "audience_required", "can_enter", "can_operate_platform", "get_for_user_or_404", "home_url"]


class Audience(StrEnum):
    PORTAL = "portal"
    CONSOLE = "console"
    DESK = "desk"
    OPERATIONS = "operations"


AUDIENCE_ROLES: dict[Audience, frozenset[str]] = {
    Audience.PORTAL: frozenset({Role.MEMBER}),
    Audience.CONSOLE: frozenset({Role.FI_ADMIN}),
    Audience.DESK: frozenset({Role.SUPPORT, Role.SYSTEM_LEAD}),
    Audience.OPERATIONS: frozenset({Role.OPERATOR, Role.SYSTEM_LEAD}),
}

HOME_URL_NAMES: dict[str, str] = {
    Role.MEMBER: "portal:home",
    Role.FI_ADMIN: "console:home",
    Role.SUPPORT: "desk:home",
    Role.SYSTEM_LEAD: "operations:home",
    Role.OPERATOR: "operations:home",
}


def can_enter(user, audience: Audience) -> bool:
    return bool(account_may_sign_in(user) and user.role in AUDIENCE_ROLES[audience])


def audiences_of(user) -> list[Audience]:
    return [audience for audience in Audience if can_enter(user, audience)]


def home_url(user) -> str:
    return reverse(HOME_URL_NAMES[user.role])


def audience_required(*audiences: Audience) -> Callable:
    """Refuse anonymous users with the login page and users of no listed audience with the 403 page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can_enter(request.user, audience) for audience in audiences):
                raise PermissionDenied(_("この画面を利用する権限がありません。"))
            return view(request, *args, **kwargs)

        wrapper.audiences = audiences
        return wrapper

    return decorator


def get_for_user_or_404(queryset: TenantQuerySet, user, **lookup) -> Model:
    """The one object among those `user` may see, else 404 (also for another tenant's or a malformed id)."""
    try:
        return get_object_or_404(queryset.visible_to(user), **lookup)
    except (ValueError, TypeError) as exc:  # a malformed id is "not found", never a 500
        raise Http404 from exc
