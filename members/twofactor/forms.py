from django import forms
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 32


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("確認コード"), max_length=CODE_MAX_LENGTH, strip=True,
        help_text=_("認証アプリに表示されている6桁の数字を入力してください。端末が手元にない場合は、リカバリーコードを入力できます。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "none"}),
        error_messages={"required": _("確認コードを入力してください。"),
                        "max_length": _("確認コードは%(limit_value)d文字以内です。")},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("確認コード（6桁）"), max_length=CODE_MAX_LENGTH, strip=True,
        help_text=_("登録した認証アプリに表示されている6桁の数字を入力してください。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": _("確認コードを入力してください。"),
                        "max_length": _("確認コードは%(limit_value)d文字以内です。")},
    )
