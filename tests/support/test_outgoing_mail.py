"""The desk's emails (SUP-2): Japanese, threaded (Message-ID / In-Reply-To / References, [BA-000123] in the
subject), from the desk's address, answers held to business hours; delivered over a real SMTP connection."""

import email
from email import policy

import pytest

from ops.models import EmailLog
from ops.notifications import emails_deliver
from support.services import intake
from support.services import tickets as services

from .helpers import at, eml, outbox

pytestmark = pytest.mark.django_db


@pytest.mark.req("SUP-2")
def test_a_reply_reaches_a_real_smtp_server_threaded_in_japanese(fi_admin, support_staff, smtp_listener,
                                                                 time_machine):
    time_machine.move_to(at("2026-07-21T11:00"), tick=False)  # a Tuesday, in business hours
    question = eml(sender=fi_admin.email, subject="CSVの文字コード", body="Excelで開くと文字化けします。",
                   charset="iso-2022-jp", message_id="<question-1@fi.example.jp>")
    ticket = intake.inbound_mail_process(raw=question).record.ticket
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer",
                          body="CSVはBOM付きUTF-8です。Excelの「データ」タブから読み込んでください。",
                          request_confirmation=True)
    assert emails_deliver(ids=[log.pk for log in outbox(recipient=fi_admin.email)]) == 2
    assert set(EmailLog.objects.filter(recipient=fi_admin.email).values_list("status", flat=True)) == {"sent"}

    received = [email.message_from_bytes(m.as_bytes(), policy=policy.default) for m in smtp_listener]
    ack, answer = sorted(received, key=lambda m: "回答" in str(m["Subject"]))
    assert str(answer["Subject"]) == f"[{ticket.reference}] お問い合わせへの回答"
    assert answer["In-Reply-To"] == "<question-1@fi.example.jp>"
    assert answer["References"].split() == ["<question-1@fi.example.jp>", ack["Message-ID"].strip()]
    assert answer["From"].addresses[0].addr_spec == "support@bigadvance.example.jp"
    assert "サポートデスク" in answer["From"].addresses[0].display_name
    assert answer["To"].addresses[0].addr_spec == fi_admin.email
    text = answer.get_body().get_content()
    assert "CSVはBOM付きUTF-8です。" in text and "本文の1行目を「解決」として返信" in text

    # The admin's reply to that email finds the ticket again by its headers.
    reply = eml(sender=fi_admin.email, subject=f"Re: {answer['Subject']}", body="解決\n> CSVは",
                in_reply_to=answer["Message-ID"], references=answer["References"] + " " + answer["Message-ID"])
    assert intake.inbound_mail_process(raw=reply).record.ticket == ticket


@pytest.mark.req("SUP-2")
def test_answers_leave_in_business_hours_and_receipts_at_once(fi_admin, support_staff, time_machine):
    time_machine.move_to(at("2026-07-17T18:30"), tick=False)  # Friday evening; Monday 20 July is 海の日
    ticket = services.ticket_open(actor=fi_admin, subject="夜間の問い合わせ", body="内容")
    [receipt] = outbox("support_received")
    assert receipt.scheduled_for == at("2026-07-17T18:30")  # reception is 24 h (SUP-2)
    services.ticket_reply(ticket=ticket, actor=support_staff, kind="update", body="確認しています。")
    [update] = outbox("support_reply")
    assert update.scheduled_for == at("2026-07-21T10:00")  # answers in business hours (SUP-2, CAL-2)
    assert update.headers["In-Reply-To"] == receipt.headers["Message-ID"]
