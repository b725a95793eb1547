"""Incidents (INC-1..4): severities, who is emailed when (CAL-2), the four steps and their record."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from members.models import FinancialInstitution
from ops.calendar import TOKYO
from ops.models import EmailLog, Incident, IncidentEntry
from ops.notifications import notifications_send_due
from ops.services import incidents as services
from tests.factories import FIAdminFactory, MaintenanceContactFactory, StaffFactory, SystemLeadFactory

pytestmark = pytest.mark.django_db

SATURDAY_NIGHT = datetime(2026, 6, 13, 22, 30, tzinfo=TOKYO)
MONDAY_OPENING = datetime(2026, 6, 15, 10, 0, tzinfo=TOKYO)
TUESDAY_11 = datetime(2026, 6, 16, 11, 0, tzinfo=TOKYO)


@pytest.fixture
def people(bank, other_bank, fi_admin, other_fi_admin, system_lead, support_staff):
    """Who exists: admins and a designated contact of two FIs, a lead and a desk; plus people never emailed."""
    contact = MaintenanceContactFactory(institution=bank, email="ops@bank.example.jp")
    FIAdminFactory(institution=bank, is_active=False, email="gone@bank.example.jp")
    closed_fi = FinancialInstitution.objects.create(code="0999", name="契約終了銀行", kind="bank",
                                                    status=FinancialInstitution.Status.TERMINATED)
    FIAdminFactory(institution=closed_fi, email="admin@closed.example.jp")
    return {"contact": contact}


def _open(capture, *, actor, **kwargs):
    with capture(execute=True):
        return services.incident_open(actor=actor, **kwargs)


def _recipients(mailoutbox, subject_part: str) -> set[str]:
    return {address for mail in mailoutbox if subject_part in mail.subject for address in mail.to}


@pytest.mark.req("INC-2")
@pytest.mark.req("CAL-2")
def test_critical_failure_on_a_weekday_at_11_emails_affected_fi_admins_at_once(
        people, bank, fi_admin, other_fi_admin, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=system_lead, title="ログインできない",
                         severity="critical", institutions=[bank])
    incident.refresh_from_db()
    assert _recipients(mailoutbox, "重要障害発生") == {fi_admin.email, "ops@bank.example.jp"}
    assert incident.fi_notice_due_at == TUESDAY_11 and incident.fi_notified_at == TUESDAY_11
    assert other_fi_admin.email not in _recipients(mailoutbox, "")


@pytest.mark.req("INC-2")
@pytest.mark.req("CAL-2")
def test_critical_failure_on_saturday_waits_for_10_on_the_next_business_day(
        people, fi_admin, other_fi_admin, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=system_lead, title="全面停止", severity="critical")
    assert _recipients(mailoutbox, "重要障害発生") == set()
    held = EmailLog.objects.filter(reference=f"incident:{incident.pk}:critical")
    assert {log.status for log in held} == {EmailLog.Status.PENDING}
    assert {log.scheduled_for for log in held} == {MONDAY_OPENING}
    incident.refresh_from_db()
    assert incident.fi_notice_due_at == MONDAY_OPENING and incident.fi_notified_at is None

    with time_machine.travel(datetime(2026, 6, 15, 9, 59, tzinfo=TOKYO), tick=False):
        assert notifications_send_due() == 0
        assert services.incident_notices_mark_sent() == 0
    assert _recipients(mailoutbox, "重要障害発生") == set()

    with time_machine.travel(MONDAY_OPENING, tick=False):
        assert notifications_send_due() == 3
        assert services.incident_notices_mark_sent() == 1
    assert _recipients(mailoutbox, "重要障害発生") == {fi_admin.email, other_fi_admin.email, "ops@bank.example.jp"}
    incident.refresh_from_db()
    assert incident.fi_notified_at == MONDAY_OPENING


@pytest.mark.req("INC-1")
@pytest.mark.req("INC-2")
def test_an_incident_alerts_the_system_lead_but_no_fi(people, system_lead, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=None, title="冗長系へ切替", severity="incident")
    assert [mail.to for mail in mailoutbox] == [[system_lead.email]]
    assert "障害を検知しました" in mailoutbox[0].subject
    incident.refresh_from_db()
    assert incident.fi_notice_due_at is None and incident.owner == system_lead


@pytest.mark.req("INC-1")
def test_only_the_two_severities_exist(system_lead):
    assert set(Incident.Severity.values) == {"critical", "incident"}
    with pytest.raises(ValidationError, match="重要度"):
        services.incident_open(title="不明", severity="major", actor=None)


@pytest.mark.req("INC-2")
@pytest.mark.req("CAL-2")
def test_raising_severity_later_emails_the_fis_with_the_same_timing_rule(
        people, bank, fi_admin, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=system_lead, title="遅延", severity="incident",
                         institutions=[bank])
    assert _recipients(mailoutbox, "重要障害発生") == set()
    with time_machine.travel(datetime(2026, 6, 16, 18, 0, tzinfo=TOKYO), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.incident_raise_severity(incident=incident, actor=system_lead, note="フェイルオーバー失敗")
        assert _recipients(mailoutbox, "重要障害発生") == set()  # 18:00 is after hours
    incident.refresh_from_db()
    assert incident.severity == "critical"
    assert incident.fi_notice_due_at == datetime(2026, 6, 17, 10, 0, tzinfo=TOKYO)
    with time_machine.travel(incident.fi_notice_due_at, tick=False):
        notifications_send_due()
    assert _recipients(mailoutbox, "重要障害発生") == {fi_admin.email, "ops@bank.example.jp"}


@pytest.mark.req("INC-2")
def test_a_notice_is_never_sent_twice(people, bank, fi_admin, system_lead, mailoutbox,
                                      django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=system_lead, title="停止", severity="critical",
                         institutions=[bank])
        sent = len(mailoutbox)
        assert services.incident_notice_send(incident_id=incident.pk, notice="critical") == 0
        assert services.incident_notice_send(incident_id=incident.pk, notice="detected") == 0
    assert len(mailoutbox) == sent


@pytest.mark.req("INC-3")
def test_the_four_steps_are_walked_forward_and_each_is_recorded(
        people, bank, fi_admin, support_staff, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False):
        incident = _open(django_capture_on_commit_callbacks, actor=system_lead, title="画面が表示されない",
                         severity="critical", institutions=[bank])
        with pytest.raises(ValidationError, match="順に進めてください"):
            services.incident_advance(incident=incident, actor=system_lead, status="recovering")
        with pytest.raises(ValidationError, match="復旧確認を済ませて"):
            services.incident_close(incident=incident, actor=system_lead, note="早すぎる")
        with django_capture_on_commit_callbacks(execute=True):
            services.incident_advance(incident=incident, actor=system_lead, status="confirmed", note="状況把握")
        assert _recipients(mailoutbox, "障害対応を開始しました") == {support_staff.email}
        services.incident_advance(incident=incident, actor=system_lead, status="recovering", note="復旧作業中",
                                  public=True)
        with pytest.raises(ValidationError):
            services.incident_advance(incident=incident, actor=system_lead, status="confirmed")
        with django_capture_on_commit_callbacks(execute=True):
            services.incident_advance(incident=incident, actor=system_lead, status="recovery_confirmed",
                                      note="正常動作を確認", public=True)
        assert _recipients(mailoutbox, "重要障害復旧") == {fi_admin.email, "ops@bank.example.jp"}
        services.incident_close(incident=incident, actor=system_lead, note="再発防止策を登録")
        with pytest.raises(ValidationError, match="クローズ済み"):
            services.incident_add_entry(incident=incident, actor=system_lead, text="追記")
    steps = list(incident.entries.exclude(status="").values_list("status", flat=True))
    assert steps == ["detected", "confirmed", "recovering", "recovery_confirmed", "closed"]
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at == TUESDAY_11


@pytest.mark.req("INC-3")
def test_operators_work_the_incident_and_only_the_system_lead_communicates(people, operator, system_lead):
    incident = services.incident_open(title="遅延", severity="incident", actor=operator)
    services.incident_add_entry(incident=incident, actor=operator, text="再起動した")
    services.incident_advance(incident=incident, actor=operator, status="confirmed", note="状況把握")
    services.incident_advance(incident=incident, actor=operator, status="recovering")
    held = services.incident_add_entry(incident=incident, actor=operator, text="復旧見込み12時", public=True)
    assert held.visibility == IncidentEntry.Visibility.HELD
    for attempt in (
        lambda: services.incident_advance(incident=incident, actor=operator, status="recovery_confirmed"),
        lambda: services.incident_raise_severity(incident=incident, actor=operator),
        lambda: services.incident_release(incident=incident, actor=operator),
        lambda: services.incident_release(incident=incident, actor=None),
        lambda: services.incident_close(incident=incident, actor=None, note="完了"),
    ):
        with pytest.raises(ValidationError, match="システム統括のみ"):
            attempt()
    entry = services.incident_add_entry(incident=incident, actor=system_lead, text="公開", public=True)
    assert entry.visibility == IncidentEntry.Visibility.INSTITUTIONS


@pytest.mark.req("INC-3")
def test_the_owner_is_a_system_lead(db, operator):
    first = SystemLeadFactory()
    SystemLeadFactory()
    assert services.incident_open(title="a", severity="incident", actor=None).owner == first
    with pytest.raises(ValidationError, match="システム統括"):
        services.incident_open(title="b", severity="incident", actor=None, owner=StaffFactory())


@pytest.mark.req("INC-4")
def test_a_whole_critical_failure_sends_only_the_email_notices(
        people, bank, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False), django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(title="停止", severity="critical", actor=system_lead, institutions=[bank])
        for step in ("confirmed", "recovering", "recovery_confirmed"):
            services.incident_advance(incident=incident, actor=system_lead, status=step)
        services.incident_close(incident=incident, actor=system_lead, note="完了")
    templates = set(EmailLog.objects.filter(category="incident").values_list("template", flat=True))
    assert templates == {"incident_detected", "incident_critical", "incident_confirmed", "incident_recovered"}
    assert len(mailoutbox) == EmailLog.objects.filter(category="incident").count()
