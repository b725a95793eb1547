"""Writes on tickets (SUP-1..4): opening by web, email or phone, the desk's replies, notes, assignment,
priority, escalation, incident links, and the admin's confirmation or "not solved".

Workflow: new -> first response sent -> in progress -> answered -> waiting for the admin's confirmation ->
closed. Only the FI admin's confirmation closes a ticket (SUP-4); nothing closes one by itself. While the desk
waits for the admin (answered, waiting for confirmation) the SLA clock stops (support.sla).
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.deals import filetypes
from members.deals.room import attachment_check
from members.matching.text import tidy
from members.models import Role, User
from ops.calendar import is_business_day, is_business_hours, to_tokyo
from ops.models import Incident

from .. import policies, sla
from ..models import Channel, Priority, ReplyKind, Ticket, TicketAttachment, TicketEntry, TicketStatus
from ..models.tickets import BODY_MAX, SUBJECT_MAX
from . import outgoing

PHONE_CLOCK_SKEW = timedelta(minutes=5)


# --- helpers -----------------------------------------------------------------------------------------------

def _text(value: str, *, field: str, limit: int, required: str | None) -> str:
    text = tidy(value)
    if field == "subject":
        text = " ".join(text.split())
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError({field: _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{limit:,}", "count": f"{len(text):,}"}})
    return text


def _locked(ticket: Ticket) -> Ticket:
    return (Ticket.objects.unscoped("a service re-reads the ticket it was handed, under a lock")
            .select_for_update(of=("self",)).select_related("requester", "assignee", "institution").get(pk=ticket.pk))


def add_entry(ticket: Ticket, kind: str, *, body: str = "", author: User | None = None, internal: bool = False,
              reply_kind: str = "", channel: str = "", message_id: str = "", at: datetime | None = None) -> TicketEntry:
    return TicketEntry.objects.create(ticket=ticket, kind=kind, body=body, author=author, is_internal=internal,
                                      reply_kind=reply_kind, channel=channel, message_id=message_id[:255],
                                      created_at=at or timezone.now())


def attach(ticket: Ticket, entry: TicketEntry, upload) -> TicketAttachment:
    """Store one checked file (members.deals.filetypes: typed by content, ≤ 10 MB) under a random name."""
    kind, name = attachment_check(upload)
    attachment = TicketAttachment(ticket=ticket, entry=entry, original_name=name, size=upload.size,
                                  content_type=filetypes.content_type_for(kind, name))
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:  # no row, no file
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _attach_all(ticket: Ticket, entry: TicketEntry, uploads: Iterable) -> None:
    for upload in uploads:
        if upload is not None:
            attach(ticket, entry, upload)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _resume(ticket: Ticket, now: datetime) -> None:
    """The admin came back: the desk works again and the clock runs (the wait is not counted)."""
    sla.resume(ticket, now)
    ticket.status = TicketStatus.IN_PROGRESS
    ticket.answered_at = None
    ticket.confirmation_requested_at = ticket.confirmation_reminded_at = None
    sla.schedule(ticket)


# --- opening ------------------------------------------------------------------------------------------------

def ticket_create(*, requester: User, subject: str, body: str, channel: str, received_at: datetime,
                  uploads: Iterable = (), logged_by: User | None = None, priority: str = Priority.NORMAL,
                  message_id: str = "") -> Ticket:
    """Record an inquiry of an FI admin (the callers check who may open one), acknowledge it, tell the desk."""
    subject = _text(subject, field="subject", limit=SUBJECT_MAX, required=_("件名を入力してください。"))
    body = _text(body, field="body", limit=BODY_MAX, required=_("お問い合わせ内容を入力してください。"))
    if priority not in Priority.values:
        raise ValidationError({"priority": _("優先度を選んでください。")})
    ticket = Ticket(institution_id=requester.institution_id, requester=requester, subject=subject, channel=channel,
                    received_at=received_at, logged_by=logged_by, priority=priority)
    sla.schedule(ticket)
    ticket.save()
    inquiry = add_entry(ticket, TicketEntry.Kind.INQUIRY, body=body, author=requester, channel=channel,
                        message_id=message_id, at=received_at)
    _attach_all(ticket, inquiry, uploads)
    if logged_by is not None:
        add_entry(ticket, TicketEntry.Kind.EVENT, author=logged_by, internal=True,
                  body=_("電話でのお問い合わせを記録しました。"))
    ack = add_entry(ticket, TicketEntry.Kind.EVENT, body=_("お問い合わせを受け付けました（受付番号 %(ref)s）。")
                    % {"ref": ticket.reference})
    outgoing.to_requester(ticket=ticket, entry=ack, template="support_received", automatic=True,
                          context={"inquiry": inquiry})
    outgoing.staff_update(ticket, "new", actor=logged_by, entry=inquiry)
    return ticket


@transaction.atomic
def ticket_open(*, actor: User, subject: str, body: str, uploads: Iterable = ()) -> Ticket:
    """An FI admin asks the desk in the console (SUP-1, SUP-2)."""
    _require(policies.may_open_inquiry(actor), _("お問い合わせは契約金融機関の管理者のみが行えます。"))
    return ticket_create(requester=actor, subject=subject, body=body, channel=Channel.WEB,
                         received_at=timezone.now(), uploads=uploads)


def phone_reception_refusal(received_at: datetime, now: datetime | None = None) -> str | None:
    """Why a call at `received_at` cannot be logged, or None: phones are answered on business days 10-17 (SUP-2)."""
    now = now or timezone.now()
    if received_at > now + PHONE_CLOCK_SKEW:
        return _("受付日時に未来の日時は指定できません。")
    if not is_business_hours(received_at):
        return _("%(at)s は電話の受付時間外です。電話でのお問い合わせは営業日の10時〜17時に受け付けます。"
                 "時間外のお問い合わせはメールでお願いしてください。") % {"at": f"{to_tokyo(received_at):%Y/%m/%d %H:%M}"}
    return None


@transaction.atomic
def ticket_log_phone(*, actor: User, requester: User, subject: str, body: str, received_at: datetime,
                     priority: str = Priority.NORMAL) -> Ticket:
    """Support staff record a call from an FI admin; a call outside reception hours is refused (SUP-2)."""
    _require(policies.may_work_desk(actor), _("電話の記録はサポート担当者が行います。"))
    if not policies.may_open_inquiry(requester):
        raise ValidationError({"requester": _("お問い合わせを受け付けるのは、契約中の金融機関の管理者です。")})
    refusal = phone_reception_refusal(received_at)
    if refusal:
        raise ValidationError({"received_at": refusal})
    return ticket_create(requester=requester, subject=subject, body=body, channel=Channel.PHONE,
                         received_at=received_at, logged_by=actor, priority=priority)


# --- the desk ------------------------------------------------------------------------------------------------

def _check_expected_date(expected: date | None, now: datetime) -> date:
    if expected is None:
        raise ValidationError({"expected_answer_on": _("回答予定日を入力してください。")})
    if expected < to_tokyo(now).date():
        raise ValidationError({"expected_answer_on": _("回答予定日には今日以降の日付を指定してください。")})
    if not is_business_day(expected):
        raise ValidationError({"expected_answer_on": _("回答予定日には営業日を指定してください（土日祝・年末年始は休業日です）。")})
    return expected


@transaction.atomic
def ticket_reply(*, ticket: Ticket, actor: User, kind: str, body: str, upload=None,
                 expected_answer_on: date | None = None, request_confirmation: bool = False) -> TicketEntry:
    """The desk writes to the admin: a first response (一次回答, with the expected answer date, SUP-3), a
    progress update, or the answer (optionally asking the admin to confirm it solved the inquiry)."""
    ticket = _locked(ticket)
    _require(policies.may_reply(actor, ticket), _("このお問い合わせには回答できません。"))
    body = _text(body, field="body", limit=BODY_MAX, required=_("本文を入力してください。"))
    now = timezone.now()
    if kind not in ReplyKind.values:
        raise ValidationError({"kind": _("連絡の種類を選んでください。")})
    if kind == ReplyKind.FIRST_RESPONSE:
        if ticket.status in Ticket.ANSWERED_STATES:
            raise ValidationError({"kind": _("回答済みのお問い合わせに一次回答は送れません。経過連絡を選んでください。")})
        ticket.expected_answer_on = _check_expected_date(expected_answer_on, now)
        ticket.status = TicketStatus.FIRST_RESPONDED
    elif kind == ReplyKind.UPDATE:
        if ticket.is_paused:
            _resume(ticket, now)
        ticket.status = TicketStatus.IN_PROGRESS
    else:
        ticket.answered_at = now
        ticket.status = TicketStatus.WAITING_CONFIRMATION if request_confirmation else TicketStatus.ANSWERED
        ticket.confirmation_requested_at = now if request_confirmation else None
        ticket.confirmation_reminded_at = None
        sla.pause(ticket, now)
    ticket.first_responded_at = ticket.first_responded_at or now
    ticket.assignee = ticket.assignee or actor
    ticket.save()
    entry = add_entry(ticket, TicketEntry.Kind.REPLY, body=body, author=actor, reply_kind=kind, at=now)
    if upload is not None:
        attach(ticket, entry, upload)
    template = "support_first_response" if kind == ReplyKind.FIRST_RESPONSE else "support_reply"
    outgoing.to_requester(ticket=ticket, entry=entry, template=template, hold_to_business_hours=True,
                          context={"has_attachment": upload is not None,
                                   "request_confirmation": kind == ReplyKind.ANSWER and request_confirmation})
    return entry


@transaction.atomic
def ticket_request_confirmation(*, ticket: Ticket, actor: User) -> Ticket:
    """Ask the admin whether the answer solved the inquiry; only their confirmation closes it (SUP-4)."""
    ticket = _locked(ticket)
    _require(policies.may_request_confirmation(actor, ticket),
             _("回答済みのお問い合わせについてのみ、完了確認を依頼できます。"))
    now = timezone.now()
    ticket.status, ticket.confirmation_requested_at, ticket.confirmation_reminded_at = (
        TicketStatus.WAITING_CONFIRMATION, now, None)
    ticket.save()
    entry = add_entry(ticket, TicketEntry.Kind.EVENT, author=actor, at=now,
                      body=_("管理者に完了の確認を依頼しました。"))
    outgoing.to_requester(ticket=ticket, entry=entry, template="support_confirmation_request",
                          hold_to_business_hours=True)
    return ticket


@transaction.atomic
def ticket_note(*, ticket: Ticket, actor: User, body: str, upload=None) -> TicketEntry:
    """An internal note: the desk's only, never shown to the bank (TicketEntry.objects.visible_to)."""
    ticket = _locked(ticket)
    _require(policies.may_work_desk(actor), _("社内メモはサポート担当者のみが書けます。"))
    body = _text(body, field="body", limit=BODY_MAX, required=_("メモを入力してください。"))
    entry = add_entry(ticket, TicketEntry.Kind.NOTE, body=body, author=actor, internal=True)
    if upload is not None:
        attach(ticket, entry, upload)
    return entry


