"""Writes on deals: the request, the banks' decisions, the receiver's answer, the meeting, the outcome, and the
reminder and expiry of requests left waiting. Each step records a timeline event and emails the next actor.

Keyword-only, typed, atomic. A person who may not act gets PermissionDenied; a step that does not fit the
deal's state, or bad input, gets a ValidationError in Japanese and changes nothing.
"""

from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.matching.text import tidy
from members.models import Deal, DealBankDecision, DealEvent, Need, User
from members.models.deals import DEAL_MESSAGE_MAX, DEAL_NOTE_MAX, DEAL_REASON_MAX
from members.policies import is_fi_admin, is_member
from ops.calendar import TOKYO, business_days_between, to_tokyo

from . import notices, policies

MAX_PREFERRED_DATES = 3
PREFERRED_DATE_HORIZON_DAYS = 366


def _lock(deal: Deal) -> Deal:
    """The deal read again under a row lock, so two people acting at once cannot both move it."""
    return (Deal.objects.unscoped("a service re-reads the deal it was handed, under a lock")
            .select_for_update(of=("self",))
            .select_related("need", "requester_company", "receiver_company", "requester_institution",
                            "receiver_institution")
            .get(pk=deal.pk))


def _event(deal: Deal, kind: str, *, actor: User | None, actor_name: str, reason: str = "", outcome: str = "",
           at: datetime | None = None) -> DealEvent:
    return DealEvent.objects.create(deal=deal, kind=kind, actor=actor, actor_name=actor_name[:120], reason=reason,
                                    outcome=outcome, at=at or timezone.now())


