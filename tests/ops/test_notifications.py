"""The outbound email path: one message per recipient, logged, delivered by the worker after commit and outside
any transaction, retried with backoff, then failed and shown; never lost when the broker or a process fails."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ops import monitoring_checks, notifications
from ops.calendar import TOKYO
from ops.models import EmailLog
from ops.selectors.overview import mail_overview
from ops.tasks.emails import emails_deliver_task

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = ["a@fi1.example.jp", "B@FI2.example.jp", "a@fi1.example.jp", " "]
NOON = datetime(2026, 6, 2, 12, 0, tzinfo=TOKYO)
RESET_CONTEXT = {"user": {"full_name": "山田", "get_username": "yamada"}, "protocol": "https",
                 "domain": "ba.example.jp", "uid": "MQ", "token": "set-password"}


def _send(**kwargs):
    return notifications.notification_send(template="password_reset", recipients=RECIPIENTS, category="test",
                                           context=RESET_CONTEXT, **kwargs)


def test_each_recipient_gets_their_own_logged_message(mailoutbox):
    _send(reference="ref-1")
    assert sorted(m.to[0] for m in mailoutbox) == ["a@fi1.example.jp", "b@fi2.example.jp"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    assert set(EmailLog.objects.values_list("status", flat=True)) == {EmailLog.Status.SENT}


def test_a_rolled_back_change_sends_nothing(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        _send()
        raise RuntimeError("the change failed")
    assert mailoutbox == [] and not EmailLog.objects.exists()


def test_emails_leave_only_after_the_commit(mailoutbox):
    with transaction.atomic():
        _send()
        assert mailoutbox == []
    assert len(mailoutbox) == 2


def test_the_caller_only_queues_the_worker_sends(mailoutbox, monkeypatch):
    queued = []
    monkeypatch.setattr(emails_deliver_task, "delay", lambda ids: queued.append(ids))
    logs = _send()
    assert mailoutbox == [] and queued == [[log.pk for log in logs]]
    assert set(EmailLog.objects.values_list("status", flat=True)) == {EmailLog.Status.PENDING}
    emails_deliver_task(queued[0])  # what the worker runs
    assert len(mailoutbox) == 2
    emails_deliver_task(queued[0])  # a redelivered task message sends nothing twice
    assert len(mailoutbox) == 2


def test_a_password_reset_request_does_not_send_mail_itself(client, member, mailoutbox, monkeypatch):
    queued = []
    monkeypatch.setattr(emails_deliver_task, "delay", lambda ids: queued.append(ids))
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302 and mailoutbox == []
    log = EmailLog.objects.get()
    assert log.status == EmailLog.Status.PENDING and log.recipient == member.email and queued == [[log.pk]]
    emails_deliver_task(queued[0])
    assert [m.to for m in mailoutbox] == [[member.email]] and "パスワード再設定" in mailoutbox[0].subject


def test_delivery_happens_outside_any_transaction(monkeypatch, mailoutbox):
    seen = []
    real_send = notifications.EmailMessage.send

    def send(message, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.EmailMessage, "send", send)
    _send()
    notifications.notifications_send_due()
    assert seen == [False, False]


def test_with_the_broker_down_the_emails_wait_for_beats_sweep(broker_down, mailoutbox):
    _send()
    assert mailoutbox == []
    assert set(EmailLog.objects.values_list("status", flat=True)) == {EmailLog.Status.PENDING}
    assert notifications.notifications_send_due() == 2
    assert notifications.notifications_send_due() == 0
    assert len(mailoutbox) == 2


def test_a_failed_send_is_retried_with_backoff_then_marked_failed(settings, smtp, mailoutbox, time_machine):
    settings.EMAIL_MAX_ATTEMPTS, settings.EMAIL_RETRY_DELAYS = 3, [60, 600]
    smtp["a@fi1.example.jp"] = [ConnectionRefusedError("smtp down")]
    time_machine.move_to(NOON, tick=False)
    _send()
    assert [m.to for m in mailoutbox] == [["b@fi2.example.jp"]]  # the others still get theirs
    failing = EmailLog.objects.get(recipient="a@fi1.example.jp")
    assert (failing.status, failing.attempts) == (EmailLog.Status.PENDING, 1)
    assert failing.scheduled_for == NOON + timedelta(seconds=60) and "smtp down" in failing.error

    time_machine.move_to(NOON + timedelta(seconds=59), tick=False)
    assert notifications.notifications_send_due() == 0
    time_machine.move_to(NOON + timedelta(seconds=60), tick=False)
    assert notifications.notifications_send_due() == 1
    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == (EmailLog.Status.PENDING, 2)
    assert failing.scheduled_for == NOON + timedelta(seconds=660)

    time_machine.move_to(NOON + timedelta(seconds=660), tick=False)
    assert notifications.notifications_send_due() == 1
    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == (EmailLog.Status.FAILED, 3)
    time_machine.move_to(NOON + timedelta(days=1), tick=False)
    assert notifications.notifications_send_due() == 0
    assert len(mailoutbox) == 1


def test_a_server_that_recovers_gets_the_email_on_the_retry(settings, smtp, mailoutbox, time_machine):
    settings.EMAIL_RETRY_DELAYS = [120]
    smtp["a@fi1.example.jp"] = [TimeoutError("timed out"), None]
    time_machine.move_to(NOON, tick=False)
    _send()
    time_machine.move_to(NOON + timedelta(minutes=2), tick=False)
    assert notifications.notifications_send_due() == 1
    log = EmailLog.objects.get(recipient="a@fi1.example.jp")
    assert (log.status, log.attempts, log.error) == (EmailLog.Status.SENT, 2, "")
    assert sorted(m.to[0] for m in mailoutbox) == ["a@fi1.example.jp", "b@fi2.example.jp"]


def test_an_email_claimed_by_a_process_that_died_is_sent_after_its_lease(mailoutbox, time_machine, broker_down):
    time_machine.move_to(NOON, tick=False)
    log = _send()[0]
    assert notifications._claim(log.pk) is not None  # the process claimed it, then died before sending
    assert notifications.notifications_send_due() == 1  # only the other one
    time_machine.move_to(NOON + notifications.LEASE, tick=False)
    assert notifications.notifications_send_due() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["a@fi1.example.jp", "b@fi2.example.jp"]


@pytest.fixture
def failed_email(settings, smtp, time_machine):
    settings.EMAIL_MAX_ATTEMPTS = 1
    smtp["a@fi1.example.jp"] = [ConnectionRefusedError("smtp down")]
    time_machine.move_to(NOON, tick=False)
    _send()
    time_machine.move_to(NOON + timedelta(days=2), tick=False)  # long after any monitoring interval
    return EmailLog.objects.get(recipient="a@fi1.example.jp", status=EmailLog.Status.FAILED)


@pytest.mark.req("MON-1")
def test_failed_emails_fail_monitoring_and_show_on_the_operations_home(failed_email, client, operator):
    assert monitoring_checks.check_jobs() == (False, "failed emails 1, stuck emails 0")
    client.force_login(operator)
    page = client.get("/operations/").content.decode()
    assert "送信失敗 1 件" in page and "送信に失敗したメール" in page
    assert "a@fi1.example.jp" in page and "ConnectionRefusedError: smtp down" in page


def test_the_mail_panel_costs_one_query(failed_email, django_assert_num_queries):
    with django_assert_num_queries(1):
        overview = mail_overview()
    assert (overview["failed_email_count"], overview["pending_email_count"]) == (1, 0)


def test_an_operator_retries_or_cancels_failed_emails(failed_email, smtp, mailoutbox, capsys):
    call_command("emails", "failed")
    assert f"#{failed_email.pk}" in capsys.readouterr().out
    smtp.clear()  # the server is fixed
    call_command("emails", "retry")
    failed_email.refresh_from_db()
    assert failed_email.status == EmailLog.Status.SENT
    assert [m.to for m in mailoutbox][-1] == ["a@fi1.example.jp"]
    assert monitoring_checks.check_jobs()[0] is True


def test_cancelling_a_failed_email_clears_the_alarm(failed_email):
    call_command("emails", "cancel", str(failed_email.pk))
    failed_email.refresh_from_db()
    assert failed_email.status == EmailLog.Status.CANCELLED
    assert monitoring_checks.check_jobs()[0] is True


def test_the_command_refuses_ids_of_emails_that_did_not_fail(failed_email):
    sent = EmailLog.objects.get(status=EmailLog.Status.SENT)
    with pytest.raises(CommandError, match="送信失敗のメールではありません"):
        call_command("emails", "cancel", str(sent.pk))
    sent.refresh_from_db()
    assert sent.status == EmailLog.Status.SENT and len(mail.outbox) == 1
