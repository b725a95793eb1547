from django import forms
from django.utils.translation import gettext_lazy as _


class TermsAcceptanceForm(forms.Form):
    document = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label=_("上記の運営規約を確認し、同意します。"),
                               error_messages={"required": _("ご利用を続けるには、運営規約への同意が必要です。")})
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
