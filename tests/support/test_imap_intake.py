"""The intake against a real IMAP server (Debian's dovecot, started by the fixture): messages become tickets
once, are moved out of the inbox after their commit, and a crash between the two repeats nothing (SUP-2)."""

import imaplib
import time

import pytest
from django.core.management import call_command

from support import imap
from support.models import InboundMail, Ticket, TicketAttachment
from support.tasks import support_mail_fetch_task

from .helpers import PDF_BYTES, eml, outbox

pytestmark = [pytest.mark.django_db]


def _client(server) -> imaplib.IMAP4:
    client = imaplib.IMAP4(server["host"], server["port"])
    client.login(server["user"], server["password"])
    return client


def deliver(server, *messages: bytes, folder: str = "INBOX") -> None:
    client = _client(server)
    try:
        for raw in messages:
            status, _data = client.append(folder, None, imaplib.Time2Internaldate(time.time()), raw)
            assert status == "OK"
    finally:
        client.logout()


def folder_count(server, folder: str) -> int:
    client = _client(server)
    try:
        status, data = client.select(f'"{folder}"', readonly=True)
        return int(data[0]) if status == "OK" else 0
    finally:
        client.logout()


def move_all_back(server) -> None:
    """Put every processed message back into the inbox, as if the mailbox were fed a second time."""
    client = _client(server)
    try:
        client.select('"Processed"')
        client.uid("MOVE", "1:*", "INBOX")
    finally:
        client.logout()


@pytest.fixture
def mailbox(dovecot, settings):
    settings.SUPPORT_IMAP_URL = dovecot["url"]
    return dovecot


@pytest.mark.req("SUP-1")
@pytest.mark.req("SUP-2")
def test_the_mailbox_is_read_over_imap_once(mailbox, fi_admin, member):
    deliver(mailbox,
            eml(sender=fi_admin.email, subject="【問合せ】承認メールが届かない", body="昨日から承認メールが届きません。",
                charset="iso-2022-jp", attachments=[("受信設定のスクリーンショット.pdf", PDF_BYTES)]),
            eml(sender=member.email, subject="ポータルの使い方", body="教えてください", charset="shift_jis"))
    summary = imap.mailbox_fetch()
    assert (summary.processed, summary.already_done, summary.failed) == (2, 0, 0)
    ticket = Ticket.objects.unscoped("test").get()
    assert ticket.requester == fi_admin and ticket.subject == "【問合せ】承認メールが届かない"
    assert TicketAttachment.objects.unscoped("test").get().original_name == "受信設定のスクリーンショット.pdf"
    assert ticket.received_at is not None and len(outbox("support_redirect", member.email)) == 1
    assert folder_count(mailbox, "INBOX") == 0 and folder_count(mailbox, "Processed") == 2

    move_all_back(mailbox)  # the same mailbox fed twice
    summary = imap.mailbox_fetch()
    assert (summary.processed, summary.already_done) == (0, 2)
    assert Ticket.objects.unscoped("test").count() == 1 and len(outbox("support_redirect")) == 1
    assert folder_count(mailbox, "INBOX") == 0


@pytest.mark.req("SUP-2")
def test_a_crash_after_the_commit_and_before_the_move_repeats_nothing(mailbox, fi_admin, monkeypatch):
    deliver(mailbox, eml(sender=fi_admin.email, subject="一件目", body="内容"),
            eml(sender=fi_admin.email, subject="二件目", body="内容"))
    real_move = imap._move

    def die_after_commit(client, uid, folder):
        raise ConnectionResetError("the worker died before moving the message")

    monkeypatch.setattr(imap, "_move", die_after_commit)
    with pytest.raises(ConnectionResetError):
        imap.mailbox_fetch()
    assert Ticket.objects.unscoped("test").count() == 1  # the first message committed, then the crash
    assert folder_count(mailbox, "INBOX") == 2
    monkeypatch.setattr(imap, "_move", real_move)
    summary = imap.mailbox_fetch()
    assert (summary.processed, summary.already_done) == (1, 1)
    assert sorted(Ticket.objects.unscoped("test").values_list("subject", flat=True)) == ["一件目", "二件目"]
    assert folder_count(mailbox, "INBOX") == 0 and InboundMail.objects.count() == 2


