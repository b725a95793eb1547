from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany

EDITABLE_FIELDS = ("name", "name_kana", "industry", "prefecture", "city", "representative", "employees",
                   "founded_year", "description", "is_published")


class CompanyEditForm(forms.ModelForm):
    """The bank corrects a member's profile; validation is the model's own (company_update runs full_clean)."""

    class Meta:
        model = MemberCompany
        fields = EDITABLE_FIELDS


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("内容を確認しました"),
                                 error_messages={"required": _("確認のチェックを入れてください。")})
