"""Writes in the deal room: messages, attachments (checked by content, stored privately) and read markers."""

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.matching.text import tidy
from members.models import Deal, DealAttachment, DealMessage, DealReadMarker, User
from members.models.deals import ATTACHMENT_NAME_MAX, ROOM_MESSAGE_MAX

from . import filetypes, notices, policies

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def attachment_check(upload) -> tuple[filetypes.FileKind, str]:
    """The kind of an uploaded file and the name it is offered under, or a Japanese ValidationError."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("添付ファイルは10MB以下にしてください。")}, code="too_large")
    if upload.size == 0:
        raise ValidationError({"file": _("空のファイルは添付できません。")}, code="empty")
    kind = filetypes.detect(upload)
    if kind is None:
        raise ValidationError({"file": _("添付できるのは PDF、Word・Excel・PowerPoint、画像（PNG・JPEG・GIF・WebP）の"
                                         "ファイルです。ファイルの中身がこれらの形式ではありません。")}, code="type")
    return kind, download_name(upload.name, kind)


def download_name(name: str, kind: filetypes.FileKind) -> str:
    """The uploader's file name, cleaned for a header, with an extension that matches the content."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "file"
    if filetypes.extension_of(base) not in kind.extensions:
        base = f"{base}.{kind.extensions[0]}"
    if len(base) > ATTACHMENT_NAME_MAX:
        stem, _dot, ext = base.rpartition(".")
        base = f"{stem[:ATTACHMENT_NAME_MAX - len(ext) - 1]}.{ext}"
    return base


def _last_message_id(deal: Deal) -> int:
    return (DealMessage.objects.unscoped("the room's newest message, for read markers")
            .filter(deal=deal).aggregate(last=Max("pk"))["last"] or 0)


def _read_up_to(deal: Deal, user: User, message_id: int) -> None:
    markers = DealReadMarker.objects.unscoped("a person's own read marker, written by the service")
    updated = markers.filter(deal=deal, user=user, last_read_message_id__lt=message_id).update(
        last_read_message_id=message_id)
    if not updated and not markers.filter(deal=deal, user=user).exists():
        try:
            with transaction.atomic():
                DealReadMarker.objects.create(deal=deal, user=user, last_read_message_id=message_id)
        except IntegrityError:  # another tab of the same person wrote it first
            markers.filter(deal=deal, user=user, last_read_message_id__lt=message_id).update(
                last_read_message_id=message_id)


@transaction.atomic
def deal_message_post(*, deal: Deal, actor: User, body: str, upload=None) -> DealMessage:
    """A message (text, a file, or both) from one company to the other. The other company's people are emailed
    when they had read everything before it, so a lively room sends one email, not one per message."""
    deal = (Deal.objects.unscoped("a service re-reads the deal it was handed, under a lock")
            .select_for_update(of=("self",)).select_related("requester_company", "receiver_company").get(pk=deal.pk))
    if not policies.is_party_member(actor, deal):
        raise PermissionDenied(_("この商談ルームに書き込む権限がありません。"))
    if not policies.may_post_in_room(actor, deal):
        raise ValidationError(_("この商談ルームには書き込めません。"))
    body = tidy(body)
    if len(body) > ROOM_MESSAGE_MAX:
        raise ValidationError({"body": _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{ROOM_MESSAGE_MAX:,}", "count": f"{len(body):,}"}})
    if not body and upload is None:
        raise ValidationError({"body": _("メッセージを入力するか、ファイルを添付してください。")})
    kind, name = attachment_check(upload) if upload is not None else (None, "")
    previous_last = _last_message_id(deal)
    message = DealMessage.objects.create(deal=deal, author=actor, author_company_id=actor.company_id, body=body)
    if upload is not None:
        attachment = DealAttachment(deal=deal, message=message, original_name=name, size=upload.size,
                                    content_type=filetypes.content_type_for(kind, name))
        upload.seek(0)
        attachment.file.save(name, upload, save=False)
        try:
            attachment.save()
        except Exception:  # no row, no file: never leave an orphan the room cannot show
            attachment.file.storage.delete(attachment.file.name)
            raise
    _read_up_to(deal, actor, message.pk)
    other = deal.receiver_company_id if actor.company_id == deal.requester_company_id else deal.requester_company_id
    notices.room_message(deal, recipients=_caught_up_addresses(deal, other, previous_last))
    return message


def _caught_up_addresses(deal: Deal, company_id: int, previous_last: int) -> list[str]:
    people = notices.company_people(company_id)
    read = dict(DealReadMarker.objects.unscoped("whether the other company's people read the room")
                .filter(deal=deal, user_id__in=list(people)).values_list("user_id", "last_read_message_id"))
    return [email for pk, email in people.items() if read.get(pk, 0) >= previous_last]


@transaction.atomic
def deal_room_mark_read(*, deal: Deal, user: User) -> None:
    """Everything in the room up to now counts as read by `user` (who may read the room; the view checks)."""
    if not policies.may_read_room(user, deal):
        raise PermissionDenied(_("この商談ルームを閲覧する権限がありません。"))
    last = _last_message_id(deal)
    if last:
        _read_up_to(deal, user, last)
