"""Writes on consultations: a member opens one with its bank, either side replies (text and checked files),
either side closes it; read markers give both sides their unread counts.

Keyword-only, typed, atomic. A person who may not act gets PermissionDenied; bad input or a closed thread gets a
ValidationError in Japanese and changes nothing (files included: every file is checked before anything is
written, and a file whose row could not be written is removed again).
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.deals import filetypes
from members.deals.room import attachment_check
from members.matching.text import tidy
from members.models import (
    Consultation,
    ConsultationAttachment,
    ConsultationMessage,
    ConsultationReadMarker,
    MemberCompany,
    User,
)
from members.models.consultations import CONSULTATION_MESSAGE_MAX, CONSULTATION_SUBJECT_MAX

from . import emails, policies

MAX_ATTACHMENTS = 5
Side = ConsultationMessage.Side


def _text(value: str, *, field: str, limit: int, required_message: str = "", one_line: bool = False) -> str:
    value = tidy(value)
    if one_line:
        value = " ".join(value.split())
    if required_message and not value:
        raise ValidationError({field: required_message})
    if len(value) > limit:
        raise ValidationError({field: _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{limit:,}", "count": f"{len(value):,}"}})
    return value


def _checked_files(uploads: Sequence) -> list[tuple]:
    """(upload, kind, name) for every file, or a ValidationError on the attachments field before any write."""
    uploads = [upload for upload in uploads or () if upload is not None]
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("添付できるファイルは1回に%(count)s個までです。")
                               % {"count": MAX_ATTACHMENTS}})
    checked = []
    for upload in uploads:
        try:
            kind, name = attachment_check(upload)
        except ValidationError as exc:
            raise ValidationError({"attachments": [f"{upload.name}: {text}" for text in exc.messages]}) from exc
        checked.append((upload, kind, name))
    return checked


def _post(consultation: Consultation, *, actor: User, side: str, body: str, files: list[tuple]) -> ConsultationMessage:
    author_name = actor.full_name if side == Side.MEMBER else f"{consultation.institution.name} {actor.full_name}"
    message = ConsultationMessage.objects.create(consultation=consultation, author=actor, side=side,
                                                 author_name=author_name[:120], body=body)
    stored: list[str] = []
    try:
        for upload, kind, name in files:
            attachment = ConsultationAttachment(consultation=consultation, message=message, original_name=name,
                                                size=upload.size, content_type=filetypes.content_type_for(kind, name))
            upload.seek(0)
            attachment.file.save(name, upload, save=False)
            stored.append(attachment.file.name)
            attachment.save()
    except Exception:  # no row, no file: never leave an orphan the thread cannot show
        for path in stored:
            ConsultationAttachment.file.field.storage.delete(path)
        raise
    _read_up_to(consultation, actor, message.pk)
    return message


def _last_id(consultation: Consultation, side: str | None = None) -> int:
    messages = (ConsultationMessage.objects.unscoped("the thread's newest message, for read markers")
                .filter(consultation=consultation))
    if side:
        messages = messages.filter(side=side)
    return messages.aggregate(last=Max("pk"))["last"] or 0


def _read_up_to(consultation: Consultation, user: User, message_id: int) -> None:
    markers = ConsultationReadMarker.objects.unscoped("a person's own read marker, written by the service")
    updated = markers.filter(consultation=consultation, user=user, last_read_message_id__lt=message_id).update(
        last_read_message_id=message_id)
    if not updated and not markers.filter(consultation=consultation, user=user).exists():
        try:
            with transaction.atomic():
                ConsultationReadMarker.objects.create(consultation=consultation, user=user,
                                                      last_read_message_id=message_id)
        except IntegrityError:  # another tab of the same person wrote it first
            markers.filter(consultation=consultation, user=user, last_read_message_id__lt=message_id).update(
                last_read_message_id=message_id)


def _lock(consultation: Consultation) -> Consultation:
    return (Consultation.objects.unscoped("a service re-reads the consultation it was handed, under a lock")
            .select_for_update(of=("self",)).select_related("company", "institution").get(pk=consultation.pk))


@transaction.atomic
def consultation_open(*, actor: User, category: str, subject: str, body: str,
                      attachments: Sequence = ()) -> Consultation:
    """A member opens a consultation with its own bank; the bank's admins are emailed."""
    if not policies.may_open_consultation(actor):
        raise PermissionDenied(_("相談できるのは会員企業のユーザーです。"))
    if category not in Consultation.Category.values:
        raise ValidationError({"category": _("相談の分類を選んでください。")})
    subject = _text(subject, field="subject", limit=CONSULTATION_SUBJECT_MAX, one_line=True,
                    required_message=_("件名を入力してください。"))
    body = _text(body, field="body", limit=CONSULTATION_MESSAGE_MAX, required_message=_("相談内容を入力してください。"))
    files = _checked_files(attachments)
    company = (MemberCompany.objects.visible_to(actor).select_related("institution").get(pk=actor.company_id))
    now = timezone.now()
    consultation = Consultation.objects.create(
        company=company, institution=company.institution, opened_by=actor, category=category, subject=subject,
        status=Consultation.Status.WAITING_BANK, waiting_since=now, last_message_at=now)
    message = _post(consultation, actor=actor, side=Side.MEMBER, body=body, files=files)
    emails.to_bank(consultation, message, previous_member_id=0)
    return consultation


