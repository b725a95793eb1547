"""Item 18: a refused incident note says what is missing, beside the field."""

import pytest
from django.urls import reverse

from ops.models import IncidentEntry
from tests.ops.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_an_empty_note_is_named_beside_the_field(client, operator):
    incident = IncidentFactory()
    client.force_login(operator)
    response = client.post(reverse("operations:incident_entry_add", args=[incident.pk]), {"text": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<small class="field-error" id="id_text_error" role="alert">記録する内容を入力してください。</small>' in page
    assert "入力内容を確認してください。" not in page
    assert not IncidentEntry.objects.filter(incident=incident).exists()


def test_an_overlong_note_gives_the_limit(client, system_lead):
    incident = IncidentFactory()
    client.force_login(system_lead)
    response = client.post(reverse("operations:incident_entry_add", args=[incident.pk]), {"text": "あ" * 5000})
    assert "2000文字以内で入力してください（現在5000文字）。" in response.content.decode()
    assert not IncidentEntry.objects.filter(incident=incident).exists()


def test_an_overlong_status_note_is_named_beside_its_form(client, system_lead):
    incident = IncidentFactory()
    client.force_login(system_lead)
    response = client.post(reverse("operations:incident_advance", args=[incident.pk]),
                           {"status": "confirmed", "note": "あ" * 5000})
    page = response.content.decode()
    assert "記録する内容：2000文字以内で入力してください（現在5000文字）。" in page
    incident.refresh_from_db()
    assert incident.status == "detected"
