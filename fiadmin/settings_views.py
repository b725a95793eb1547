"""The bank's settings (/console/settings/): its security rules and its maintenance-notice contacts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members import selectors, services
from members.models import InstitutionSettings
from members.permissions import Audience, audience_required
from members.policies import may_manage_institution_settings
from members.security.addresses import client_ip
from members.security.services import institution_settings_update

from .settings_forms import ContactForm, InstitutionSettingsForm


def _own_institution(request: HttpRequest):
    institution = request.user.institution
    if not may_manage_institution_settings(request.user, institution):
        raise PermissionDenied(_("この画面を利用する権限がありません。"))
    return institution


@audience_required(Audience.CONSOLE)
def settings_page(request: HttpRequest) -> HttpResponse:
    institution = _own_institution(request)
    current = InstitutionSettings.for_institution(institution)
    form = InstitutionSettingsForm(request.POST or None, initial={
        "allowed_networks": current.allowed_networks, "session_timeout_minutes": current.session_timeout_minutes,
        "single_session": current.single_session, "two_factor_required": current.two_factor_required,
    })
    if request.method == "POST" and form.is_valid():
        try:
            institution_settings_update(institution=institution, actor=request.user,
                                        keep_address=client_ip(request) or "-", **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("設定を保存しました。"))
            return redirect("console:settings")
    return render(request, "fiadmin/settings.html", {
        "form": form, "contacts": selectors.contacts_for(request.user), "current_ip": client_ip(request),
        "institution": institution,
    })


@audience_required(Audience.CONSOLE)
def contact_add(request: HttpRequest) -> HttpResponse:
    institution = _own_institution(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.maintenance_contact_add(institution=institution, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("連絡先を追加しました。"))
            return redirect("console:settings")
    return render(request, "fiadmin/settings_contact_form.html", {"form": form, "contact": None})


@audience_required(Audience.CONSOLE)
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    _own_institution(request)
    contact = selectors.contact_for(request.user, contact_id)
    form = ContactForm(request.POST or None, initial={"name": contact.name, "email": contact.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.maintenance_contact_update(contact=contact, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("連絡先を更新しました。"))
            return redirect("console:settings")
    return render(request, "fiadmin/settings_contact_form.html", {"form": form, "contact": contact})


@audience_required(Audience.CONSOLE)
def contact_delete(request: HttpRequest, contact_id: int) -> HttpResponse:
    _own_institution(request)
    contact = selectors.contact_for(request.user, contact_id)
    if request.method == "POST":
        services.maintenance_contact_remove(contact=contact)
        messages.success(request, _("連絡先「%(name)s」を削除しました。") % {"name": contact.name})
        return redirect("console:settings")
    return render(request, "fiadmin/settings_contact_delete.html", {"contact": contact})