@transaction.atomic
def consultation_reply(*, consultation: Consultation, actor: User, body: str,
                       attachments: Sequence = ()) -> ConsultationMessage:
    """A reply from the company's member (the bank's answer is awaited again) or from an admin of the company's
    bank (the consultation is answered; the company's people are emailed, or the digest takes it)."""
    consultation = _lock(consultation)
    side = policies.side_of(actor, consultation)
    if side is None or not policies.may_view_consultation(actor, consultation):
        raise PermissionDenied(_("この相談に返信する権限がありません。"))
    if consultation.is_closed:
        raise ValidationError(_("完了した相談には返信できません。新しい相談を作成してください。"))
    body = _text(body, field="body", limit=CONSULTATION_MESSAGE_MAX)
    files = _checked_files(attachments)
    if not body and not files:
        raise ValidationError({"body": _("メッセージを入力するか、ファイルを添付してください。")})
    previous = _last_id(consultation, side=side)  # who read it hears of this one (members/consultations/emails)
    message = _post(consultation, actor=actor, side=side, body=body, files=files)
    now = timezone.now()
    consultation.last_message_at = now
    if side == Side.MEMBER:
        if consultation.status != Consultation.Status.WAITING_BANK:
            consultation.status, consultation.waiting_since = Consultation.Status.WAITING_BANK, now
    else:
        consultation.status, consultation.waiting_since = Consultation.Status.ANSWERED, None
    consultation.save(update_fields=["last_message_at", "status", "waiting_since"])
    if side == Side.MEMBER:
        emails.to_bank(consultation, message, previous_member_id=previous)
    else:
        emails.to_members(consultation, message, previous_bank_id=previous)
    return message


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor: User) -> Consultation:
    """Either side marks the consultation done; nobody can reply to it afterwards."""
    consultation = _lock(consultation)
    if policies.side_of(actor, consultation) is None or not policies.may_view_consultation(actor, consultation):
        raise PermissionDenied(_("この相談を完了にする権限がありません。"))
    if consultation.is_closed:
        raise ValidationError(_("この相談は既に完了しています。"))
    consultation.status, consultation.waiting_since = Consultation.Status.CLOSED, None
    consultation.closed_at, consultation.closed_by = timezone.now(), actor
    consultation.save(update_fields=["status", "waiting_since", "closed_at", "closed_by"])
    return consultation


@transaction.atomic
def consultation_mark_read(*, consultation: Consultation, user: User) -> None:
    """Everything in the thread up to now counts as read by `user`."""
    if not policies.may_view_consultation(user, consultation):
        raise PermissionDenied(_("この相談を閲覧する権限がありません。"))
    last = _last_id(consultation)
    if last:
        _read_up_to(consultation, user, last)
