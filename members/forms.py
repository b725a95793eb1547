from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("ログインID"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    error_messages = {
        "invalid_login": _("ログインIDまたはパスワードが正しくありません。"),
        "inactive": _("このアカウントは利用停止中です。"),
    }


class ChangePasswordForm(PasswordChangeForm):
    """Checks the old password and the new pair; the service does the change (and its announcements)."""

    def save(self, commit: bool = True):
        return self.user
