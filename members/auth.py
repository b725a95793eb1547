from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

User = get_user_model()


def lockout_login_id(request, credentials: dict) -> str:
    """Axes locks the login ID whatever its letter case, as login itself ignores case."""
    return (credentials or {}).get("username", "").strip().lower()


class AccountBackend(ModelBackend):
    """Django's backend, loading the account's FI and company with it: every page's header shows them."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("institution", "company").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