@pytest.mark.req("SUP-2")
def test_a_message_that_cannot_be_processed_is_set_aside_and_the_rest_go_on(mailbox, fi_admin, monkeypatch):
    from support.services import intake

    deliver(mailbox, eml(sender=fi_admin.email, subject="壊れたメール", body="x"),
            eml(sender=fi_admin.email, subject="正常なメール", body="y"))
    real = intake._route

    def broken(parsed, received_at):
        if parsed.subject == "壊れたメール":
            raise ValueError("cannot read this one")
        return real(parsed, received_at)

    monkeypatch.setattr(intake, "_route", broken)
    summary = imap.mailbox_fetch()
    assert (summary.processed, summary.failed) == (1, 1)
    assert folder_count(mailbox, "Failed") == 1 and folder_count(mailbox, "Processed") == 1
    failed = InboundMail.objects.get(outcome=InboundMail.Outcome.FAILED)
    assert failed.subject == "壊れたメール" and "cannot read" in failed.detail


@pytest.mark.req("SUP-2")
def test_the_beat_task_and_the_command_read_the_mailbox_on_demand(mailbox, fi_admin, capsys):
    deliver(mailbox, eml(sender=fi_admin.email, subject="タスクから", body="内容"))
    assert support_mail_fetch_task() == {"processed": 1, "already_done": 0, "failed": 0}
    deliver(mailbox, eml(sender=fi_admin.email, subject="コマンドから", body="内容"))
    call_command("fetch_support_mail")
    assert "取り込み 1 件" in capsys.readouterr().out
    assert Ticket.objects.unscoped("test").count() == 2


def test_without_a_mailbox_the_task_does_nothing_and_the_command_explains(settings):
    from django.core.management.base import CommandError

    settings.SUPPORT_IMAP_URL = ""
    assert support_mail_fetch_task() is None
    with pytest.raises(CommandError, match="SUPPORT_IMAP_URL"):
        call_command("fetch_support_mail")


@pytest.mark.django_db
def test_the_command_feeds_a_saved_email_file(fi_admin, tmp_path, capsys):
    path = tmp_path / "message.eml"
    path.write_bytes(eml(sender=fi_admin.email, subject="ファイルから", body="内容", charset="iso-2022-jp"))
    call_command("fetch_support_mail", "--file", str(path))
    call_command("fetch_support_mail", "--file", str(path))
    out = capsys.readouterr().out
    assert "新しいお問い合わせ BA-" in out and "取り込み済み" in out
    assert Ticket.objects.unscoped("test").get().subject == "ファイルから"


@pytest.mark.django_db
def test_the_sample_emails_of_the_readme_work(bank, capsys):
    from pathlib import Path

    from tests.factories import FIAdminFactory

    FIAdminFactory(institution=bank, email="admin@demo-bank.example.jp")
    samples = Path(__file__).resolve().parents[2] / "support" / "samples"
    call_command("fetch_support_mail", "--file", str(samples / "inquiry.eml"), "--file", str(samples / "member.eml"))
    out = capsys.readouterr().out
    assert "inquiry.eml: 新しいお問い合わせ BA-" in out and "member.eml: 対象外（自動返信）" in out
    assert Ticket.objects.unscoped("test").get().subject == "お知らせのPDFが表示されない"


@pytest.mark.req("SUP-2")
def test_a_server_without_move_gets_copy_and_expunge(mailbox, fi_admin, monkeypatch):
    real_uid = imaplib.IMAP4.uid

    def no_move(client, command, *args):
        if command.upper() == "MOVE":
            raise imaplib.IMAP4.error("UID command error: BAD [b'Unknown command MOVE']")
        return real_uid(client, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", no_move)
    deliver(mailbox, eml(sender=fi_admin.email, subject="MOVEなし", body="内容"))
    assert imap.mailbox_fetch().processed == 1
    assert folder_count(mailbox, "INBOX") == 0 and folder_count(mailbox, "Processed") == 1
