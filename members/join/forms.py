"""The public application form and the invitation's password form. They check shape and limits; the
services apply the rules."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import ResetPasswordForm
from members.matching import industries
from members.matching.text import tidy
from members.models import MembershipApplication
from members.models.applications import EMPLOYEES_MAX
from members.prefectures import PREFECTURE_CHOICES

HONEYPOT_FIELD = "website"


class ApplicationForm(forms.ModelForm):
    """What a company tells its bank. `website` is a trap: hidden from people, filled by bots."""

    corporate_number = forms.CharField(  # room for hyphens and spaces, removed before the 13-digit check
        label=_("法人番号"), required=False, max_length=30,
        help_text=_("13桁の数字（任意）。国税庁の法人番号です。"))
    employees = forms.IntegerField(
        label=_("従業員数"), min_value=0, max_value=EMPLOYEES_MAX, widget=forms.NumberInput(attrs={"min": 0}),
        help_text=_("役員を除く常時雇用の人数（名）。"),
        error_messages={"invalid": _("従業員数は数字で入力してください。"),
                        "min_value": _("従業員数は0以上で入力してください。"),
                        "max_value": _("従業員数は1,000,000以下で入力してください。")})
    account_confirmed = forms.BooleanField(
        label=_("上記のお取引店に当社名義の口座があります。"),
        error_messages={"required": _("お取引店に口座があることを確認してください。")})
    agree_terms = forms.BooleanField(
        label=_("Big Advance運営規約に同意します。"),
        error_messages={"required": _("お申し込みには運営規約への同意が必要です。")})
    terms_document = forms.IntegerField(widget=forms.HiddenInput)
    website = forms.CharField(label=_("ウェブサイト（入力しないでください）"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    class Meta:
        model = MembershipApplication
        fields = ["company_name", "corporate_number", "representative", "industry", "employees", "prefecture",
                  "city", "street", "contact_name", "email", "branch_name"]
        help_texts = {
            "company_name": _("登記上の正式名称（例: 株式会社北斗精機）"),
            "branch_name": _("口座をお持ちの支店名（例: 本店営業部、燕支店）"),
            "email": _("確認のメールをお送りします。承認後は、このアドレスに最初のユーザーの招待が届きます。"),
            "contact_name": _("承認後、この方が最初のユーザーになります。"),
        }
        error_messages = {
            "company_name": {"required": _("会社名を入力してください。")},
            "representative": {"required": _("代表者名を入力してください。")},
            "industry": {"required": _("業種を選んでください。")},
            "prefecture": {"required": _("都道府県を選んでください。")},
            "city": {"required": _("市区町村を入力してください。")},
            "street": {"required": _("番地・建物名を入力してください。")},
            "contact_name": {"required": _("ご担当者名を入力してください。")},
            "email": {"required": _("メールアドレスを入力してください。"),
                      "invalid": _("メールアドレスの形式が正しくありません。")},
            "branch_name": {"required": _("お取引店を入力してください。")},
        }

    FIELDSETS = [
        (_("会社の情報"), ["company_name", "corporate_number", "representative", "industry", "employees"]),
        (_("所在地"), ["prefecture", "city", "street"]),
        (_("ご担当者"), ["contact_name", "email"]),
        (_("お取引店"), ["branch_name", "account_confirmed"]),
    ]

    def __init__(self, *args, terms_document_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms_document_id = terms_document_id
        self.fields["terms_document"].initial = terms_document_id
        self.fields["industry"].choices = [("", _("選択してください"))] + industries.CHOICES
        self.fields["prefecture"].choices = [("", _("選択してください"))] + PREFECTURE_CHOICES
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in self.FIELDSETS]

    def clean_corporate_number(self) -> str:
        value = unicodedata.normalize("NFKC", self.cleaned_data.get("corporate_number") or "")
        return "".join(ch for ch in value if ch not in " -")

    def clean_email(self) -> str:
        return tidy(self.cleaned_data.get("email") or "").lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("terms_document") != self.terms_document_id:
            self.add_error("agree_terms", _("運営規約が更新されました。最新の版をご確認のうえ、あらためて同意してください。"))
        return cleaned

    def _post_clean(self) -> None:
        """Text is stored normalised (NFKC, trimmed) before the model's own checks."""
        for name in ("company_name", "representative", "city", "street", "contact_name", "branch_name"):
            if isinstance(self.cleaned_data.get(name), str):
                self.cleaned_data[name] = tidy(self.cleaned_data[name])
        super()._post_clean()

    @property
    def is_trap_filled(self) -> bool:
        return bool((self.cleaned_data.get(HONEYPOT_FIELD) or "").strip())

    def application_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InvitationPasswordForm(ResetPasswordForm):
    """The first password: the same fields and rules (PWD-1) as a reset; the service sets it."""

    def save(self, commit: bool = True):
        return self.user
