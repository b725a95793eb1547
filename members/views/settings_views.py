"""The member's own settings: how notification emails arrive (at once, or one digest at 10:00 on business days)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.models import Delivery, NotificationKind
from members.notify import notification_preferences_for, notification_preferences_save

from ..permissions import Audience, audience_required


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification; every field is required and must be one of the two deliveries."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, widget=forms.RadioSelect,
                error_messages={"required": _("受け取り方を選んでください。"),
                                "invalid_choice": _("受け取り方を選んでください。")})


@audience_required(Audience.PORTAL)
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(request.POST or None, initial=notification_preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("メール通知の設定を保存しました。"))
        return redirect("portal:notification_settings")
    return render(request, "members/notification_settings.html", {"form": form},
                  status=400 if form.errors else 200)
