"""Only the system lead communicates with the banks (INC-3): nothing of an incident reaches an FI before release."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ops.calendar import TOKYO
from ops.models import EmailLog, IncidentEntry
from ops.notifications import notifications_send_due
from ops.services import incidents as services
from tests.factories import MaintenanceContactFactory

pytestmark = pytest.mark.django_db

TUESDAY_11 = datetime(2026, 6, 16, 11, 0, tzinfo=TOKYO)
TUESDAY_12 = datetime(2026, 6, 16, 12, 0, tzinfo=TOKYO)
TUESDAY_18 = datetime(2026, 6, 16, 18, 0, tzinfo=TOKYO)
WEDNESDAY_10 = datetime(2026, 6, 17, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def contact(bank):
    return MaintenanceContactFactory(institution=bank, email="ops@bank.example.jp")


def _fi_mails(mailoutbox) -> set[str]:
    return {address for mail in mailoutbox if "重要障害" in mail.subject and "検知" not in mail.subject
            for address in mail.to}


def _what_the_bank_sees(client, fi_admin) -> str:
    client.force_login(fi_admin)
    return client.get(reverse("status")).content.decode() + client.get(reverse("console:home")).content.decode()


@pytest.mark.req("INC-3")
@pytest.mark.req("INC-2")
def test_an_operator_opened_critical_failure_reaches_no_bank_until_the_lead_releases_it(
        client, bank, fi_admin, contact, operator, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False), django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(title="ログインできない", severity="critical", actor=operator,
                                          institutions=[bank], message="ログインできない状態です。")
        services.incident_add_entry(incident=incident, actor=operator, text="12時の復旧を見込んでいます", public=True)
        services.incident_add_entry(incident=incident, actor=operator, text="DBサーバー再起動", public=False)
    assert [mail.to for mail in mailoutbox] == [[system_lead.email]]  # the lead is told, no bank is
    assert not EmailLog.objects.exclude(recipient=system_lead.email).exists()
    seen = _what_the_bank_sees(client, fi_admin)
    assert "ログインできない" not in seen and "現在、重要障害は発生していません。" in seen

    with time_machine.travel(TUESDAY_12, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.incident_release(incident=incident, actor=system_lead)
    assert _fi_mails(mailoutbox) == {fi_admin.email, "ops@bank.example.jp"}
    critical = next(mail for mail in mailoutbox if fi_admin.email in mail.to)
    assert "12時の復旧を見込んでいます" in critical.body and "DBサーバー再起動" not in critical.body
    incident.refresh_from_db()
    assert incident.released_at == TUESDAY_12 and incident.released_by == system_lead
    assert incident.fi_notified_at == TUESDAY_12
    seen = _what_the_bank_sees(client, fi_admin)
    assert "重要障害が発生しています: ログインできない" in seen and "12時の復旧を見込んでいます" in seen
    assert "DBサーバー再起動" not in seen


@pytest.mark.req("INC-3")
def test_an_incident_the_lead_opens_is_released_at_once(bank, fi_admin, system_lead, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False), django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(title="全面停止", severity="critical", actor=system_lead,
                                          institutions=[bank])
    assert incident.released_by == system_lead and _fi_mails(mailoutbox) == {fi_admin.email}
    with pytest.raises(ValidationError, match="既に金融機関へ公開済み"):
        services.incident_release(incident=incident, actor=system_lead)


@pytest.mark.req("INC-2")
@pytest.mark.req("CAL-2")
def test_a_release_after_hours_holds_the_bank_email_until_10(bank, fi_admin, operator, system_lead, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False), django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(title="遅延", severity="critical", actor=operator, institutions=[bank])
    with time_machine.travel(TUESDAY_18, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.incident_release(incident=incident, actor=system_lead)
    assert _fi_mails(mailoutbox) == set()
    with time_machine.travel(WEDNESDAY_10, tick=False):
        notifications_send_due()
    assert _fi_mails(mailoutbox) == {fi_admin.email}


@pytest.mark.req("INC-3")
def test_recovery_confirmed_before_release_sends_both_notices_on_release(
        bank, fi_admin, operator, system_lead, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(TUESDAY_11, tick=False), django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_open(title="停止", severity="critical", actor=operator, institutions=[bank])
        for step in ("confirmed", "recovering"):
            services.incident_advance(incident=incident, actor=operator, status=step)
        services.incident_advance(incident=incident, actor=system_lead, status="recovery_confirmed")
        assert _fi_mails(mailoutbox) == set()
        services.incident_release(incident=incident, actor=system_lead)
    subjects = {mail.subject.split(":")[0] for mail in mailoutbox if fi_admin.email in mail.to}
    assert subjects == {"[Big Advance] 重要障害発生のお知らせ", "[Big Advance] 重要障害復旧のお知らせ"}


@pytest.mark.req("INC-3")
def test_notes_held_after_release_wait_for_the_lead_who_chooses_what_goes_out(client, bank, fi_admin, operator,
                                                                              system_lead):
    incident = services.incident_open(title="画面遅延", severity="critical", actor=system_lead, institutions=[bank])
    kept = services.incident_add_entry(incident=incident, actor=operator, text="原因はキャッシュ", public=True)
    dropped = services.incident_add_entry(incident=incident, actor=operator, text="サーバー名 db-01", public=True)
    assert "原因はキャッシュ" not in _what_the_bank_sees(client, fi_admin)

    client.force_login(system_lead)
    page = client.get(reverse("operations:incident_detail", args=[incident.pk])).content.decode()
    assert "公開待ちの記録を公開する" in page and "サーバー名 db-01" in page
    client.post(reverse("operations:incident_release", args=[incident.pk]), {"entries": [kept.pk]})
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.visibility == IncidentEntry.Visibility.INSTITUTIONS
    assert dropped.visibility == IncidentEntry.Visibility.INTERNAL
    seen = _what_the_bank_sees(client, fi_admin)
    assert "原因はキャッシュ" in seen and "db-01" not in seen
