"""Plain-text email is never HTML-escaped: every template, fed hostile text in every string, sends it as written."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import SecurityEvent
from members.models import ServiceDocument
from ops.models import IncidentEntry
from ops.notifications import render_email
from tests.factories import OperatorFactory, SystemLeadFactory
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Tom & Jerry's \"<b>AT&T</b>\" <script>"
ESCAPES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;")
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "emails"
# Templates whose subject names the object (the others have fixed subjects).
SUBJECT_NAMES_THE_OBJECT = {"document_posted", "incident_confirmed", "incident_critical", "incident_detected",
                            "incident_recovered"}


def _incident_context() -> dict:
    incident = IncidentFactory(title=HOSTILE, public_message=HOSTILE, source_check=HOSTILE,
                               owner=SystemLeadFactory(full_name=HOSTILE))
    IncidentEntry.objects.create(incident=incident, text=HOSTILE, created_at=timezone.now(),
                                 visibility=IncidentEntry.Visibility.INSTITUTIONS)
    return {"incident": incident, "public_entries": incident.entries.all(), "notify_at": timezone.now()}


def _window_context() -> dict:
    return {"window": MaintenanceWindowFactory(message=HOSTILE, is_emergency=True, emergency_reason=HOSTILE,
                                               cancel_reason=HOSTILE, completed_at=timezone.now())}


def _document_context() -> dict:
    return {"document": ServiceDocument.objects.create(kind="terms", version="2.0&<'\"", body=HOSTILE,
                                                       change_summary=HOSTILE, posted_at=timezone.now())}


def _digest_context() -> dict:
    now = timezone.now()
    return {"since": now, "until": now, "total": 3, "unknown_count": 2, "unknown_distinct": 2,
            "failed_logins": 15, "window_minutes": 15,
            "known": [{"user__username": HOSTILE, "institution__name": HOSTILE, "count": 1}]}


def _password_changed_context() -> dict:
    account = OperatorFactory(full_name=HOSTILE)
    event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.STAFF_PASSWORD_CHANGED, login_id=HOSTILE,
                                         user=account, ip_address="192.0.2.1")
    return {"event": event, "account": account, "change": "changed", "actor": OperatorFactory(full_name=HOSTILE)}


def _deal_context() -> dict:
    from tests.matching.factories import NeedFactory, ProfileCompanyFactory
    from tests.members.deal_factories import DealFactory

    company = ProfileCompanyFactory(name=HOSTILE)
    deal = DealFactory(need=NeedFactory(title=HOSTILE, company=company), requester_company=ProfileCompanyFactory(),
                       message=HOSTILE, closed_reason=HOSTILE)
    return {"deal": deal, "side": "receiver", "institution": deal.receiver_institution, "withdrawn_by": company}


def _reset_context() -> dict:
    return {"user": SystemLeadFactory(full_name=HOSTILE), "protocol": "https", "domain": "ba.example.jp",
            "uid": "MQ", "token": "abc-123", "site_name": HOSTILE, "email": "a@example.jp"}


def _forced_reset_context() -> dict:
    from tests.factories import InstitutionFactory, UserFactory

    institution = InstitutionFactory(name=HOSTILE)
    return {"user": UserFactory(full_name=HOSTILE, company__institution=institution), "protocol": "https",
            "domain": "ba.example.jp", "uid": "MQ", "token": "abc-123", "institution": institution}


CONTEXTS = {
    **{f"deal_{step}": _deal_context for step in (
        "accepted", "approval_requested", "declined", "expired", "message", "met", "outcome", "received", "refused",
        "reminder", "withdrawn")},
    "document_posted": _document_context,
    "incident_confirmed": _incident_context,
    "incident_critical": _incident_context,
    "incident_detected": _incident_context,
    "incident_recovered": _incident_context,
    "maintenance_announced": _window_context,
    "maintenance_cancelled": _window_context,
    "maintenance_ended": _window_context,
    "maintenance_reminder": _window_context,
    "maintenance_started": _window_context,
    "password_reset": _reset_context,
    "password_reset_forced": _forced_reset_context,
    "security_digest": _digest_context,
    "staff_password_changed": _password_changed_context,
}


def test_every_email_template_is_covered():
    assert {path.name.removesuffix("_body.txt") for path in TEMPLATE_DIR.glob("*_body.txt")} == set(CONTEXTS)


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_hostile_text_arrives_as_written(template):
    subject, body = render_email(template, CONTEXTS[template]())
    for text in (subject, body):
        assert not [escape for escape in ESCAPES if escape in text], text
    assert HOSTILE in body
    if template in SUBJECT_NAMES_THE_OBJECT:
        assert HOSTILE in subject or "2.0&<'\"" in subject