@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor: User, assignee: User | None) -> Ticket:
    ticket = _locked(ticket)
    _require(policies.may_work_desk(actor), _("担当者はサポート担当者が決めます。"))
    if assignee is not None and not policies.may_work_desk(assignee):
        raise ValidationError({"assignee": _("担当者にはサポート担当者かシステム統括を選んでください。")})
    if assignee == ticket.assignee:
        return ticket
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee", "updated_at"])
    text = (_("担当者を %(name)s にしました。") % {"name": assignee.full_name} if assignee
            else _("担当者を外しました。"))
    add_entry(ticket, TicketEntry.Kind.EVENT, body=text, author=actor, internal=True)
    if assignee is not None and assignee != actor:
        outgoing.staff_update(ticket, "assigned", actor=actor)
    return ticket


@transaction.atomic
def ticket_set_priority(*, ticket: Ticket, actor: User, priority: str) -> Ticket:
    """A new priority sets new SLA targets, counted from the same received time."""
    ticket = _locked(ticket)
    _require(policies.may_work_desk(actor) and ticket.is_open, _("優先度を変更できません。"))
    if priority not in Priority.values:
        raise ValidationError({"priority": _("優先度を選んでください。")})
    if priority == ticket.priority:
        return ticket
    ticket.priority = priority
    sla.schedule(ticket)
    ticket.save()
    add_entry(ticket, TicketEntry.Kind.EVENT, author=actor, internal=True,
              body=_("優先度を「%(label)s」にしました。") % {"label": Priority(priority).label})
    return ticket


