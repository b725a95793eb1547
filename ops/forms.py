"""Forms of the operations pages. They check the shape of the input; the services decide the rules."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from bigadvance.forms import JapaneseDateTimeField
from members.models import FinancialInstitution
from ops.features import feature_choices
from ops.models import Incident, IncidentEntry, MaintenanceWindow
from ops.selectors.maintenance import overlapping_windows, window_period_text

MESSAGE_MAX_LENGTH = 1000  # mailed to every bank: a notice, not a document
REASON_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 2000


TOO_LONG = gettext_lazy("%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。")


def _errors(required=None) -> dict:
    return {"max_length": TOO_LONG, **({"required": required} if required else {})}


def form_errors_text(form: forms.Form) -> str:
    """The errors of a form posted from a page that redirects back, as one message naming each field."""
    parts = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label or "") if name in form.fields else ""
        parts.extend(error if label in error else f"{label}：{error}" for error in errors)
    return " ".join(parts)


class WindowForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("種別"), choices=[
        (MaintenanceWindow.Kind.ADHOC, MaintenanceWindow.Kind.ADHOC.label),
        (MaintenanceWindow.Kind.RELEASE, MaintenanceWindow.Kind.RELEASE.label),
    ])
    starts_at = JapaneseDateTimeField(label=gettext_lazy("開始日時"))
    ends_at = JapaneseDateTimeField(label=gettext_lazy("終了予定日時"))
    message = forms.CharField(label=gettext_lazy("お知らせ文"), max_length=MESSAGE_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages=_errors(gettext_lazy("お知らせ文を入力してください。")))
    features = forms.MultipleChoiceField(
        label=gettext_lazy("対象機能"), required=False, choices=feature_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("一部機能だけを止める場合に選びます。選ばない場合はサービス全体です。"),
    )
    stops_service = forms.BooleanField(
        label=gettext_lazy("サービスを停止する（メンテナンス画面を表示）"), required=False, initial=True)
    is_emergency = forms.BooleanField(label=gettext_lazy("緊急（5営業日前の告知ができない）"), required=False)
    emergency_reason = forms.CharField(label=gettext_lazy("緊急の理由"), required=False,
                                       max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
                                       error_messages=_errors())
    # Shown as a checkbox only after the form found another window in the same time.
    allow_overlap = forms.BooleanField(label=gettext_lazy("時間帯が重なることを確認のうえ登録する"),
                                       required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None or ends_at is None or ends_at <= starts_at:
            return data  # the service names what is wrong with the order
        max_hours = settings.MAINTENANCE_MAX_HOURS
        if ends_at - starts_at > timedelta(hours=max_hours):
            self.add_error("ends_at", gettext("メンテナンスの時間は最長%(hours)d時間です。終了予定日時を見直してください。")
                           % {"hours": max_hours})
            return data
        others = list(overlapping_windows(starts_at=starts_at, ends_at=ends_at)[:3])
        if others and not data.get("allow_overlap"):
            names = "、".join(f"「{other.get_kind_display()} {window_period_text(other)}」" for other in others)
            self.fields["allow_overlap"].widget = forms.CheckboxInput()
            self.add_error(None, gettext("この時間帯には既に%(windows)sが予定されています。重ねて登録する場合は"
                                         "「時間帯が重なることを確認のうえ登録する」にチェックしてください。")
                           % {"windows": names})
        return data

    def feature_list(self) -> list[str]:
        return list(self.cleaned_data["features"])


class UpdateForm(forms.Form):
    stops_service = forms.BooleanField(required=False)
    message = forms.CharField(label=gettext_lazy("お知らせ文"), max_length=MESSAGE_MAX_LENGTH,
                              error_messages=_errors(gettext_lazy("お知らせ文を入力してください。")))


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("中止の理由"), max_length=REASON_MAX_LENGTH,
                             error_messages=_errors(gettext_lazy("中止の理由を入力してください。")))


class IncidentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("件名"), max_length=200,
                            error_messages=_errors(gettext_lazy("件名を入力してください。")))
    severity = forms.ChoiceField(label=gettext_lazy("重要度"), choices=Incident.Severity.choices,
                                 initial=Incident.Severity.INCIDENT)
    institutions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("影響する金融機関"), required=False,
        queryset=FinancialInstitution.objects.filter(status=FinancialInstitution.Status.ACTIVE),
        help_text=gettext_lazy("選ばない場合は全金融機関に影響するものとして扱います。"),
    )
    message = forms.CharField(label=gettext_lazy("金融機関向けの説明"), required=False,
                              max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages=_errors())


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(choices=Incident.Status.choices)
    note = forms.CharField(label=gettext_lazy("記録する内容"), required=False, max_length=NOTE_MAX_LENGTH,
                           error_messages=_errors(gettext_lazy("記録する内容を入力してください。")))
    public = forms.BooleanField(required=False)


class EntryForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("内容"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages=_errors(gettext_lazy("記録する内容を入力してください。")))
    public = forms.BooleanField(label=gettext_lazy("金融機関にも公開する"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("記録する内容"), required=False, max_length=NOTE_MAX_LENGTH,
                           error_messages=_errors(gettext_lazy("記録する内容を入力してください。")))


class ReleaseForm(forms.Form):
    """The system lead's release: which held notes go to the FIs with it (the others stay internal)."""

    entries = forms.ModelMultipleChoiceField(
        label=gettext_lazy("一緒に公開する記録"), required=False, queryset=IncidentEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("選ばなかった公開待ちの記録は社内のみになります。"),
    )

    def __init__(self, *args, held_entries=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        held = held_entries if held_entries is not None else IncidentEntry.objects.none()
        self.fields["entries"].queryset = held
        self.fields["entries"].label_from_instance = lambda entry: entry.text
        if not self.is_bound:
            self.initial["entries"] = list(held)
