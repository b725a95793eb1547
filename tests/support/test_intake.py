"""Email intake (SUP-1, SUP-2): who gets a ticket, who gets the redirect, threading, Japanese decoding, and
exactly-once processing even when the intake crashes midway."""

from email.header import Header

import pytest
from django.db import transaction

from members.models import Role
from support import mailparse
from support.models import Channel, InboundMail, Ticket, TicketAttachment, TicketEntry, TicketStatus
from support.services import intake
from support.services import tickets as ticket_services
from tests.factories import FIAdminFactory, UserFactory

from .helpers import PDF_BYTES, eml, outbox

pytestmark = pytest.mark.django_db

Outcome = InboundMail.Outcome


def tickets():
    return Ticket.objects.unscoped("test")


def process(raw: bytes):
    return intake.inbound_mail_process(raw=raw)


@pytest.mark.req("SUP-1")
def test_a_members_email_gets_the_japanese_redirect_and_no_ticket(member):
    result = process(eml(sender=member.email, subject="ログインできません", body="パスワードを忘れました。"))
    assert result.record.outcome == Outcome.REDIRECTED and not tickets().exists()
    [reply] = outbox("support_redirect")
    assert reply.recipient == member.email
    assert "お取引の金融機関" in reply.body and member.institution.name in reply.body
    assert reply.headers["Auto-Submitted"] == "auto-replied"
    assert reply.headers["In-Reply-To"] == result.record.message_id


@pytest.mark.req("SUP-1")
def test_an_unknown_sender_is_redirected_once_per_interval_and_automatic_mail_never(db):
    for n in range(3):
        process(eml(sender="someone@example.com", subject=f"質問{n}", body="教えてください"))
    assert len(outbox("support_redirect")) == 1  # rate-limited: no mail loop with an auto-responder
    process(eml(sender="vacation@example.com", subject="不在", body="不在です",
                headers={"Auto-Submitted": "auto-replied"}))
    process(eml(sender="news@example.com", subject="お知らせ", body="一括", headers={"Precedence": "bulk"}))
    process(eml(sender="MAILER-DAEMON@mx.example.com", subject="Undelivered", body="bounce"))
    assert len(outbox("support_redirect")) == 1 and not tickets().exists()
    assert InboundMail.objects.filter(outcome=Outcome.IGNORED).count() == 5


@pytest.mark.req("SUP-1")
@pytest.mark.req("SUP-2")
def test_an_fi_admins_email_opens_a_ticket_for_that_admins_fi(fi_admin, support_staff):
    result = process(eml(sender=fi_admin.email.upper(), subject="CSV出力について",
                         body="会員企業一覧のCSVが文字化けします。"))
    ticket = tickets().get()
    assert result.record.outcome == Outcome.TICKET_CREATED and result.record.ticket == ticket
    assert (ticket.institution, ticket.requester, ticket.channel) == (fi_admin.institution, fi_admin, Channel.EMAIL)
    assert ticket.subject == "CSV出力について" and ticket.received_at is not None
    [ack] = outbox("support_received", fi_admin.email)
    assert f"[{ticket.reference}]" in ack.subject
    assert ack.headers["In-Reply-To"] == result.record.message_id  # threaded under the admin's email
    assert ack.headers["Auto-Submitted"] == "auto-replied"
    assert outbox("support_staff_update", support_staff.email)  # the desk hears of it


@pytest.mark.req("SUP-2")
def test_a_reply_lands_in_the_same_ticket_by_its_thread_or_by_the_subject_tag(fi_admin):
    first = process(eml(sender=fi_admin.email, subject="承認画面", body="承認ボタンが押せません。"))
    ticket = first.record.ticket
    ack = outbox("support_received")[0]
    process(eml(sender=fi_admin.email, subject=f"Re: {ack.subject}", body="補足です。Chromeです。\n\n> 元のメール",
                in_reply_to=ack.headers["Message-ID"], references=ack.headers["References"]))
    process(eml(sender=fi_admin.email, subject=f"RE: [{ticket.reference}] 件名を変えました", body="もう一点あります。"))
    assert tickets().count() == 1
    messages = TicketEntry.objects.unscoped("test").filter(ticket=ticket, kind=TicketEntry.Kind.ADMIN_MESSAGE)
    assert [m.body for m in messages] == ["補足です。Chromeです。", "もう一点あります。"]  # quoted text dropped