@transaction.atomic
def ticket_escalate(*, ticket: Ticket, actor: User, note: str) -> Ticket:
    """Hand the question to the system lead with a note; the lead is emailed and the desk keeps the ticket."""
    ticket = _locked(ticket)
    _require(policies.may_work_desk(actor) and ticket.is_open, _("エスカレーションできません。"))
    note = _text(note, field="note", limit=2000, required=_("システム統括への申し送りを入力してください。"))
    ticket.escalated_at = timezone.now()
    ticket.save(update_fields=["escalated_at", "updated_at"])
    entry = add_entry(ticket, TicketEntry.Kind.EVENT, author=actor, internal=True,
                      body=_("システム統括へエスカレーションしました: %(note)s") % {"note": note})
    leads = list(User.objects.staff().filter(role=Role.SYSTEM_LEAD, is_active=True).values_list("email", flat=True))
    outgoing.to_desk(template="support_escalated", recipients=leads, reference=f"support:{ticket.pk}:escalated",
                     context={"ticket": ticket, "note": note, "actor": actor, "entry": entry})
    return ticket


@transaction.atomic
def ticket_link_incident(*, ticket: Ticket, actor: User, incident: Incident | None) -> Ticket:
    """Tie the ticket to a fault (INC-3): its admin hears when work starts and when it is recovered."""
    from .incidents import relay_progress

    ticket = _locked(ticket)
    _require(policies.may_work_desk(actor) and ticket.is_open, _("障害と関連付けられません。"))
    incident = Incident.objects.get(pk=incident.pk) if incident is not None else None  # its current step
    if incident is not None and incident.status == Incident.Status.CLOSED:
        raise ValidationError({"incident": _("クローズ済みの障害とは関連付けられません。")})
    if incident == ticket.incident:
        return ticket
    ticket.incident = incident
    ticket.save(update_fields=["incident", "updated_at"])
    text = (_("障害 #%(id)s「%(title)s」と関連付けました。") % {"id": incident.pk, "title": incident.title}
            if incident else _("障害との関連付けを外しました。"))
    add_entry(ticket, TicketEntry.Kind.EVENT, body=text, author=actor, internal=True)
    if incident is not None:
        relay_progress(ticket, incident)
    return ticket


