"""Canned replies (定型文) of the desk: written by support staff and the system lead."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.matching.text import tidy
from members.models import User

from .. import policies
from ..models import CannedReply
from ..models.canned import CANNED_BODY_MAX, CANNED_TITLE_MAX


@transaction.atomic
def canned_reply_save(*, actor: User, title: str, body: str, canned: CannedReply | None = None) -> CannedReply:
    if not policies.may_work_desk(actor):
        raise PermissionDenied(_("定型文はサポート担当者が管理します。"))
    title, body = " ".join(tidy(title).split()), tidy(body)
    if not title:
        raise ValidationError({"title": _("名前を入力してください。")})
    if not body:
        raise ValidationError({"body": _("本文を入力してください。")})
    if len(title) > CANNED_TITLE_MAX or len(body) > CANNED_BODY_MAX:
        raise ValidationError(_("名前は%(title)s文字、本文は%(body)s文字以内で入力してください。")
                              % {"title": CANNED_TITLE_MAX, "body": f"{CANNED_BODY_MAX:,}"})
    duplicate = CannedReply.objects.filter(title=title).exclude(pk=getattr(canned, "pk", None))
    if duplicate.exists():
        raise ValidationError({"title": _("同じ名前の定型文が既にあります。")})
    canned = canned or CannedReply()
    canned.title, canned.body, canned.updated_by = title, body, actor
    canned.save()
    return canned


@transaction.atomic
def canned_reply_delete(*, actor: User, canned: CannedReply) -> None:
    if not policies.may_work_desk(actor):
        raise PermissionDenied(_("定型文はサポート担当者が管理します。"))
    canned.delete()
