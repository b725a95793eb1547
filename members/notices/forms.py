"""Forms for publishing notices: the operator's (operations page) and a bank's (for the console). They check
shape and limits; `members.notices.services.notice_publish` applies the rules (who may address whom)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bigadvance.forms import JapaneseDateTimeField
from members.models import FinancialInstitution, MemberCompany, Notice
from members.models.notices import NOTICE_BODY_MAX, NOTICE_TITLE_MAX

TOO_LONG = _("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("件名"), max_length=NOTICE_TITLE_MAX,
                            error_messages={"required": _("件名を入力してください。"), "max_length": TOO_LONG})
    body = forms.CharField(label=_("本文"), max_length=NOTICE_BODY_MAX, widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": _("本文を入力してください。"), "max_length": TOO_LONG})
    publish_at = JapaneseDateTimeField(label=_("掲載日時（任意）"), required=False,
                                       help_text=_("空欄なら今すぐ掲載します。未来の日時を指定すると、その日時まで会員企業には表示されません。例：2027-02-10 10:00"))
    is_pinned = forms.BooleanField(label=_("一覧の上部に固定する"), required=False)
    audience = forms.ChoiceField(label=_("宛先"), choices=Notice.Audience.choices, initial=Notice.Audience.ALL,
                                 widget=forms.RadioSelect, error_messages={"required": _("宛先を選んでください。")})
    targets_field = ""

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("audience") == Notice.Audience.CHOSEN
        if chosen and not cleaned.get(self.targets_field):
            self.add_error(self.targets_field, _("宛先を1つ以上選んでください。"))
        return cleaned

    def targets(self):
        """The chosen recipients for the service, or None for everyone."""
        if self.cleaned_data["audience"] != Notice.Audience.CHOSEN:
            return None
        return list(self.cleaned_data[self.targets_field])


class OperatorNoticeForm(NoticeForm):
    institutions = forms.ModelMultipleChoiceField(
        label=_("宛先の金融機関（「選んだ宛先」のとき）"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=FinancialInstitution.objects.filter(status=FinancialInstitution.Status.ACTIVE).order_by("code"),
        error_messages={"invalid_choice": _("契約中の金融機関から選んでください。"),
                        "invalid_pk_value": _("契約中の金融機関から選んでください。")})
    targets_field = "institutions"


class BankNoticeForm(NoticeForm):
    """For an FI admin (the console): the companies offered are that bank's only (`visible_to`)."""

    companies = forms.ModelMultipleChoiceField(
        label=_("宛先の会員企業（「選んだ宛先」のとき）"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=MemberCompany.objects.none(),
        error_messages={"invalid_choice": _("貴行・貴庫の会員企業から選んでください。"),
                        "invalid_pk_value": _("貴行・貴庫の会員企業から選んでください。")})
    targets_field = "companies"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = MemberCompany.objects.visible_to(user).order_by("name")
