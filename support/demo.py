"""Demo inquiries in every state of the desk's workflow, with Japanese threads, so the desk and the console are
alive on the first run. Made through the same services (and, for emails, the same intake) people use, then each
step is moved to a moment in the past business days. Idempotent: a ticket is keyed by its admin and subject,
an email by its Message-ID."""

from datetime import datetime, time, timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from members.matching.text import tidy
from members.models import User
from ops.calendar import TOKYO, add_business_days, business_minutes_between

from . import sla
from .models import CannedReply, Ticket, TicketEntry
from .services import intake, reminders
from .services import tickets as services
from .services.canned import canned_reply_save

RETIMED = ("first_responded_at", "answered_at", "paused_since", "confirmation_requested_at",
           "confirmation_reminded_at", "closed_at", "escalated_at")

CANNED = [
    ("受付のご連絡（調査中）", "お問い合わせありがとうございます。\n現在、内容を確認しております。回答まで今しばらくお待ちください。"),
    ("パスワード再設定のご案内", "ログイン画面の「パスワードを忘れた方」から再設定できます。\n"
                        "再設定メールが届かない場合は、迷惑メールフォルダと受信拒否設定（bigadvance.example.jp）をご確認ください。"),
    ("ブラウザのキャッシュ削除のお願い", "お手数ですが、ブラウザのキャッシュを削除してから再度お試しください。\n"
                             "Microsoft Edge の場合：設定 →「プライバシー、検索、サービス」→「閲覧データをクリア」"),
]


def _user(login_id: str) -> User:
    return User.objects.unscoped("demo seed").select_related("institution").get(username__iexact=login_id)


def _moment(days_ago: int, clock: str) -> datetime:
    day = add_business_days(timezone.localdate(), -days_ago) if days_ago else timezone.localdate()
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


def _email(admin: User, subject: str, body: str, message_id: str, at: datetime, reply_to: str = "") -> bytes:
    message = MIMEText(body, "plain", "iso-2022-jp")
    message["From"] = formataddr((str(Header(admin.full_name, "iso-2022-jp")), admin.email))
    message["To"] = "support@bigadvance.example.jp"
    message["Subject"] = Header(subject, "iso-2022-jp")
    message["Date"] = format_datetime(at)
    message["Message-ID"] = message_id
    if reply_to:
        message["In-Reply-To"] = message["References"] = reply_to
    return message.as_bytes()


class _Thread:
    """One demo ticket: each step runs through a service, then its entries and timestamps move to `at`."""

    def __init__(self, ticket: Ticket):
        self.ticket = ticket

    def step(self, at: datetime, action) -> "_Thread":
        before = Ticket.objects.unscoped("demo seed").get(pk=self.ticket.pk)
        last = TicketEntry.objects.unscoped("demo seed").filter(ticket=before).aggregate(last=Max("pk"))["last"]
        action(Ticket.objects.unscoped("demo seed").get(pk=self.ticket.pk))
        self._retime(before, last or 0, at)
        return self

    def _retime(self, before: Ticket, last_entry: int, at: datetime) -> None:
        TicketEntry.objects.unscoped("demo seed").filter(ticket=before, pk__gt=last_entry).update(created_at=at)
        ticket = Ticket.objects.unscoped("demo seed").get(pk=before.pk)
        for field in RETIMED:
            if getattr(ticket, field) is not None and getattr(ticket, field) != getattr(before, field):
                setattr(ticket, field, at)
        if before.paused_since is not None and ticket.paused_since is None:  # the wait ended at `at`
            ticket.paused_minutes = before.paused_minutes + business_minutes_between(before.paused_since, at)
        sla.schedule(ticket)
        ticket.save()
        self.ticket = ticket


def _existing(admin: User, subject: str) -> bool:
    return Ticket.objects.unscoped("demo seed").filter(requester=admin, subject=tidy(subject)).exists()


def _by_email(admin: User, subject: str, body: str, key: str, at: datetime) -> _Thread:
    raw = _email(admin, subject, body, f"<demo-{key}@{admin.email.split('@')[1]}>", at)
    return _Thread(intake.inbound_mail_process(raw=raw, received_at=at).record.ticket)


