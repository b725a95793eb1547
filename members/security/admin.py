"""Operators fix a bank's security settings when the bank cannot: an allow-list that no longer holds its
office's address locks its admins out of the console, so only the platform can open it again."""

from django import forms
from django.contrib import admin

from ..admin import IdentityAdminMixin
from ..models import InstitutionSettings
from .addresses import networks_clean
from .services import institution_settings_update


class InstitutionSettingsAdminForm(forms.ModelForm):
    class Meta:
        model = InstitutionSettings
        fields = ("institution", "allowed_networks", "session_timeout_minutes", "single_session",
                  "two_factor_required")

    def clean_allowed_networks(self) -> str:
        return networks_clean(self.cleaned_data["allowed_networks"])


@admin.register(InstitutionSettings)
class InstitutionSettingsAdmin(IdentityAdminMixin, admin.ModelAdmin):
    form = InstitutionSettingsAdminForm
    list_display = ("institution", "two_factor_required", "single_session", "session_timeout_minutes", "updated_at")
    search_fields = ("institution__code", "institution__name")

    def get_readonly_fields(self, request, obj=None):
        return ("institution", "updated_at") if obj is not None else ("updated_at",)

    def save_model(self, request, obj, form, change) -> None:
        saved = institution_settings_update(
            institution=obj.institution, actor=request.user, keep_address=None,
            allowed_networks=obj.allowed_networks, session_timeout_minutes=obj.session_timeout_minutes,
            single_session=obj.single_session, two_factor_required=obj.two_factor_required)
        obj.pk, obj.updated_at = saved.pk, saved.updated_at
