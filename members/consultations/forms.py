"""Forms for consultation pages: they check shape and limits and keep the typed input; the services apply the
rules (and check every file by its content)."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from members.deals.room import ATTACHMENT_MAX_BYTES
from members.models import Consultation
from members.models.consultations import CONSULTATION_MESSAGE_MAX, CONSULTATION_SUBJECT_MAX

from .services import MAX_ATTACHMENTS

ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_ATTACHMENTS files of at most 10 MB each; always a list in cleaned_data."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("添付できるファイルは1回に%(count)s個までです。") % {"count": MAX_ATTACHMENTS})
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            if upload.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(_("%(name)s: 添付ファイルは10MB以下にしてください。") % {"name": upload.name})
        return cleaned


def _attachments():
    return MultipleFileField(
        label=_("添付ファイル（任意）"), required=False, error_messages={"empty": _("空のファイルは添付できません。")},
        help_text=_("PDF、Word・Excel・PowerPoint、画像（PNG・JPEG・GIF・WebP）、1ファイル10MBまで、5個まで。"))


def _body(label, *, required: bool, required_message=None):
    return forms.CharField(label=label, max_length=CONSULTATION_MESSAGE_MAX, required=required, strip=True,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": required_message or _("入力してください。")})


class ConsultationForm(forms.Form):
    category = forms.ChoiceField(label=_("相談の分類"), choices=[("", _("選んでください"))] + Consultation.Category.choices,
                                 error_messages={"required": _("相談の分類を選んでください。"),
                                                 "invalid_choice": _("相談の分類を選んでください。")})
    subject = forms.CharField(label=_("件名"), max_length=CONSULTATION_SUBJECT_MAX, strip=True,
                              error_messages={"required": _("件名を入力してください。")})
    body = _body(_("相談内容"), required=True, required_message=_("相談内容を入力してください。"))
    attachments = _attachments()

    @staticmethod
    def prefill(query) -> dict:
        """Initial values a link may carry (`?category=subsidy&subject=...`, e.g. from a subsidy's page): a
        category that is not one of ours and control characters are dropped, the subject is cut to its limit."""
        initial = {}
        if query.get("category") in Consultation.Category.values:
            initial["category"] = query["category"]
        subject = " ".join(unicodedata.normalize("NFKC", query.get("subject", "")[:1000]).split())
        subject = "".join(char for char in subject if unicodedata.category(char)[0] != "C")
        if subject:
            initial["subject"] = subject[:CONSULTATION_SUBJECT_MAX]
        return initial


class ReplyForm(forms.Form):
    body = _body(_("メッセージ"), required=False)
    attachments = _attachments()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body") and not cleaned.get("attachments"):
            self.add_error("body", _("メッセージを入力するか、ファイルを添付してください。"))
        return cleaned
