"""Email intake (SUP-1, SUP-2): one email from the support mailbox becomes a ticket, a reply on its ticket, the
admin's confirmation or "not solved", or an automatic redirect; exactly once.

Exactly once: the email's Message-ID is recorded (`InboundMail`, unique) in the same transaction as everything
it causes (ticket, timeline, files, outbox emails). The mailbox loop (support.imap) moves the message out of
the inbox only after that commit; a crash before the commit leaves nothing and the message is read again, a
crash after it leaves the ID recorded and the rerun only moves the message. Two intakes running at once
cannot both record one ID.

Who is answered (SUP-1): an active FI admin's email is the desk's business, matched to its ticket by the
thread (In-Reply-To / References naming one of the ticket's emails) or by the [BA-000123] tag in the subject,
always among that admin's own FI's tickets. Anyone else (members included) gets one Japanese reply pointing
them to their bank, at most once per SUPPORT_AUTOREPLY_INTERVAL_HOURS per address, and no ticket. Automatic
mail (auto-replies, bounces, bulk and list mail) is never answered and never reopens a ticket.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.deals.room import attachment_check
from members.models import Role, User
from ops.models import EmailLog
from ops.notifications import notification_send

from .. import mailparse, policies
from ..models import Channel, InboundMail, Ticket, TicketEntry
from ..models.tickets import BODY_MAX, SUBJECT_MAX
from . import tickets as ticket_services

logger = logging.getLogger(__name__)
Outcome = InboundMail.Outcome

# The first line of a reply that confirms the answer solved it (the confirmation email asks for 「解決」).
CONFIRMATION_WORDS = {"解決", "解決です", "解決しました", "解決いたしました", "解決済", "解決済み", "解決済みです",
                      "完了", "完了です", "完了してください", "完了で結構です", "完了でお願いします"}
_PUNCTUATION = re.compile(r"[\s。、．.!！,，・「」『』]")


@dataclass
class IntakeResult:
    record: InboundMail
    new: bool  # False: the Message-ID was processed before; nothing was done


def is_confirmation(text: str) -> bool:
    new_part = mailparse.unquoted(text)
    first = next((line for line in new_part.splitlines() if line.strip()), "")
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", first)) in CONFIRMATION_WORDS


def _claim(parsed: mailparse.ParsedMail, received_at: datetime) -> InboundMail | None:
    """Record the Message-ID, or None when it was processed already (a failed attempt may be retried)."""
    previous = InboundMail.objects.select_for_update().filter(message_id=parsed.message_id).first()
    if previous is not None:
        if previous.outcome != Outcome.FAILED:
            return None
        previous.delete()
    try:
        with transaction.atomic():
            return InboundMail.objects.create(message_id=parsed.message_id, sender=parsed.sender[:254],
                                              subject=parsed.subject[:255], received_at=received_at,
                                              outcome=Outcome.IGNORED)
    except IntegrityError:  # another intake recorded it a moment ago
        return None


def _admin_of(address: str) -> User | None:
    if not address:
        return None
    admin = (User.objects.unscoped("the support intake looks up who sent an email")
             .filter(email__iexact=address, role=Role.FI_ADMIN).select_related("institution").first())
    return admin if policies.may_open_inquiry(admin) else None


def _thread_ticket(parsed: mailparse.ParsedMail, admin: User) -> Ticket | None:
    """The admin's own FI's ticket this email answers: by its thread IDs, else by the subject's tag."""
    tickets = Ticket.objects.visible_to(admin)
    if parsed.thread_ids:
        entries = TicketEntry.objects.visible_to(admin).filter(message_id__in=parsed.thread_ids)
        ticket = tickets.filter(pk__in=list(entries.values_list("ticket_id", flat=True))).order_by("-pk").first()
        if ticket is not None:
            return ticket
    reference = mailparse.subject_reference(parsed.subject)
    return tickets.filter(pk=reference).first() if reference else None


def _uploads(parsed: mailparse.ParsedMail) -> tuple[list, list[str]]:
    """The files the desk keeps (checked by content like every upload) and the names of those it refused."""
    kept, refused = [], []
    for attachment in parsed.attachments:
        upload = SimpleUploadedFile(attachment.name, attachment.content, attachment.content_type)
        try:
            attachment_check(upload)
        except ValidationError:
            refused.append(attachment.name)
        else:
            kept.append(upload)
    return kept, refused


def _body(text: str, refused: list[str]) -> str:
    body = text.strip() or _("（本文なし）")
    notes = [_("添付ファイル「%(name)s」は受け付けられない形式またはサイズのため保存していません。") % {"name": name}
             for name in refused]
    body = "\n\n".join([body, *notes])
    return body if len(body) <= BODY_MAX else body[:BODY_MAX - 20] + "\n" + _("（以下省略）")


