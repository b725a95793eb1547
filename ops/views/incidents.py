"""Operations pages for incidents and monitoring (thin views over ops services and selectors)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import Audience, audience_required
from ops.forms import AdvanceForm, EntryForm, IncidentForm, NoteForm, ReleaseForm, form_errors_text
from ops.models import Incident
from ops.selectors import incidents as selectors
from ops.services import incidents as services


def _incident_or_404(incident_id: int) -> Incident:
    try:
        return selectors.incident_get(incident_id=incident_id)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@audience_required(Audience.OPERATIONS)
def incident_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ops/incident_list.html", selectors.incident_tables())


@audience_required(Audience.OPERATIONS)
def incident_create(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_open(
                title=data["title"], severity=data["severity"], message=data["message"], actor=request.user,
                institutions=list(data["institutions"]) or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("障害を登録しました。"))
            return redirect("operations:incident_detail", incident_id=incident.pk)
    return render(request, "ops/incident_form.html", {"form": form})


@audience_required(Audience.OPERATIONS)
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _detail_page(request, _incident_or_404(incident_id))


def _detail_page(request: HttpRequest, incident: Incident, *, invalid_form=None) -> HttpResponse:
    """The detail page; after a refused post, with that form's errors beside its fields."""
    is_lead = services.is_lead(request.user)
    steps = services.STEPS
    current = steps.index(incident.status)
    next_status = steps[current + 1] if current + 1 < len(steps) - 1 else None
    if next_status in services.LEAD_STEPS and not is_lead:
        next_status = None
    held_entries = selectors.incident_held_entries(incident=incident)
    release_pending = selectors.incident_release_pending(incident=incident)
    return render(request, "ops/incident_detail.html", {
        "incident": incident, "next_status": next_status,
        "entry_form": invalid_form if isinstance(invalid_form, EntryForm) else EntryForm(),
        "note_errors": form_errors_text(invalid_form) if invalid_form is not None else "",
        "failed_action": request.resolver_match.url_name if invalid_form is not None else "",
        "next_status_label": Incident.Status(next_status).label if next_status else "",
        "can_communicate": is_lead, "held_entries": held_entries, "release_pending": release_pending,
        "release_form": ReleaseForm(held_entries=held_entries) if is_lead and release_pending else None,
    })


def _incident_action(request: HttpRequest, incident_id: int, form_class, action) -> HttpResponse:
    incident = _incident_or_404(incident_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail_page(request, incident, invalid_form=form)
    try:
        action(incident, form.cleaned_data)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("記録しました。"))
    return redirect("operations:incident_detail", incident_id=incident_id)


@audience_required(Audience.OPERATIONS)
@require_POST
def incident_advance(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(request, incident_id, AdvanceForm, lambda incident, data: services.incident_advance(
        incident=incident, actor=request.user, status=data["status"], note=data["note"], public=data["public"]))


@audience_required(Audience.OPERATIONS)
@require_POST
def incident_entry_add(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(request, incident_id, EntryForm, lambda incident, data: services.incident_add_entry(
        incident=incident, actor=request.user, text=data["text"], public=data["public"]))


@audience_required(Audience.OPERATIONS)
@require_POST
def incident_raise(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(request, incident_id, NoteForm, lambda incident, data: services.incident_raise_severity(
        incident=incident, actor=request.user, note=data["note"]))


@audience_required(Audience.OPERATIONS)
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_action(request, incident_id, NoteForm, lambda incident, data: services.incident_close(
        incident=incident, actor=request.user, note=data["note"]))


@audience_required(Audience.OPERATIONS)
@require_POST
def incident_release(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = _incident_or_404(incident_id)
    form = ReleaseForm(request.POST, held_entries=selectors.incident_held_entries(incident=incident))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("entries", [])) or _("入力内容を確認してください。"))
    else:
        try:
            services.incident_release(incident=incident, actor=request.user, entries=form.cleaned_data["entries"])
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, _("金融機関へ公開しました。"))
    return redirect("operations:incident_detail", incident_id=incident_id)


@audience_required(Audience.OPERATIONS)
def health(request: HttpRequest) -> HttpResponse:
    return render(request, "ops/health.html", selectors.health_overview())


urlpatterns = [
    path("incidents/", incident_list, name="incident_list"),
    path("incidents/new/", incident_create, name="incident_create"),
    path("incidents/<int:incident_id>/", incident_detail, name="incident_detail"),
    path("incidents/<int:incident_id>/advance/", incident_advance, name="incident_advance"),
    path("incidents/<int:incident_id>/entries/", incident_entry_add, name="incident_entry_add"),
    path("incidents/<int:incident_id>/raise/", incident_raise, name="incident_raise"),
    path("incidents/<int:incident_id>/close/", incident_close, name="incident_close"),
    path("incidents/<int:incident_id>/release/", incident_release, name="incident_release"),
    path("health/", health, name="health"),
]
