from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils import translation
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


class ResetPasswordForm(PasswordResetForm):
    """Django's reset form, mailing through the platform's one email path (the outbox the worker delivers)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:
        from ops.notifications import notification_send

        notification_send(template="password_reset", recipients=[to_email], context=context,
                          category="password_reset", reference=f"password_reset:{context['user'].pk}",
                          language=translation.get_language() or "ja")
