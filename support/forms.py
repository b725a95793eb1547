"""Forms of the desk and of the console's inquiry pages: shape and limits, the typed input kept; the services
apply the rules (who may, reception hours, dates) and their errors come back beside the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bigadvance.forms import JapaneseDateField, JapaneseDateTimeField
from members.deals.room import ATTACHMENT_MAX_BYTES

from . import selectors
from .models import CannedReply, Priority, ReplyKind
from .models.canned import CANNED_BODY_MAX, CANNED_TITLE_MAX
from .models.tickets import BODY_MAX, SUBJECT_MAX

FILE_HELP = _("PDF、Word・Excel・PowerPoint、画像（PNG・JPEG・GIF・WebP）、10MBまで。")
FILE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp"


def _text(label, *, max_length, required=True, rows=6, required_message=None, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, strip=True, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message or _("入力してください。"),
                                           "max_length": _("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")})


def _file():
    return forms.FileField(label=_("添付ファイル（任意）"), required=False, help_text=FILE_HELP,
                           error_messages={"empty": _("空のファイルは添付できません。")},
                           widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}))


class _WithFile(forms.Form):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("添付ファイルは10MB以下にしてください。"))
        return upload


class InquiryForm(_WithFile):
    subject = forms.CharField(label=_("件名"), max_length=SUBJECT_MAX, strip=True,
                              error_messages={"required": _("件名を入力してください。"),
                                              "max_length": _("件名は%(limit_value)d文字以内で入力してください。")})
    body = _text(_("お問い合わせ内容"), max_length=BODY_MAX, rows=10,
                 required_message=_("お問い合わせ内容を入力してください。"),
                 help_text=_("発生日時、操作した画面、表示されたメッセージ、影響する会員企業などをお書きください。"))
    file = _file()


class AdminMessageForm(_WithFile):
    body = _text(_("追加の連絡"), max_length=BODY_MAX, rows=5, required_message=_("内容を入力してください。"))
    file = _file()


class ReopenForm(_WithFile):
    reason = _text(_("解決していない点"), max_length=BODY_MAX, rows=5,
                   required_message=_("解決していない点を入力してください。"))
    file = _file()


class ReplyForm(_WithFile):
    kind = forms.ChoiceField(label=_("連絡の種類"), choices=ReplyKind.choices, widget=forms.RadioSelect,
                             initial=ReplyKind.ANSWER,
                             error_messages={"required": _("連絡の種類を選んでください。"),
                                             "invalid_choice": _("連絡の種類を選んでください。")})
    expected_answer_on = JapaneseDateField(label=_("回答予定日（一次回答のとき必須）"), required=False,
                                           help_text=_("例：2027-02-10。営業日を指定します。"))
    body = _text(_("本文"), max_length=BODY_MAX, rows=10, required_message=_("本文を入力してください。"))
    request_confirmation = forms.BooleanField(label=_("回答と一緒に、解決したかの確認を依頼する"), required=False,
                                              initial=True)
    file = _file()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ReplyKind.FIRST_RESPONSE and not cleaned.get("expected_answer_on") \
                and "expected_answer_on" not in self.errors:
            self.add_error("expected_answer_on", _("一次回答には回答予定日を入力してください。"))
        return cleaned


class NoteForm(_WithFile):
    body = _text(_("社内メモ（金融機関には表示されません）"), max_length=BODY_MAX, rows=4,
                 required_message=_("メモを入力してください。"))
    file = _file()


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.get_role_display()}）"


class AssignForm(forms.Form):
    assignee = _StaffChoice(label=_("担当者"), queryset=selectors.desk_staff(), required=False,
                            empty_label=_("（未割り当て）"),
                            error_messages={"invalid_choice": _("担当者を一覧から選んでください。")})


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("優先度"), choices=Priority.choices,
                                 error_messages={"required": _("優先度を選んでください。"),
                                                 "invalid_choice": _("優先度を選んでください。")})


class EscalateForm(forms.Form):
    note = _text(_("システム統括への申し送り"), max_length=2000, rows=3,
                 required_message=_("システム統括への申し送りを入力してください。"))


class _IncidentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"#{obj.pk} [{obj.get_severity_display()}] {obj.title}（{obj.get_status_display()}）"


class IncidentLinkForm(forms.Form):
    incident = _IncidentChoice(label=_("関連する障害"), queryset=selectors.open_incidents(), required=False,
                               empty_label=_("（関連付けなし）"),
                               error_messages={"invalid_choice": _("対応中の障害を一覧から選んでください。")})


class _AdminChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.institution.name} {obj.full_name}（{obj.email}）"


class PhoneInquiryForm(forms.Form):
    requester = _AdminChoice(label=_("金融機関・管理者"), queryset=selectors.fi_admins(),
                             error_messages={"required": _("電話をかけてきた管理者を選んでください。"),
                                             "invalid_choice": _("管理者を一覧から選んでください。")})
    received_at = JapaneseDateTimeField(label=_("受付日時"),
                                        error_messages={"required": _("受付日時を入力してください。")})
    priority = forms.ChoiceField(label=_("優先度"), choices=Priority.choices, initial=Priority.NORMAL)
    subject = forms.CharField(label=_("件名"), max_length=SUBJECT_MAX, strip=True,
                              error_messages={"required": _("件名を入力してください。"),
                                              "max_length": _("件名は%(limit_value)d文字以内で入力してください。")})
    body = _text(_("お問い合わせ内容（聞き取った内容）"), max_length=BODY_MAX, rows=8,
                 required_message=_("お問い合わせ内容を入力してください。"))


class CannedReplyForm(forms.ModelForm):
    class Meta:
        model = CannedReply
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "title": {"required": _("名前を入力してください。"),
                      "max_length": _("名前は%(limit_value)d文字以内で入力してください。")},
            "body": {"required": _("本文を入力してください。"),
                     "max_length": _("本文は%(limit_value)d文字以内で入力してください。")},
        }

    def clean_title(self):
        return " ".join((self.cleaned_data.get("title") or "").split())[:CANNED_TITLE_MAX]

    def clean_body(self):
        return (self.cleaned_data.get("body") or "").strip()[:CANNED_BODY_MAX]