@pytest.mark.req("SUP-1")
def test_another_banks_admin_cannot_write_into_a_ticket_by_naming_it(fi_admin, other_fi_admin):
    ticket = process(eml(sender=fi_admin.email, subject="質問", body="内容")).record.ticket
    ack = outbox("support_received")[0]
    process(eml(sender=other_fi_admin.email, subject=f"Re: [{ticket.reference}] 質問", body="割り込み",
                in_reply_to=ack.headers["Message-ID"]))
    assert tickets().count() == 2
    other = tickets().exclude(pk=ticket.pk).get()
    assert other.institution == other_fi_admin.institution and other.requester == other_fi_admin
    assert not TicketEntry.objects.unscoped("test").filter(ticket=ticket, body__contains="割り込み").exists()


@pytest.mark.req("SUP-2")
@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "utf-8"])
def test_japanese_mail_and_attachment_names_are_stored_intact(fi_admin, charset):
    body = "お世話になっております。\n帳票の出力でエラーになります。\n添付の画面をご確認ください。"
    raw = eml(sender=f"山田 <{fi_admin.email}>", subject="【至急】帳票出力エラーのご相談", body=body,
              charset=charset, attachments=[("エラー画面_2026年7月.pdf", PDF_BYTES)])
    assert charset.upper().replace("_", "-") in raw.decode("ascii", "replace").upper().replace("_", "-")
    process(raw)
    ticket = tickets().get()
    inquiry = TicketEntry.objects.unscoped("test").get(ticket=ticket, kind=TicketEntry.Kind.INQUIRY)
    assert ticket.subject == "【至急】帳票出力エラーのご相談"
    assert inquiry.body == body
    [attachment] = TicketAttachment.objects.unscoped("test").filter(ticket=ticket)
    assert attachment.original_name == "エラー画面_2026年7月.pdf" and attachment.entry == inquiry
    assert attachment.file.read() == PDF_BYTES


@pytest.mark.req("SUP-2")
def test_cp932_characters_in_mail_labelled_shift_jis_survive(fi_admin):
    raw = eml(sender=fi_admin.email, subject="①の件", body="㈱テスト　①②③", charset="cp932")
    raw = raw.replace(b'charset="cp932"', b'charset="Shift_JIS"').replace(b"=?cp932?", b"=?Shift_JIS?")
    parsed = mailparse.parse(raw)
    assert (parsed.subject, parsed.text) == ("①の件", "㈱テスト　①②③")
    process(raw)
    inquiry = TicketEntry.objects.unscoped("test").get(kind=TicketEntry.Kind.INQUIRY)
    assert inquiry.body == "(株)テスト 123"  # stored as typed text is: NFKC (UI guide)


