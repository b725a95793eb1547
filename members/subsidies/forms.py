"""The operators' form for one programme (Django admin). Its values are checked by the service, as an imported
row's are: one set of rules for both paths."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bigadvance.forms import JapaneseDateField
from members.matching import industries
from members.models import Subsidy
from members.models.subsidies import SUBSIDY_URL_MAX
from members.prefectures import PREFECTURE_CHOICES

from . import services

INDUSTRY_CHOICES = [(label, [(code, format_lazy("{}（{}）", label, _("大分類すべて"))), *divisions])
                    for code, label, divisions in industries.MAJOR_GROUPS]


class SubsidyForm(forms.ModelForm):
    prefectures = forms.MultipleChoiceField(label=_("対象の都道府県"), choices=PREFECTURE_CHOICES, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("「全国が対象」を外したときに選びます。"))
    industries = forms.MultipleChoiceField(label=_("対象業種"), choices=INDUSTRY_CHOICES, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 12}),
                                           help_text=_("選ばなければ業種を問いません。"))
    starts_on = JapaneseDateField(label=_("受付開始日"))
    ends_on = JapaneseDateField(label=_("受付終了日"), required=False, help_text=_("空欄は随時受付です。"))
    url = forms.URLField(label=_("公式サイト"), max_length=SUBSIDY_URL_MAX, assume_scheme="https",
                         help_text=_("https:// で始まるアドレス"))

    class Meta:
        model = Subsidy
        fields = ("external_id", "title", "organiser", "summary", "is_nationwide", "prefectures", "industries",
                  "amount_text", "starts_on", "ends_on", "url", "is_published")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("prefectures", self.instance.target_prefectures)
            self.initial.setdefault("industries", self.instance.target_industry_codes)

    def subsidy_values(self) -> services.SubsidyValues:
        data = self.cleaned_data
        return services.SubsidyValues(**{name: data.get(name) for name in services.MODEL_FIELDS},
                                      prefectures=list(data.get("prefectures") or []),
                                      industries=list(data.get("industries") or []))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        current = Subsidy.objects.get(pk=self.instance.pk) if self.instance.pk else None
        try:
            services.subsidy_validate(self.subsidy_values(), subsidy=current)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned

    def _post_clean(self) -> None:
        """The service checks the values (clean); the admin saves through it, never through this form."""