# --- the admin ---------------------------------------------------------------------------------------------------

@transaction.atomic
def ticket_add_message(*, ticket: Ticket, actor: User, body: str, uploads: Iterable = (),
                       channel: str = Channel.WEB, message_id: str = "") -> TicketEntry:
    """The admin writes again. After an answer this means it is not settled: the desk works again."""
    ticket = _locked(ticket)
    _require(policies.may_write_to(actor, ticket), _("このお問い合わせには書き込めません。"))
    body = _text(body, field="body", limit=BODY_MAX, required=_("内容を入力してください。"))
    now = timezone.now()
    was_paused = ticket.is_paused
    if was_paused:
        _resume(ticket, now)
        ticket.save()
    entry = add_entry(ticket, TicketEntry.Kind.ADMIN_MESSAGE, body=body, author=actor, channel=channel,
                      message_id=message_id, at=now)
    _attach_all(ticket, entry, uploads)
    if was_paused:
        add_entry(ticket, TicketEntry.Kind.EVENT, body=_("管理者から連絡があり、対応を再開しました。"), at=now)
    outgoing.staff_update(ticket, "reopened" if was_paused else "message", entry=entry)
    return entry


@transaction.atomic
def ticket_confirm(*, ticket: Ticket, actor: User, channel: str = Channel.WEB, message_id: str = "") -> Ticket:
    """The FI admin confirms the answer solved the inquiry: the only way a ticket closes (SUP-4)."""
    ticket = _locked(ticket)
    _require(policies.may_confirm(actor, ticket), _("回答済みのお問い合わせのみ、完了を確認できます。"))
    now = timezone.now()
    sla.resume(ticket, now)  # the wait is recorded, the clock is not restarted
    ticket.status, ticket.closed_at, ticket.closed_by = TicketStatus.CLOSED, now, actor
    sla.schedule(ticket)
    ticket.save()
    entry = add_entry(ticket, TicketEntry.Kind.EVENT, author=actor, channel=channel, message_id=message_id, at=now,
                      body=_("管理者が解決を確認し、お問い合わせを完了しました。"))
    notice = add_entry(ticket, TicketEntry.Kind.EVENT, at=now, body=_("完了のお知らせをお送りしました。"))
    outgoing.to_requester(ticket=ticket, entry=notice, template="support_closed", automatic=True)
    outgoing.staff_update(ticket, "confirmed", entry=entry)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, actor: User, reason: str, uploads: Iterable = (),
                  channel: str = Channel.WEB, message_id: str = "") -> TicketEntry:
    """The admin says the answer did not solve it: the ticket is worked again and the clock runs again."""
    ticket = _locked(ticket)
    _require(policies.may_reopen(actor, ticket), _("回答済みのお問い合わせのみ、未解決として再開できます。"))
    reason = _text(reason, field="reason", limit=BODY_MAX, required=_("解決していない点を入力してください。"))
    now = timezone.now()
    _resume(ticket, now)
    ticket.save()
    entry = add_entry(ticket, TicketEntry.Kind.ADMIN_MESSAGE, body=reason, author=actor, channel=channel,
                      message_id=message_id, at=now)
    _attach_all(ticket, entry, uploads)
    add_entry(ticket, TicketEntry.Kind.EVENT, author=actor, at=now,
              body=_("管理者から「解決していない」との連絡があり、対応を再開しました。"))
    outgoing.staff_update(ticket, "reopened", entry=entry)
    return entry
