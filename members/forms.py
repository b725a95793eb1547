from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UsernameField,
)
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .auth import SIGN_IN_REFUSAL_ATTRIBUTE
from .models import User
from .validators import PASSWORD_MAX_LENGTH

LOGIN_ID_MAX_LENGTH = User._meta.get_field("username").max_length


class LoginForm(AuthenticationForm):
    # UsernameField applies NFKC, so a login ID typed with full-width letters (IME on) still matches.
    username = UsernameField(
        label=_("ログインID"), max_length=LOGIN_ID_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        error_messages={"required": _("ログインIDを入力してください。"),
                        "max_length": _("ログインIDは%(limit_value)d文字以内です（入力は%(show_value)d文字）。")},
    )
    password = forms.CharField(
        label=_("パスワード"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("パスワードを入力してください。"),
                        "max_length": _("パスワードは%(limit_value)d文字以内です。")},
    )
    error_messages = {
        "invalid_login": _("ログインIDまたはパスワードが正しくありません。"),
        "inactive": _("このアカウントは利用停止中です。"),
    }

    def get_invalid_login_error(self) -> ValidationError:
        """Right password, ended contract or suspended company: say so (members.auth sets the reason)."""
        reason = getattr(self.request, SIGN_IN_REFUSAL_ATTRIBUTE, None)
        return ValidationError(reason, code="sign_in_refused") if reason else super().get_invalid_login_error()


def _new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    too_long = _("パスワードは%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")
    new = forms.CharField(
        label=_("新しいパスワード"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
        error_messages={"required": _("新しいパスワードを入力してください。"), "max_length": too_long},
    )
    confirmation = forms.CharField(
        label=_("新しいパスワード（確認用）"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("確認のため、同じパスワードをもう一度入力してください。"),
        error_messages={"required": _("確認用のパスワードを入力してください。"), "max_length": too_long},
    )
    return new, confirmation


class NewPasswordMixin:
    """A new password and its confirmation: the rules' errors under the new password, a mismatch under the
    confirmation (Django puts both under the confirmation)."""

    error_messages = {"password_mismatch": _("確認用のパスワードが一致しません。")}

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class ResetPasswordForm(NewPasswordMixin, SetPasswordForm):
    """The form behind a password-reset link."""

    new_password1, new_password2 = _new_password_fields()


class ChangePasswordForm(NewPasswordMixin, PasswordChangeForm):
    """Checks the old password and the new pair; the service does the change (and its announcements)."""

    error_messages = {
        **NewPasswordMixin.error_messages,
        "password_incorrect": _("現在のパスワードが正しくありません。もう一度入力してください。"),
    }
    old_password = forms.CharField(
        label=_("現在のパスワード"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": _("現在のパスワードを入力してください。"),
                        "max_length": _("パスワードは%(limit_value)d文字以内です。")},
    )
    new_password1, new_password2 = _new_password_fields()

    def save(self, commit: bool = True):
        return self.user


class RequestPasswordResetForm(PasswordResetForm):
    """Django's reset request form, mailing through the platform's one email path (the outbox the worker delivers)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:
        from ops.notifications import notification_send

        notification_send(template="password_reset", recipients=[to_email], context=context,
                          category="password_reset", reference=f"password_reset:{context['user'].pk}",
                          language=translation.get_language() or "ja")
