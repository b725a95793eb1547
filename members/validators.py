"""Password rules of PWD-1 that Django does not ship. Listed in AUTH_PASSWORD_VALIDATORS, so every path
that sets a password (forms, admin, createsuperuser, commands, API) applies them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotLoginIdValidator:
    """Refuse a password equal to the login ID or the email's local part, ignoring case."""

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        candidates = {getattr(user, "username", "") or ""}
        email = getattr(user, "email", "") or ""
        if "@" in email:
            candidates.add(email.split("@", 1)[0])
        if password.casefold() in {c.casefold() for c in candidates if c}:
            raise ValidationError(
                _("パスワードにログインIDやメールアドレスと同じ文字列は使えません。"),
                code="password_equals_login_id",
            )

    def get_help_text(self) -> str:
        return _("ログインIDやメールアドレスと同じパスワードは使えません。")
