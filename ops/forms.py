"""Forms of the operations pages. They check the shape of the input; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy

from members.models import FinancialInstitution
from ops.features import feature_choices
from ops.models import Incident, IncidentEntry, MaintenanceWindow

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WindowForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("種別"), choices=[
        (MaintenanceWindow.Kind.ADHOC, MaintenanceWindow.Kind.ADHOC.label),
        (MaintenanceWindow.Kind.RELEASE, MaintenanceWindow.Kind.RELEASE.label),
    ])
    starts_at = forms.DateTimeField(label=gettext_lazy("開始日時"), widget=DATETIME_INPUT)
    ends_at = forms.DateTimeField(label=gettext_lazy("終了予定日時"), widget=DATETIME_INPUT)
    message = forms.CharField(label=gettext_lazy("お知らせ文"), widget=forms.Textarea(attrs={"rows": 4}))
    features = forms.MultipleChoiceField(
        label=gettext_lazy("対象機能"), required=False, choices=feature_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("一部機能だけを止める場合に選びます。選ばない場合はサービス全体です。"),
    )
    stops_service = forms.BooleanField(
        label=gettext_lazy("サービスを停止する（メンテナンス画面を表示）"), required=False, initial=True)
    is_emergency = forms.BooleanField(label=gettext_lazy("緊急（5営業日前の告知ができない）"), required=False)
    emergency_reason = forms.CharField(label=gettext_lazy("緊急の理由"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    def feature_list(self) -> list[str]:
        return list(self.cleaned_data["features"])


class UpdateForm(forms.Form):
    stops_service = forms.BooleanField(required=False)
    message = forms.CharField()


class IncidentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("件名"), max_length=200)
    severity = forms.ChoiceField(label=gettext_lazy("重要度"), choices=Incident.Severity.choices,
                                 initial=Incident.Severity.INCIDENT)
    institutions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("影響する金融機関"), required=False,
        queryset=FinancialInstitution.objects.filter(status=FinancialInstitution.Status.ACTIVE),
        help_text=gettext_lazy("選ばない場合は全金融機関に影響するものとして扱います。"),
    )
    message = forms.CharField(label=gettext_lazy("金融機関向けの説明"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(choices=Incident.Status.choices)
    note = forms.CharField(required=False)
    public = forms.BooleanField(required=False)


class EntryForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=gettext_lazy("金融機関にも公開する"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


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
