"""Extra headers on an outbox email (threading, Reply-To, Auto-Submitted): stored with the row, applied on send."""

import pytest

from ops import notifications
from ops.models import EmailLog

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {"user": {"full_name": "山田", "get_username": "yamada"}, "protocol": "https", "domain": "ba.example.jp",
           "uid": "MQ", "token": "t"}


def test_headers_are_kept_on_the_row_and_sent(mailoutbox):
    headers = {"Message-ID": "<ticket-1.abc@bigadvance.example.jp>", "In-Reply-To": "<q@fi.example.jp>",
               "References": "<q@fi.example.jp>", "Reply-To": "サポートデスク <support@bigadvance.example.jp>",
               "Auto-Submitted": "auto-replied"}
    notifications.notification_send(template="password_reset", recipients=["a@fi.example.jp"], category="test",
                                    context=CONTEXT, headers=headers)
    assert EmailLog.objects.get().headers == headers
    [message] = mailoutbox
    sent = message.message()
    assert sent["Message-ID"] == "<ticket-1.abc@bigadvance.example.jp>"
    assert sent["In-Reply-To"] == "<q@fi.example.jp>" and sent["Auto-Submitted"] == "auto-replied"
    assert "support@bigadvance.example.jp" in sent["Reply-To"]


def test_without_headers_nothing_changes(mailoutbox):
    notifications.notification_send(template="password_reset", recipients=["a@fi.example.jp"], category="test",
                                    context=CONTEXT)
    assert EmailLog.objects.get().headers == {}
    assert mailoutbox[0].message()["Message-ID"]  # Django's own


def test_one_message_id_is_never_shared_by_two_recipients():
    with pytest.raises(ValueError):
        notifications.notification_send(template="password_reset", recipients=["a@x.jp", "b@x.jp"],
                                        category="test", context=CONTEXT, headers={"Message-ID": "<m@x.jp>"})
    with pytest.raises(ValueError):
        notifications.notification_send(template="password_reset", recipients=["a@x.jp"], category="test",
                                        context=CONTEXT, headers={"Subject": "x\r\nBcc: y@z.jp"})
    assert not EmailLog.objects.exists()