def _by_web(admin: User, subject: str, body: str, at: datetime) -> _Thread:
    ticket = services.ticket_open(actor=admin, subject=subject, body=body)
    Ticket.objects.unscoped("demo seed").filter(pk=ticket.pk).update(received_at=at)
    thread = _Thread(ticket)
    thread._retime(ticket, 0, at)
    return thread


def _email_reply(admin: User, thread: _Thread, body: str, key: str, at: datetime) -> None:
    last_ours = (TicketEntry.objects.unscoped("demo seed").filter(ticket=thread.ticket).exclude(message_id="")
                 .order_by("-pk").values_list("message_id", flat=True).first())
    raw = _email(admin, f"Re: [{thread.ticket.reference}] {thread.ticket.subject}", body,
                 f"<demo-{key}@{admin.email.split('@')[1]}>", at, reply_to=last_ours or "")
    thread.step(at, lambda ticket: intake.inbound_mail_process(raw=raw, received_at=at))


def _reply(staff: User, kind: str, body: str, **extra):
    return lambda ticket: services.ticket_reply(ticket=ticket, actor=staff, kind=kind, body=body, **extra)


@transaction.atomic
def seed() -> None:
    support, lead = _user("support"), _user("syslead")
    bank, shinkin = _user("demo-bank-admin"), _user("demo-shinkin-admin")
    kumiai = (User.objects.unscoped("demo seed").filter(username__iexact="demo-kumiai-admin").first()
              or shinkin)  # the third FI comes with the matching demo
    for title, body in CANNED:
        if not CannedReply.objects.filter(title=tidy(title)).exists():
            canned_reply_save(actor=support, title=title, body=body)

    # New, past its first-response target (breached): an email received two business days ago.
    subject = "会員企業のCSV一括登録でエラーになります"
    if not _existing(bank, subject):
        _by_email(bank, subject, "Big Advance ご担当者様\n\nいつもお世話になっております。デモ銀行の山田です。\n"
                  "管理画面から会員企業をCSVで一括登録しようとしたところ、「3行目: 業種を選んでください」と表示され、"
                  "登録できません。業種欄には「金属製品製造業」と入力しています。\n正しい入力方法を教えてください。",
                  "csv-1", _moment(2, "16:40"))

    # New, just arrived through the console.
    subject = "お知らせメールの差出人名を変更したい"
    if not _existing(shinkin, subject):
        _by_web(shinkin, subject, "会員企業向けのお知らせメールの差出人名を「サンプル信用金庫 Big Advance 事務局」に"
                "変更することはできますか。", timezone.now() - timedelta(minutes=20))

    # First response sent (一次回答) with the expected answer date: a phone call yesterday.
    subject = "アクセスログのダウンロードが途中で止まる"
    if not _existing(kumiai, subject):
        received = _moment(1, "11:20")
        thread = _Thread(services.ticket_log_phone(
            actor=support, requester=kumiai, received_at=received, priority="high", subject=subject,
            body="1年分のアクセスログをダウンロードすると、途中で止まってファイルが壊れるとのお電話。\n"
                 "3か月分なら正常にダウンロードできる。ブラウザは Edge。"))
        thread._retime(thread.ticket, 0, received)
        thread.step(_moment(1, "13:05"), _reply(
            support, "first_response", "お電話ありがとうございました。大きな期間のダウンロードで処理が打ち切られている可能性があり、"
            "調査いたします。回答予定日までにご連絡いたします。", expected_answer_on=add_business_days(timezone.localdate(), 2)))

    # In progress: the admin added details by email, the desk sent an update.
    subject = "承認待ちの商談が一覧に表示されない"
    if not _existing(bank, subject):
        thread = _by_email(bank, subject, "商談の承認待ち一覧に、メールで通知された商談が表示されません。\n"
                           "通知メールの商談番号は 12 です。", "deal-1", _moment(3, "10:15"))
        thread.step(_moment(3, "11:00"), _reply(support, "first_response",
                                                "確認いたします。画面の表示条件を調査のうえ回答いたします。",
                                                expected_answer_on=add_business_days(timezone.localdate(), 1)))
        _email_reply(bank, thread, "補足です。別の担当者のアカウントでも同じ状態です。\n\n> 確認いたします。", "deal-2",
                     _moment(2, "09:30"))
        thread.step(_moment(2, "14:20"), lambda ticket: services.ticket_note(
            ticket=ticket, actor=support, body="商談12は申込先の金融機関の承認待ち。表示条件の仕様どおりか開発に確認中。"))
        thread.step(_moment(1, "15:10"), _reply(support, "update", "申込先の金融機関の承認が済むまで、貴行の一覧には"
                                                "「申込先の承認待ち」として表示される仕様か確認しております。明日中にご連絡します。"))

    # Answered (the desk waits for the admin; the clock is stopped).
    subject = "ユーザーIDの一括停止の方法"
    if not _existing(shinkin, subject):
        thread = _by_web(shinkin, subject, "退職者のユーザーIDをまとめて停止する方法はありますか。", _moment(2, "13:00"))
        thread.step(_moment(1, "10:40"), _reply(support, "answer", "現在、ユーザーIDの停止は1件ずつ行っていただく必要が"
                                                "あります。管理画面の「ユーザーID」から対象のIDを開き「停止する」を押してください。"))

    # Waiting for the admin's confirmation, reminded once (never closed by itself).
    subject = "メンテナンス通知の宛先を追加したい"
    if not _existing(bank, subject):
        thread = _by_email(bank, subject, "メンテナンスのお知らせを、システム部の共有アドレスにも送ってほしいです。\n"
                           "system@demo-bank.example.jp", "maint-1", _moment(6, "10:05"))
        thread.step(_moment(6, "11:30"), _reply(support, "answer", "ご指定のアドレスをメンテナンス連絡先に登録しました。"
                                                "次回のお知らせから届きます。", request_confirmation=True))
        thread.step(_moment(2, "10:00"), lambda ticket: _remind(ticket))

    # Reopened ("not solved"), escalated to the system lead.
    subject = "会員企業の業種コードが古い分類のまま"
    if not _existing(kumiai, subject):
        thread = _by_web(kumiai, subject, "一部の会員企業の業種が、古い分類のまま表示されています。", _moment(5, "14:00"))
        thread.step(_moment(5, "15:30"), _reply(support, "answer", "プロフィール画面で業種を選び直すと新しい分類になります。",
                                                request_confirmation=True))
        thread.step(_moment(3, "10:20"), lambda ticket: services.ticket_reopen(
            ticket=ticket, actor=kumiai, reason="会員企業が200社以上あり、1社ずつ選び直すのは難しいです。一括で変換できませんか。"))
        thread.step(_moment(3, "11:00"), lambda ticket: services.ticket_escalate(
            ticket=ticket, actor=support, note="一括変換の可否について、データ移行の判断をお願いします。"))
        thread.step(_moment(3, "11:05"), lambda ticket: services.ticket_assign(ticket=ticket, actor=support,
                                                                              assignee=lead))

    # Closed: answered and confirmed by the admin's email reply 「解決」.
    subject = "パスワード再設定メールが届かない"
    if not _existing(shinkin, subject):
        thread = _by_email(shinkin, subject, "会員企業のユーザーから、パスワード再設定メールが届かないと連絡がありました。",
                           "pw-1", _moment(8, "09:12"))
        thread.step(_moment(8, "10:30"), _reply(support, "answer", CANNED[1][1], request_confirmation=True))
        _email_reply(shinkin, thread, "解決\n\n迷惑メールフォルダに入っていました。ありがとうございました。", "pw-2",
                     _moment(7, "16:45"))

    # A member wrote to the desk: redirected to its bank, no ticket (SUP-1).
    member = _user("demo-bank-member")
    intake.inbound_mail_process(raw=_email(member, "ログインできません", "パスワードを忘れてしまいました。",
                                           "<demo-member-1@hokuto-seiki.example.jp>", _moment(1, "19:30")),
                                received_at=_moment(1, "19:30"))


def _remind(ticket: Ticket) -> None:
    reminders.ticket_remind_unconfirmed(ticket.pk, today=timezone.localdate(), days=0, now=timezone.now())
