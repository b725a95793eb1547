from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bigadvance.forms import JapaneseDateField

from .models import API_KEY_NAME_MAX, BankApiKey
from .services import api_key_expiry_bounds


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(label=_("名前"), max_length=API_KEY_NAME_MAX,
                           help_text=_("どのシステムの鍵か分かる名前（例: 融資支援システム連携）。"),
                           error_messages={"required": _("名前を入力してください。"),
                                           "max_length": _("名前は%(limit_value)d文字以内で入力してください。")})
    scope = forms.ChoiceField(label=_("権限"), choices=BankApiKey.Scope.choices, initial=BankApiKey.Scope.READ,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("権限を選んでください。"),
                                              "invalid_choice": _("権限を選んでください。")})
    expires_on = JapaneseDateField(label=_("有効期限"), error_messages={"required": _("有効期限を入力してください。")},
                                   help_text=_("この日の終わりまで使えます（最長で1年後）。"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("expires_on", api_key_expiry_bounds(timezone.localdate())[1])
