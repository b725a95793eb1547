"""Authentication: the session backend, the API token check and axes' lockout key.

Whether an account may use the service is one rule, `members.policies.account_may_sign_in`: the login
form, every request of an open session (`get_user`) and every API token ask it, so ending an FI's contract
or suspending a company ends its people's access at their next request. Their data stays.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models.profiles import SEARCH_COLUMNS
from .policies import account_may_sign_in, sign_in_refusal

User = get_user_model()

SIGN_IN_REFUSAL_ATTRIBUTE = "sign_in_refusal"


def lockout_login_id(request, credentials: dict) -> str:
    """Axes locks the login ID whatever its letter case, as login itself ignores case."""
    return (credentials or {}).get("username", "").strip().lower()


class AccountBackend(ModelBackend):
    """Django's backend plus the sign-in rule; loads the account's FI and company with it (every header
    shows them)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        self._request = request  # a backend instance serves one call; the refusal reason goes on the request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        """Asked only once the password matched (and for each request of a session)."""
        if not super().user_can_authenticate(user):
            return False
        reason = sign_in_refusal(user)
        if reason and getattr(self, "_request", None) is not None:
            setattr(self._request, SIGN_IN_REFUSAL_ATTRIBUTE, reason)  # only the password's holder learns why
        return reason is None

    def get_user(self, user_id):
        """The session's account for every request: one query, without the company's search columns (only
        search and recommendations read them, by `values()`). A company's FI is its member's FI: the row is
        shared, so `user.company.institution` costs no second query."""
        try:
            user = (User.objects.unscoped("the session's own account").select_related("institution", "company", "institution__security_settings")
                    .defer(*(f"company__{column}" for column in SEARCH_COLUMNS)).get(pk=user_id))
        except (User.DoesNotExist, ValueError, TypeError):
            return None
        if not self.user_can_authenticate(user):
            return None
        company = user.company
        if company is not None and company.institution_id == user.institution_id:
            company.institution = user.institution
        return user


class AccountTokenAuthentication(TokenAuthentication):
    """DRF tokens, refused once the account may no longer sign in (the token itself is kept), and outside the
    FI's IP allow-list (SEC-1; members.security)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            from .security.middleware import address_refusal

            reason = address_refusal(request, result[0])
            if reason is not None:
                raise exceptions.PermissionDenied(reason)
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not account_may_sign_in(user):
            raise exceptions.AuthenticationFailed(sign_in_refusal(user) or exceptions.AuthenticationFailed.default_detail)
        return user, token
