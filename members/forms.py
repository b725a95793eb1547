from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .auth import SIGN_IN_REFUSAL_ATTRIBUTE


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("ログインID"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    error_messages = {
        "invalid_login": _("ログインIDまたはパスワードが正しくありません。"),
        "inactive": _("このアカウントは利用停止中です。"),
    }

    def get_invalid_login_error(self) -> ValidationError:
        """Right password, ended contract or suspended company: say so (members.auth sets the reason)."""
        reason = getattr(self.request, SIGN_IN_REFUSAL_ATTRIBUTE, None)
        return ValidationError(reason, code="sign_in_refused") if reason else super().get_invalid_login_error()


class ChangePasswordForm(PasswordChangeForm):
    """Checks the old password and the new pair; the service does the change (and its announcements)."""

    def save(self, commit: bool = True):
        return self.user
