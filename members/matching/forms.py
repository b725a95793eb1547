"""Forms for matching pages. They check shape and limits; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany
from members.models.profiles import PROFILE_TEXT_MAX

from .images import LOGO_MAX_BYTES
from .regions import PREFECTURE_CHOICES
from .services import PROFILE_FIELDS


def _text(label, *, max_length, required=False, rows=4, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ProfileForm(forms.ModelForm):
    prefecture = forms.ChoiceField(label=_("都道府県"), choices=[("", "---------")] + PREFECTURE_CHOICES)
    description = _text(_("事業内容"), max_length=PROFILE_TEXT_MAX)
    products = _text(_("製品・サービス"), max_length=PROFILE_TEXT_MAX)
    strengths = _text(_("強み"), max_length=PROFILE_TEXT_MAX)
    partners_wanted = _text(_("求めるパートナー"), max_length=PROFILE_TEXT_MAX,
                            help_text=_("どのような会社と取引・協業したいかを書くと、おすすめに反映されます。"))
    website = forms.URLField(label=_("ウェブサイト"), required=False, max_length=200, assume_scheme="https")
    logo = forms.FileField(label=_("ロゴ"), required=False,
                           help_text=_("PNG・JPEG・WebP、2MBまで。保存時に画像を変換します。"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
    remove_logo = forms.BooleanField(label=_("ロゴを削除する"), required=False)

    class Meta:
        model = MemberCompany
        fields = [f for f in PROFILE_FIELDS if f not in ("homepage_enabled", "homepage_slug")] + [
            "homepage_enabled", "homepage_slug"]
        help_texts = {
            "corporate_number": _("13桁の数字（任意）。国税庁の法人番号です。"),
            "capital": _("万円単位で入力してください。"),
            "is_published": _("公開すると、すべての金融機関の会員があなたの会社を検索・閲覧できます。"),
            "homepage_slug": _("英小文字・数字・ハイフン。公開アドレスは /c/アドレス/ になります。"),
            "homepage_enabled": _("インターネットの誰でも見られるページです。連絡先は「他行の会員に表示する」"
                                  "としたものだけが表示されます。"),
        }
        widgets = {"founded_year": forms.NumberInput(attrs={"min": 1600, "max": 2100})}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("ロゴ画像は2MB以下のファイルにしてください。"))
        return upload

    def clean_homepage_slug(self):
        return (self.cleaned_data.get("homepage_slug") or "").strip().lower() or None

    def profile_values(self) -> dict:
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS if field in self.cleaned_data}

    FIELDSETS = [
        (_("基本情報"), ["name_kana", "representative", "industry", "prefecture", "city", "founded_year", "employees",
                     "capital", "corporate_number", "website"]),
        (_("会社紹介"), ["description", "products", "strengths", "partners_wanted", "logo", "remove_logo"]),
        (_("連絡先"), ["contact_person", "contact_phone", "contact_email", "show_contact_person",
                    "show_contact_phone", "show_contact_email"]),
        (_("公開設定"), ["is_published", "homepage_enabled", "homepage_slug"]),
    ]

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in self.FIELDSETS]
