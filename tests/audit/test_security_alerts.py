"""ACC-1 without a flood: lockouts reach the system lead as one digest per window, with counts; unknown login IDs
are only counted and no subject line carries what a visitor typed."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings as django_settings

from audit.models import SecurityEvent
from audit.services import lockout_record, security_alerts_send
from bigadvance.celery import app
from ops.calendar import TOKYO
from tests.factories import FIAdminFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.req("ACC-1")]

SUBJECT = "[Big Advance] セキュリティアラート: ログインIDのロック"
T0 = datetime(2026, 6, 2, 9, 0, tzinfo=TOKYO)
ATTACKER_TEXT = "至急:パスワード再設定はこちら http://evil.example/"


def _lock(client, login_id: str) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": login_id, "password": "wrong-password-1"})


@pytest.fixture
def system_lead(system_lead, mailoutbox):
    mailoutbox.clear()  # the lead's own new-account announcement
    return system_lead


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def test_a_flood_of_lockouts_sends_one_digest_per_window_with_counts(client, clock, system_lead, mailoutbox,
                                                                     settings):
    settings.SECURITY_ALERT_WINDOW_MINUTES = 10
    member, admin = UserFactory(), FIAdminFactory()
    _lock(client, member.username)
    assert [(m.subject, m.to) for m in mailoutbox] == [(SUBJECT, [system_lead.email])]  # the first, at once
    assert member.username in mailoutbox[0].body and "ロック: 1 件" in mailoutbox[0].body

    clock.move_to(T0 + timedelta(minutes=1), tick=False)
    for number in range(12):  # an attacker sprays made-up login IDs
        _lock(client, f"{ATTACKER_TEXT}{number}")
    _lock(client, admin.username)
    assert len(mailoutbox) == 1  # 13 locks inside the window: no email yet
    clock.move_to(T0 + timedelta(minutes=31), tick=False)  # the member's lock ended and is hit again
    _lock(client, member.username)
    assert len(mailoutbox) == 2  # the window has passed: this lock sends the digest of all 14 at once
    clock.move_to(T0 + timedelta(minutes=32), tick=False)
    assert security_alerts_send() == 0  # beat's next run finds nothing left
    digest = mailoutbox[1]
    assert digest.subject == SUBJECT
    assert "ロック: 14 件" in digest.body
    assert f"{admin.username}（{admin.institution.name}）: 1 件" in digest.body
    assert f"{member.username}（{member.institution.name}）: 1 件" in digest.body
    assert "存在しないログインID: 12 件（12 種類）" in digest.body and ATTACKER_TEXT not in digest.body
    assert "ログイン失敗: " in digest.body
    assert not SecurityEvent.objects.filter(reported_at__isnull=True).exists()


def test_locks_inside_the_window_wait_for_it_to_pass(client, clock, system_lead, mailoutbox, settings):
    settings.SECURITY_ALERT_WINDOW_MINUTES = 15
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    _lock(client, first.username)
    clock.move_to(T0 + timedelta(minutes=5), tick=False)
    _lock(client, second.username)
    _lock(client, third.username)
    assert len(mailoutbox) == 1
    clock.move_to(T0 + timedelta(minutes=14, seconds=59), tick=False)
    assert security_alerts_send() == 0
    clock.move_to(T0 + timedelta(minutes=15), tick=False)
    assert security_alerts_send() == 2
    assert security_alerts_send() == 0
    assert len(mailoutbox) == 2 and second.username in mailoutbox[1].body and third.username in mailoutbox[1].body


def test_attacker_text_never_reaches_a_subject(client, clock, system_lead, mailoutbox):
    _lock(client, ATTACKER_TEXT)
    assert [m.subject for m in mailoutbox] == [SUBJECT]
    assert ATTACKER_TEXT not in mailoutbox[0].body
    assert "存在しないログインID: 1 件（1 種類）" in mailoutbox[0].body
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKOUT)
    assert event.login_id == ATTACKER_TEXT and event.user is None  # kept for the investigation


def test_a_lock_is_one_event_however_often_it_is_hit(clock, system_lead, mailoutbox):
    assert lockout_record(login_id="Yamada") is not None
    assert lockout_record(login_id="yamada") is None
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT).count() == 1


def test_beat_sends_the_digest_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["security-alerts-send"]
    assert entry["schedule"] == 60 and entry["task"] in app.tasks