def _redirect(parsed: mailparse.ParsedMail) -> tuple[str, str]:
    """Not an FI admin: one Japanese reply pointing to their bank, never to automatic mail, rate-limited."""
    if parsed.no_auto_reply or not parsed.sender:
        return Outcome.IGNORED, _("管理者以外からの自動送信メールのため、返信していません。")
    reference = f"support:redirect:{parsed.sender}"
    since = timezone.now() - timedelta(hours=settings.SUPPORT_AUTOREPLY_INTERVAL_HOURS)
    if EmailLog.objects.filter(reference=reference, created_at__gte=since).exists():
        return Outcome.IGNORED, _("同じ差出人へは %(hours)s 時間以内に案内を返信済みです。") % {
            "hours": settings.SUPPORT_AUTOREPLY_INTERVAL_HOURS}
    member = (User.objects.unscoped("the support intake looks up who sent an email")
              .filter(email__iexact=parsed.sender, role=Role.MEMBER, is_active=True)
              .select_related("institution").first())
    headers = {"From": settings.SUPPORT_FROM_EMAIL, "Auto-Submitted": "auto-replied",
               "X-Auto-Response-Suppress": "All"}
    if not parsed.message_id.startswith("<sha256-"):
        headers.update({"In-Reply-To": parsed.message_id, "References": parsed.message_id})
    notification_send(template="support_redirect", recipients=[parsed.sender], category="support",
                      reference=reference, headers=headers,
                      context={"institution": member.institution if member else None,
                               "support_address": settings.SUPPORT_EMAIL_ADDRESS})
    return Outcome.REDIRECTED, _("会員企業ユーザーからのメール") if member else _("登録のない差出人からのメール")


def _route(parsed: mailparse.ParsedMail, received_at: datetime) -> tuple[str, Ticket | None, str]:
    if parsed.automatic:
        return Outcome.IGNORED, None, _("自動送信のメール（自動応答・配信エラー・一括配信）のため処理していません。")
    admin = _admin_of(parsed.sender)
    if admin is None:
        outcome, detail = _redirect(parsed)
        return outcome, None, detail
    uploads, refused = _uploads(parsed)
    ticket = _thread_ticket(parsed, admin)
    if ticket is None or not ticket.is_open:
        body = _body(parsed.text, refused)
        if ticket is not None:
            body = _("（完了済みのお問い合わせ %(ref)s への返信です）") % {"ref": ticket.reference} + "\n\n" + body
        subject = mailparse.bare_subject(parsed.subject)[:SUBJECT_MAX] or _("（件名なし）")
        created = ticket_services.ticket_create(requester=admin, subject=subject, body=body, channel=Channel.EMAIL,
                                                received_at=received_at, uploads=uploads,
                                                message_id=parsed.message_id)
        return Outcome.TICKET_CREATED, created, ""
    new_part = _body(mailparse.unquoted(parsed.text) or parsed.text, refused)
    common = {"ticket": ticket, "actor": admin, "channel": Channel.EMAIL, "message_id": parsed.message_id}
    if ticket.is_paused:
        if is_confirmation(parsed.text):
            ticket_services.ticket_confirm(**common)
            return Outcome.CONFIRMED, ticket, ""
        ticket_services.ticket_reopen(reason=new_part, uploads=uploads, **common)
        return Outcome.REOPENED, ticket, ""
    ticket_services.ticket_add_message(body=new_part, uploads=uploads, **common)
    return Outcome.REPLY_ADDED, ticket, ""


@transaction.atomic
def inbound_mail_process(*, raw: bytes, received_at: datetime | None = None) -> IntakeResult:
    """Process one raw email exactly once (see the module docstring)."""
    parsed = mailparse.parse(raw)
    received_at = received_at or timezone.now()
    record = _claim(parsed, received_at)
    if record is None:
        return IntakeResult(InboundMail.objects.get(message_id=parsed.message_id), new=False)
    record.outcome, record.ticket, record.detail = _route(parsed, received_at)
    record.save(update_fields=["outcome", "ticket", "detail"])
    logger.info("support mail processed message_id=%s outcome=%s ticket=%s", parsed.message_id, record.outcome,
                record.ticket_id)
    return IntakeResult(record, new=True)


@transaction.atomic
def inbound_mail_record_failure(*, raw: bytes, received_at: datetime | None, error: Exception) -> InboundMail:
    """A message the intake could not process: kept in the log for the desk; a later attempt may retry it."""
    try:
        parsed = mailparse.parse(raw)
        message_id, sender, subject = parsed.message_id, parsed.sender, parsed.subject
    except Exception:
        message_id, sender, subject = mailparse.fallback_message_id(raw), "", ""
    record, _created = InboundMail.objects.update_or_create(
        message_id=message_id, defaults={"sender": sender[:254], "subject": subject[:255], "outcome": Outcome.FAILED,
                                         "received_at": received_at or timezone.now(),
                                         "detail": f"{type(error).__name__}: {error}"[:2000]})
    return record
