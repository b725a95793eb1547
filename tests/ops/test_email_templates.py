"""Plain-text email is never HTML-escaped: every template, fed hostile text in every string, sends it as written."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import SecurityEvent
from members.models import ServiceDocument
from ops.models import IncidentEntry
from ops.notifications import render_email
from tests.factories import (
    CompanyFactory,
    InstitutionFactory,
    OperatorFactory,
    SystemLeadFactory,
    UserFactory,
)
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


def _support_context() -> dict:
    from support import sla
    from support.models import Ticket, TicketEntry
    from tests.factories import FIAdminFactory, InstitutionFactory

    admin = FIAdminFactory(full_name=HOSTILE, institution=InstitutionFactory(name=HOSTILE))
    now = timezone.now()
    ticket = Ticket(institution=admin.institution, requester=admin, subject=HOSTILE, channel="email", received_at=now,
                    expected_answer_on=now.date(), closed_at=now, closed_by=admin)
    sla.schedule(ticket)
    ticket.save()
    entry = TicketEntry.objects.create(ticket=ticket, kind="reply", reply_kind="answer", body=HOSTILE)
    return {"ticket": ticket, "entry": entry, "inquiry": entry, "support_address": "support@example.jp",
            "has_attachment": True, "request_confirmation": True, "since": now, "institution": admin.institution,
            "event": "new", "note": HOSTILE, "actor": admin, "now": now,
            "items": [{"ticket": ticket, "clock": sla.clocks(ticket, now)[0]}]}
def _consultation_context() -> dict:
    from members.models import Consultation, ConsultationMessage
    from tests.factories import CompanyFactory, InstitutionFactory

    company = CompanyFactory(name=HOSTILE, institution=InstitutionFactory(name=HOSTILE))
    consultation = Consultation.objects.create(company=company, institution=company.institution, category="other",
                                               subject=HOSTILE, last_message_at=timezone.now())
    message = ConsultationMessage.objects.create(consultation=consultation, side="bank", author_name=HOSTILE,
                                                 body=HOSTILE)
    return {"consultation": consultation, "message": message, "link_url": "https://ba.example.jp/portal/x/?a=1&b=2",
            "notification_settings_url": "https://ba.example.jp/portal/settings/notifications/"}


def _notice_context() -> dict:
    from members.models import Notice
    from tests.factories import InstitutionFactory

    notice = Notice.objects.create(institution=InstitutionFactory(name=HOSTILE), title=HOSTILE, body=HOSTILE,
                                   publish_at=timezone.now())
    return {"notice": notice, "link_url": "https://ba.example.jp/portal/notices/1/?a=1&b=2",
            "notification_settings_url": "https://ba.example.jp/portal/settings/notifications/"}


def _member_digest_context() -> dict:
    from members.models import DigestItem

    user = OperatorFactory(full_name=HOSTILE)
    item = DigestItem(user=user, kind="notice", title=HOSTILE, link="/portal/notices/1/", created_at=timezone.now())
    item.link_url = "https://ba.example.jp/portal/notices/1/?a=1&b=2"
    return {"user": user, "items": [item], "more": 2, "total": 3,
            "notification_settings_url": "https://ba.example.jp/portal/settings/notifications/"}


def _reset_context() -> dict:
    return {"user": SystemLeadFactory(full_name=HOSTILE), "protocol": "https", "domain": "ba.example.jp",
            "uid": "MQ", "token": "abc-123", "site_name": HOSTILE, "email": "a@example.jp"}


def _application_context() -> dict:
    from tests.members.join_factories import ApplicationFactory

    institution = InstitutionFactory(name=HOSTILE)
    application = ApplicationFactory(
        institution=institution, company_name=HOSTILE, representative=HOSTILE, contact_name=HOSTILE, city=HOSTILE,
        street=HOSTILE, branch_name=HOSTILE, refusal_reason=HOSTILE, email="a&b@example.jp")
    return {"application": application, "institution": institution, "pending": True, "expiry_hours": 48,
            "link": "https://ba.example.jp/join/verify/a&b/"}


def _invitation_context() -> dict:
    user = UserFactory(full_name=HOSTILE, company=CompanyFactory(name=HOSTILE, institution=InstitutionFactory(
        name=HOSTILE)))
    return {"user": user, "company": user.company, "institution": user.institution, "expiry_hours": 72,
            "link": "https://ba.example.jp/join/invitation/MQ/abc-123/"}
def _forced_reset_context() -> dict:
    from tests.factories import InstitutionFactory, UserFactory

    institution = InstitutionFactory(name=HOSTILE)
    return {"user": UserFactory(full_name=HOSTILE, company__institution=institution), "protocol": "https",
            "domain": "ba.example.jp", "uid": "MQ", "token": "abc-123", "institution": institution}


CONTEXTS = {
    **{f"application_{step}": _application_context for step in ("attempt", "received", "refused", "verify")},
    "invitation": _invitation_context,
    **{f"deal_{step}": _deal_context for step in (
        "accepted", "approval_requested", "declined", "expired", "message", "met", "outcome", "received", "refused",
        "reminder", "withdrawn")},
    "consultation_member_replied": _consultation_context,
    "consultation_opened": _consultation_context,
    "consultation_replied": _consultation_context,
    "digest_daily": _member_digest_context,
    "notice_published": _notice_context,
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
    **{f"support_{name}": _support_context for name in (
        "closed", "confirmation_reminder", "confirmation_request", "escalated", "first_response",
        "incident_recovered", "incident_started", "received", "redirect", "reply", "sla_warning", "staff_update")},
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
