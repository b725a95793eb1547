"""Password rules of PWD-1 that Django does not ship. Listed in AUTH_PASSWORD_VALIDATORS, so every path
that sets a password (forms, admin, createsuperuser, commands, API) applies them."""

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PASSWORD_MAX_LENGTH = 128


class NotLoginIdValidator:
    """Refuse a password equal or similar to the login ID or the email's local part, ignoring case.

    One rule with one message: Django's similarity validator is left to the person's name, so a password
    equal to the login ID is not reported twice.
    """

    def __init__(self, max_similarity: float = 0.7):
        self.similarity = UserAttributeSimilarityValidator(user_attributes=("username", "email"),
                                                           max_similarity=max_similarity)

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        candidates = {getattr(user, "username", "") or ""}
        email = getattr(user, "email", "") or ""
        if "@" in email:
            candidates.add(email.split("@", 1)[0])
        try:
            self.similarity.validate(password, user)
            similar = False
        except ValidationError:
            similar = True
        if similar or password.casefold() in {c.casefold() for c in candidates if c}:
            raise ValidationError(
                _("パスワードにログインIDやメールアドレスと同じ文字列や似た文字列は使えません。"),
                code="password_equals_login_id",
            )

    def get_help_text(self) -> str:
        return _("ログインIDやメールアドレスと同じパスワードや似たパスワードは使えません。")


class MaximumLengthValidator:
    """Refuse absurdly long passwords (hashing cost, and no person types 5,000 characters)."""

    def __init__(self, max_length: int = PASSWORD_MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("パスワードは%(max_length)d文字以内にしてください。") % {"max_length": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("パスワードは%(max_length)d文字以内です。") % {"max_length": self.max_length}
