"""Forms for deal pages: they check shape and limits and keep the typed input; the services apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Deal
from members.models.deals import DEAL_MESSAGE_MAX, DEAL_REASON_MAX, ROOM_MESSAGE_MAX

from .room import ATTACHMENT_MAX_BYTES

# How Japanese people type a date and time (UI guide), besides what a datetime-local picker sends.
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H時%M分",
    "%Y年%m月%d日%H:%M", "%Y年%m月%d日%H時%M分", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日",
]
DATETIME_HELP = _("2026-12-07 14:00、2026/12/07 14:00、2026年12月7日 14:00 の形式で入力できます。")
DATETIME_INVALID = _("日時は 2026-12-07 14:00 の形式で入力してください。")


def _when(label, *, required=False):
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_INPUT_FORMATS, help_text=DATETIME_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": DATETIME_INVALID, "required": _("第1希望の日時を入力してください。")})


def _text(label, *, max_length, required, rows=4, help_text="", required_message=None):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           strip=True, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message or _("入力してください。")})


class DealRequestForm(forms.Form):
    message = _text(_("メッセージ"), max_length=DEAL_MESSAGE_MAX, required=True, rows=6,
                    required_message=_("メッセージを入力してください。"),
                    help_text=_("自社の紹介と、相談したい内容を書いてください。まずお取引の金融機関が確認します。"))
    preferred_at_1 = _when(_("希望日時（第1希望）"), required=True)
    preferred_at_2 = _when(_("希望日時（第2希望）"))
    preferred_at_3 = _when(_("希望日時（第3希望）"))

    def preferred_dates(self) -> list:
        return [self.cleaned_data.get(f"preferred_at_{n}") for n in (1, 2, 3) if self.cleaned_data.get(f"preferred_at_{n}")]


class ReasonForm(forms.Form):
    """Decline, withdraw, refuse: a reason is required and shown to the other side."""

    reason = _text(_("理由"), max_length=DEAL_REASON_MAX, required=True, rows=3,
                   required_message=_("理由を入力してください。"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("結果"), choices=Deal.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("結果を選んでください。"),
                                                "invalid_choice": _("結果を選んでください。")})
    note = _text(_("補足（任意）"), max_length=DEAL_REASON_MAX, required=False, rows=3)


class RoomMessageForm(forms.Form):
    body = _text(_("メッセージ"), max_length=ROOM_MESSAGE_MAX, required=False, rows=4)
    file = forms.FileField(
        label=_("添付ファイル"), required=False, error_messages={"empty": _("空のファイルは添付できません。")},
        help_text=_("PDF、Word・Excel・PowerPoint、画像（PNG・JPEG・GIF・WebP）、10MBまで。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,"
                                                         ".gif,.webp"}))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("添付ファイルは10MB以下にしてください。"))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body") and not cleaned.get("file"):
            self.add_error("body", _("メッセージを入力するか、ファイルを添付してください。"))
        return cleaned