def _text(value: str, *, field: str, limit: int, required: bool, empty_message: str = "") -> str:
    value = tidy(value)
    if required and not value:
        raise ValidationError({field: empty_message or _("入力してください。")})
    if len(value) > limit:
        raise ValidationError({field: _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{limit:,}", "count": f"{len(value):,}"}})
    return value


def _check_preferred_dates(moments: list[datetime], now: datetime) -> list[datetime]:
    moments = [moment.replace(tzinfo=TOKYO) if timezone.is_naive(moment) else moment
               for moment in moments if moment is not None]
    if not moments:
        raise ValidationError({"preferred_at_1": _("希望日時を1つ以上入力してください。")})
    if len(moments) > MAX_PREFERRED_DATES:
        raise ValidationError({"preferred_at_1": _("希望日時は3つまでです。")})
    horizon = now + timedelta(days=PREFERRED_DATE_HORIZON_DAYS)
    for index, moment in enumerate(moments, start=1):
        if moment <= now:
            raise ValidationError({f"preferred_at_{index}": _("希望日時には、これから先の日時を指定してください。")})
        if moment > horizon:
            raise ValidationError({f"preferred_at_{index}": _("希望日時は1年以内で指定してください。")})
    return sorted(moments)


def _reset_wait(deal: Deal, now: datetime) -> None:
    deal.waiting_since, deal.reminded_at = now, None


# --- the request ----------------------------------------------------------------------------------------------

@transaction.atomic
def deal_request(*, need: Need, actor: User, message: str, preferred_dates: list[datetime]) -> Deal:
    """A member asks the company behind `need` for a meeting; the request goes to the member's bank first."""
    if not is_member(actor):
        raise PermissionDenied(_("商談を申し込めるのは会員企業のユーザーです。"))
    need = (Need.objects.unscoped("the need a request refers to; who may request is checked just below")
            .select_related("company", "company__institution").get(pk=need.pk))
    if need.company_id == actor.company_id:
        raise ValidationError(_("自社のニーズには商談を申し込めません。"))
    if not need.is_open:
        raise ValidationError(_("募集を終了したニーズには商談を申し込めません。"))
    if not policies.may_request_deal(actor, need):
        raise PermissionDenied(_("このニーズには商談を申し込めません。"))
    now = timezone.now()
    message = _text(message, field="message", limit=DEAL_MESSAGE_MAX, required=True,
                    empty_message=_("メッセージを入力してください。"))
    moments = _check_preferred_dates(list(preferred_dates), now)
    open_requests = Deal.objects.unscoped("one open request per company and need").open()
    if open_requests.filter(need=need, requester_company_id=actor.company_id).exists():
        raise ValidationError(_("このニーズには既に進行中の商談申込があります。"))
    deal = Deal(
        need=need, requester_company_id=actor.company_id, requester_institution_id=actor.company.institution_id,
        receiver_company_id=need.company_id, receiver_institution_id=need.company.institution_id,
        requested_by=actor, message=message, status=Deal.Status.REQUESTED, waiting_since=now,
        preferred_at_1=moments[0], preferred_at_2=moments[1] if len(moments) > 1 else None,
        preferred_at_3=moments[2] if len(moments) > 2 else None,
    )
    try:
        with transaction.atomic():
            deal.save()
    except IntegrityError as exc:  # a second click raced the check above: the constraint has the last word
        raise ValidationError(_("このニーズには既に進行中の商談申込があります。")) from exc
    _event(deal, DealEvent.Kind.REQUESTED, actor=actor, actor_name=actor.company.name, at=now)
    notices.approval_requested(deal)
    return deal


# --- the banks ------------------------------------------------------------------------------------------------

def _bank_step(deal: Deal, actor: User) -> tuple[Deal, str]:
    """The locked deal and the side (requester/receiver) the actor decides for, or why not."""
    deal = _lock(deal)
    if not (is_fi_admin(actor) and policies.may_view_deal(actor, deal)):
        raise PermissionDenied(_("この商談を承認・見送りできるのは、商談に加わる会社の金融機関の管理者です。"))
    if not policies.may_decide_as_bank(actor, deal):
        raise ValidationError(_("この商談は貴機関の承認待ちではありません。"))
    return deal, policies.pending_bank_side(deal)


def _decision(deal: Deal, side: str, decision: str, actor: User, note: str, now: datetime) -> DealBankDecision:
    note = _text(note, field="note", limit=DEAL_NOTE_MAX, required=False)
    return DealBankDecision.objects.create(deal=deal, institution_id=policies.bank_of_side(deal, side), side=side,
                                           decision=decision, decided_by=actor, decided_at=now, note=note)


@transaction.atomic
def deal_approve_by_bank(*, deal: Deal, actor: User, note: str = "") -> Deal:
    """The bank whose approval the deal waits for lets it through, with an internal note members never see.

    After the requester's bank, a request across banks goes to the receiver's bank; within one bank, or after
    the receiver's bank, it goes to the receiving company.
    """
    deal, side = _bank_step(deal, actor)
    now = timezone.now()
    _decision(deal, side, DealBankDecision.Decision.APPROVED, actor, note, now)
    _event(deal, DealEvent.Kind.BANK_APPROVED, actor=actor, actor_name=actor.institution.name, at=now)
    _reset_wait(deal, now)
    if side == DealBankDecision.Side.REQUESTER and deal.is_cross_bank:
        deal.status, deal.receiver_bank_reached_at = Deal.Status.REQUESTER_BANK_APPROVED, now
        deal.save()
        notices.approval_requested(deal)
    else:
        deal.status, deal.receiver_reached_at = Deal.Status.BANKS_APPROVED, now
        deal.receiver_bank_reached_at = deal.receiver_bank_reached_at or now
        deal.save()
        notices.received(deal)
    return deal


@transaction.atomic
def deal_refuse_by_bank(*, deal: Deal, actor: User, reason: str, note: str = "") -> Deal:
    """The bank whose approval the deal waits for stops it; the reason is shown to the requester, the note not."""
    deal, side = _bank_step(deal, actor)
    now = timezone.now()
    reason = _text(reason, field="reason", limit=DEAL_REASON_MAX, required=True,
                   empty_message=_("見送る理由を入力してください。"))
    _decision(deal, side, DealBankDecision.Decision.REFUSED, actor, note, now)
    _event(deal, DealEvent.Kind.BANK_REFUSED, actor=actor, actor_name=actor.institution.name, reason=reason, at=now)
    deal.status, deal.closed_at, deal.closed_reason, deal.waiting_since = Deal.Status.REFUSED, now, reason, None
    deal.save()
    notices.refused(deal, institution=actor.institution)
    return deal


# --- the companies --------------------------------------------------------------------------------------------

def _company_step(deal: Deal, actor: User, allowed) -> Deal:
    deal = _lock(deal)
    if not policies.is_party_member(actor, deal):
        raise PermissionDenied(_("この商談を操作する権限がありません。"))
    if not allowed(actor, deal):
        raise ValidationError(_("この商談は、今の状態ではこの操作ができません。"))
    return deal


@transaction.atomic
def deal_accept(*, deal: Deal, actor: User) -> Deal:
    """The receiving company accepts: the deal room opens for both companies."""
    deal = _company_step(deal, actor, policies.may_answer)
    now = timezone.now()
    deal.status, deal.accepted_at, deal.waiting_since, deal.reminded_at = Deal.Status.ACCEPTED, now, None, None
    deal.save()
    _event(deal, DealEvent.Kind.ACCEPTED, actor=actor, actor_name=actor.company.name, at=now)
    notices.accepted(deal)
    return deal


@transaction.atomic
def deal_decline(*, deal: Deal, actor: User, reason: str) -> Deal:
    deal = _company_step(deal, actor, policies.may_answer)
    reason = _text(reason, field="reason", limit=DEAL_REASON_MAX, required=True,
                   empty_message=_("お断りする理由を入力してください。"))
    now = timezone.now()
    deal.status, deal.closed_at, deal.closed_reason, deal.waiting_since = Deal.Status.DECLINED, now, reason, None
    deal.save()
    _event(deal, DealEvent.Kind.DECLINED, actor=actor, actor_name=actor.company.name, reason=reason, at=now)
    notices.declined(deal)
    return deal


@transaction.atomic
def deal_withdraw(*, deal: Deal, actor: User, reason: str) -> Deal:
    """The requester withdraws its request, or after acceptance either company ends the deal."""
    deal = _company_step(deal, actor, policies.may_withdraw)
    reason = _text(reason, field="reason", limit=DEAL_REASON_MAX, required=True,
                   empty_message=_("取り下げる理由を入力してください。"))
    now, previous = timezone.now(), deal.status
    deal.status, deal.closed_at, deal.closed_reason, deal.waiting_since = Deal.Status.WITHDRAWN, now, reason, None
    deal.save()
    _event(deal, DealEvent.Kind.WITHDRAWN, actor=actor, actor_name=actor.company.name, reason=reason, at=now)
    notices.withdrawn(deal, previous_status=previous, actor=actor)
    return deal


@transaction.atomic
def deal_mark_met(*, deal: Deal, actor: User) -> Deal:
    deal = _company_step(deal, actor, policies.may_mark_met)
    now = timezone.now()
    deal.status, deal.met_at = Deal.Status.MET, now
    deal.save()
    _event(deal, DealEvent.Kind.MET, actor=actor, actor_name=actor.company.name, at=now)
    notices.met(deal, actor=actor)
    return deal


@transaction.atomic
def deal_record_outcome(*, deal: Deal, actor: User, outcome: str, note: str = "") -> Deal:
    """成約 / 不成約 / 継続, by either company after the meeting; a 継続 may later be settled."""
    deal = _company_step(deal, actor, policies.may_record_outcome)
    if outcome not in Deal.Outcome.values:
        raise ValidationError({"outcome": _("結果を選んでください。")})
    note = _text(note, field="note", limit=DEAL_REASON_MAX, required=False)
    now = timezone.now()
    deal.status, deal.outcome, deal.outcome_note, deal.outcome_at = Deal.Status.COMPLETED, outcome, note, now
    deal.closed_at = now if outcome != Deal.Outcome.CONTINUING else None
    deal.save()
    _event(deal, DealEvent.Kind.OUTCOME, actor=actor, actor_name=actor.company.name, outcome=outcome, reason=note,
           at=now)
    notices.outcome(deal, actor=actor)
    return deal


# --- reminders and expiry (beat) ------------------------------------------------------------------------------

def _waiting_business_days(since: datetime, today) -> int:
    return business_days_between(to_tokyo(since).date(), today)


def deals_remind_and_expire(*, now: datetime | None = None, batch_size: int = 200) -> dict[str, int]:
    """Remind once whoever holds a request waiting DEAL_REMINDER_BUSINESS_DAYS business days; expire it
    DEAL_EXPIRY_BUSINESS_DAYS business days after the reminder. Idempotent, in chunks, one deal per transaction."""
    now = now or timezone.now()
    today = to_tokyo(now).date()
    remind_after = max(1, settings.DEAL_REMINDER_BUSINESS_DAYS)
    # A business day is a calendar day too: nothing that began after this moment can be due yet.
    cutoff = datetime.combine(today - timedelta(days=remind_after - 1), clock.min, tzinfo=TOKYO)
    due = (Deal.objects.unscoped("beat: reminders and expiry of waiting requests")
           .waiting().filter(waiting_since__lt=cutoff).order_by("pk"))
    counts, after_id = {"reminded": 0, "expired": 0}, 0
    while True:
        ids = list(due.filter(pk__gt=after_id).values_list("pk", flat=True)[:batch_size])
        for deal_id in ids:
            done = _remind_or_expire(deal_id, now=now, today=today, remind_after=remind_after)
            if done:
                counts[done] += 1
        if len(ids) < batch_size:
            return counts
        after_id = ids[-1]


@transaction.atomic
def _remind_or_expire(deal_id: int, *, now: datetime, today, remind_after: int) -> str | None:
    deal = _lock(Deal(pk=deal_id))
    if deal.status not in Deal.WAITING_STATUSES or deal.waiting_since is None:
        return None  # answered meanwhile
    if deal.reminded_at is None:
        if _waiting_business_days(deal.waiting_since, today) < remind_after:
            return None
        deal.reminded_at = now
        deal.save(update_fields=["reminded_at", "updated_at"])
        _event(deal, DealEvent.Kind.REMINDED, actor=None, actor_name="", at=now)
        notices.reminder(deal)
        return "reminded"
    if _waiting_business_days(deal.reminded_at, today) < max(1, settings.DEAL_EXPIRY_BUSINESS_DAYS):
        return None
    previous = deal.status
    deal.status, deal.closed_at, deal.waiting_since = Deal.Status.EXPIRED, now, None
    deal.save()
    _event(deal, DealEvent.Kind.EXPIRED, actor=None, actor_name="", at=now)
    notices.expired(deal, previous_status=previous)
    return "expired"
