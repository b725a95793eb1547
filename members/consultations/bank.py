"""The bank's side of consultations in the console: who is in charge, internal notes, and the due date of an answer
(CONSULTATION_DUE_BUSINESS_DAYS business days from `waiting_since`, counted with ops.calendar)."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Consultation, ConsultationNote, Role, User
from members.models.consultations import CONSULTATION_NOTE_MAX
from members.policies import is_fi_admin
from ops.calendar import add_business_days

from . import policies


def due_date(waiting_since: datetime | None) -> date | None:
    """The last day the bank's answer is on time, or None when nothing is awaited."""
    if waiting_since is None:
        return None
    return add_business_days(timezone.localdate(waiting_since), settings.CONSULTATION_DUE_BUSINESS_DAYS)


def overdue_cutoff(today: date | None = None) -> datetime:
    """A consultation waiting since before this moment is overdue today (one comparison in SQL)."""
    today = today or timezone.localdate()
    first_late_day = add_business_days(today, -settings.CONSULTATION_DUE_BUSINESS_DAYS)
    return timezone.make_aware(datetime.combine(first_late_day, time.min))


def overdue(consultations: QuerySet) -> QuerySet:
    return consultations.filter(status=Consultation.Status.WAITING_BANK, waiting_since__lt=overdue_cutoff())


def _require_bank_admin(actor: User, consultation: Consultation) -> None:
    if not (is_fi_admin(actor) and policies.may_view_consultation(actor, consultation)):
        raise PermissionDenied(_("この相談を担当できるのは、会員企業の金融機関の管理者です。"))


def assignable_admins(actor: User) -> QuerySet:
    return (User.objects.visible_to(actor).filter(role=Role.FI_ADMIN, is_active=True,
                                                  institution_id=actor.institution_id).order_by("full_name"))


@transaction.atomic
def consultation_assign(*, consultation: Consultation, actor: User, assignee: User | None) -> Consultation:
    """Put an active admin of the consultation's bank in charge (None: nobody)."""
    _require_bank_admin(actor, consultation)
    if assignee is not None and not assignable_admins(actor).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("貴行・貴庫の有効な管理者から選んでください。")})
    consultation.assigned_to = assignee
    consultation.save(update_fields=["assigned_to"])
    return consultation


@transaction.atomic
def consultation_note_add(*, consultation: Consultation, actor: User, body: str) -> ConsultationNote:
    """An internal note only the bank's admins read."""
    _require_bank_admin(actor, consultation)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("メモを入力してください。")})
    if len(body) > CONSULTATION_NOTE_MAX:
        raise ValidationError({"body": _("メモは%(max)d文字以内で入力してください。") % {"max": CONSULTATION_NOTE_MAX}})
    return ConsultationNote.objects.create(consultation=consultation, author=actor, author_name=actor.full_name,
                                           body=body)
