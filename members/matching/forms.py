"""Forms for matching pages. They check shape and limits; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany, Need
from members.models.needs import NEED_BODY_MAX, NEED_TITLE_MAX
from members.models.profiles import PROFILE_TEXT_MAX

from . import industries
from .images import LOGO_MAX_BYTES
from .needs import NEED_FIELDS, budget_range_error
from .regions import PREFECTURE_CHOICES
from .services import PROFILE_FIELDS

# How Japanese people type dates (UI guide), besides the ISO form a date picker sends.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]


def _text(label, *, max_length, required=False, rows=4, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ProfileForm(forms.ModelForm):
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


class NeedForm(forms.ModelForm):
    title = forms.CharField(label=_("タイトル"), max_length=NEED_TITLE_MAX,
                            help_text=_("例: りんごの新しい販路を探しています"))
    body = _text(_("内容"), max_length=NEED_BODY_MAX, required=True, rows=8)
    prefectures = forms.MultipleChoiceField(
        label=_("対象の都道府県"), required=False, choices=PREFECTURE_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "prefecture-choices"}),
        help_text=_("「全国が対象」を外したときに選んでください。"))
    deadline = forms.DateField(label=_("募集期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               input_formats=DATE_INPUT_FORMATS,
                               help_text=_("任意。2026-12-07、2026/12/07、2026年12月7日 の形式で入力できます。"),
                               error_messages={"invalid": _("日付は 2026-12-07 の形式で入力してください。")})

    class Meta:
        model = Need
        fields = ["kind", "title", "body", "industry", "is_nationwide", "prefectures", "budget_min", "budget_max",
                  "deadline"]
        help_texts = {"budget_min": _("任意。万円単位。"), "budget_max": _("任意。万円単位。"),
                      "industry": _("相手に求める業種、または取引に関係する業種（任意）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", _("業種を問わない"))] + industries.CHOICES
        if self.instance.pk and not self.is_bound:
            self.initial["prefectures"] = [region.prefecture for region in self.instance.regions.all()]

    def clean(self):
        cleaned = super().clean()
        error = budget_range_error(cleaned.get("budget_min"), cleaned.get("budget_max"))
        if error:
            self.add_error("budget_max", error)
        return cleaned

    def need_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in NEED_FIELDS if name in self.cleaned_data}


class ReopenForm(forms.Form):
    deadline = forms.DateField(label=_("新しい募集期限"), required=False, input_formats=DATE_INPUT_FORMATS,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("日付は 2026-12-07 の形式で入力してください。")})
