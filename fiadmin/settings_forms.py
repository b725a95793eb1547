"""Forms of the bank's settings page: its security rules and its maintenance-notice contacts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models.security import SESSION_TIMEOUT_MAX_MINUTES, SESSION_TIMEOUT_MIN_MINUTES
from members.security.addresses import networks_clean

NETWORKS_MAX_LENGTH = 5000


class InstitutionSettingsForm(forms.Form):
    allowed_networks = forms.CharField(
        label=_("管理画面・API の接続元 IP アドレス"), required=False, max_length=NETWORKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "class": "networks", "spellcheck": "false",
                                     "placeholder": "203.0.113.0/24\n198.51.100.7"}),
        help_text=_("1行に1つ、IP アドレスまたは CIDR（例: 203.0.113.0/24）。空欄なら接続元を制限しません。"
                    "現在の接続元を含まない一覧は保存できません。"),
        error_messages={"max_length": _("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")},
    )
    session_timeout_minutes = forms.IntegerField(
        label=_("セッションタイムアウト（分）"), required=False,
        min_value=SESSION_TIMEOUT_MIN_MINUTES, max_value=SESSION_TIMEOUT_MAX_MINUTES,
        help_text=_("操作がないまま、この時間が過ぎるとログアウトします（15〜480分）。空欄なら480分（8時間）です。"),
        error_messages={"invalid": _("分数を半角数字で入力してください。"),
                        "min_value": _("%(limit_value)s分以上を指定してください。"),
                        "max_value": _("%(limit_value)s分以下を指定してください。")},
    )
    single_session = forms.BooleanField(
        label=_("同時ログインを1つに限る（新しくログインすると、同じ ID の以前のセッションを終了します）"), required=False)
    two_factor_required = forms.BooleanField(
        label=_("管理者に二段階認証（認証アプリの確認コード）を求める"), required=False)

    def clean_allowed_networks(self) -> str:
        return networks_clean(self.cleaned_data["allowed_networks"])


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("担当者・部署名"), max_length=100,
        error_messages={"required": _("担当者・部署名を入力してください。"),
                        "max_length": _("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")},
    )
    email = forms.EmailField(
        label=_("メールアドレス"), max_length=254,
        error_messages={"required": _("メールアドレスを入力してください。"),
                        "invalid": _("メールアドレスの形式が正しくありません（例: system@bank.example.jp）。"),
                        "max_length": _("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")},
    )