@pytest.mark.req("SUP-2")
def test_encoded_word_file_names_as_japanese_mailers_send_them():
    name = "見積書（改訂）.pdf"
    encoded = Header(name, "iso-2022-jp").encode()
    raw = (f"From: a@b.jp\r\nSubject: {Header('件名', 'iso-2022-jp').encode()}\r\nMessage-ID: <x1@b.jp>\r\n"
           f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
           f"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\nhello\r\n--XX\r\n"
           f"Content-Type: application/pdf; name=\"{encoded}\"\r\n"
           f"Content-Disposition: attachment; filename=\"{encoded}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           f"JVBERi0xLjQK\r\n--XX--\r\n").encode("ascii")
    parsed = mailparse.parse(raw)
    assert [a.name for a in parsed.attachments] == [name] and parsed.attachments[0].content == b"%PDF-1.4\n"
    assert parsed.subject == "件名"


@pytest.mark.req("SUP-2")
def test_a_file_the_desk_does_not_accept_is_noted_not_stored(fi_admin):
    process(eml(sender=fi_admin.email, subject="ログ", body="ログを送ります。",
                attachments=[("tool.exe", b"MZ\x90\x00binary")]))
    inquiry = TicketEntry.objects.unscoped("test").get(kind=TicketEntry.Kind.INQUIRY)
    assert "tool.exe" in inquiry.body and not TicketAttachment.objects.unscoped("test").exists()


@pytest.mark.req("SUP-2")
def test_the_same_message_twice_creates_nothing_new(fi_admin, member):
    messages = [eml(sender=fi_admin.email, subject="一件目", body="内容"),
                eml(sender=member.email, subject="会員から", body="内容")]
    for raw in messages:
        assert process(raw).new
    counts = (tickets().count(), TicketEntry.objects.unscoped("test").count(), len(outbox()))
    for raw in messages:
        assert not process(raw).new
    assert (tickets().count(), TicketEntry.objects.unscoped("test").count(), len(outbox())) == counts


@pytest.mark.req("SUP-2")
def test_a_crash_midway_leaves_nothing_and_the_rerun_processes_the_message(fi_admin, monkeypatch):
    raw = eml(sender=fi_admin.email, subject="途中で落ちる", body="内容")
    real = ticket_services.outgoing.staff_update

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(ticket_services.outgoing, "staff_update", crash)
    with pytest.raises(RuntimeError):
        process(raw)
    assert not tickets().exists() and not InboundMail.objects.exists() and not outbox()
    monkeypatch.setattr(ticket_services.outgoing, "staff_update", real)
    assert process(raw).new and tickets().count() == 1 and not process(raw).new


@pytest.mark.req("SUP-2")
def test_two_intakes_cannot_both_record_one_message(fi_admin):
    raw = eml(sender=fi_admin.email, subject="同時", body="内容")
    parsed = mailparse.parse(raw)
    InboundMail.objects.create(message_id=parsed.message_id, received_at=parsed.date, outcome=Outcome.REPLY_ADDED)
    with transaction.atomic():
        assert not process(raw).new
    assert not tickets().exists()


@pytest.mark.req("SUP-4")
def test_replying_with_a_confirmation_closes_and_anything_else_reopens(fi_admin, support_staff):
    ticket = process(eml(sender=fi_admin.email, subject="設定", body="設定方法を教えてください。")).record.ticket
    ticket_services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="設定画面から変更できます。",
                                 request_confirmation=True)
    answer = outbox("support_reply")[0]
    process(eml(sender=fi_admin.email, subject=f"Re: {answer.subject}", body="まだ変更できません。\n> 設定画面から",
                in_reply_to=answer.headers["Message-ID"]))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.closed_at is None
    ticket_services.ticket_reply(ticket=ticket, actor=support_staff, kind="answer", body="権限の設定が必要です。",
                                 request_confirmation=True)
    answer = outbox("support_reply")[-1]
    result = process(eml(sender=fi_admin.email, subject=f"Re: {answer.subject}", body="解決\n\n> 権限の設定が必要です。",
                         in_reply_to=answer.headers["Message-ID"]))
    ticket.refresh_from_db()
    assert result.record.outcome == Outcome.CONFIRMED
    assert ticket.status == TicketStatus.CLOSED and ticket.closed_by == fi_admin


def test_confirmation_words_are_read_from_the_first_new_line_only():
    assert intake.is_confirmation("解決しました。\n\n> 以前の回答")
    assert intake.is_confirmation("　解決　\r\nありがとうございました")
    assert not intake.is_confirmation("解決していません。\n")
    assert not intake.is_confirmation("ありがとうございます。解決しました。")  # needs the first line, as asked
    assert not intake.is_confirmation("> 解決\n")


def test_an_inactive_or_ended_admin_is_not_the_desks_business(bank):
    former = FIAdminFactory(institution=bank, is_active=False)
    process(eml(sender=former.email, subject="質問", body="内容"))
    assert not tickets().exists() and outbox("support_redirect")
    assert UserFactory._meta.model.objects.unscoped("test").filter(role=Role.FI_ADMIN).count() == 1
