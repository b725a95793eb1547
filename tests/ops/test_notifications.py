"""The outbound email path: one message per recipient, logged, sent only after commit, never lost on a
crash and never sent twice on a rerun."""

import pytest
from django.db import transaction

from ops import notifications
from ops.models import EmailLog

pytestmark = pytest.mark.django_db(transaction=True)

RECIPIENTS = ["a@fi1.example.jp", "B@FI2.example.jp", "a@fi1.example.jp", " "]


def _send(**kwargs):
    return notifications.notification_send(template="security_event", recipients=RECIPIENTS, category="test",
                                           context={"event": {"login_id": "x"}}, **kwargs)


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


def test_a_crash_after_commit_loses_nothing_and_a_rerun_sends_nothing_twice(mailoutbox, monkeypatch):
    monkeypatch.setattr(notifications, "_deliver_each", lambda ids: 0)  # the process died after commit
    _send()
    assert mailoutbox == []
    monkeypatch.undo()
    assert notifications.notifications_send_due() == 2
    assert notifications.notifications_send_due() == 0
    assert len(mailoutbox) == 2


def test_a_failed_delivery_is_recorded_and_the_others_still_go(mailoutbox, monkeypatch):
    real_send = notifications.EmailMessage.send

    def flaky(message, *args, **kwargs):
        if message.to == ["a@fi1.example.jp"]:
            raise ConnectionError("smtp down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.EmailMessage, "send", flaky)
    _send()
    failed = EmailLog.objects.get(recipient="a@fi1.example.jp")
    assert failed.status == EmailLog.Status.FAILED and "smtp down" in failed.error
    assert [m.to for m in mailoutbox] == [["b@fi2.example.jp"]]
