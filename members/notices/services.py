"""Writes on notices: publish (now or scheduled), withdraw, mark read, relay operations news (OPS-4), and the
email run that tells the recipients once a notice is published.

Who may publish: operators and the system lead, to every member or the members of chosen banks; an FI admin,
to all or chosen member companies of its own bank (never another bank's). Keyword-only, typed, atomic; bad
input gets a ValidationError in Japanese and changes nothing.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.matching.text import tidy
from members.models import (
    FinancialInstitution,
    MemberCompany,
    Notice,
    NoticeCompany,
    NoticeInstitution,
    NoticeRead,
    NotificationKind,
    User,
)
from members.models.notices import NOTICE_BODY_MAX, NOTICE_TITLE_MAX, notice_live_q
from members.notify import member_notify
from members.policies import account_may_sign_in, is_fi_admin, may_operate_platform
from ops.models import Incident, MaintenanceWindow
from ops.selectors.incidents import status_incidents_for
from ops.selectors.maintenance import OPEN_STATUSES

from . import relay, selectors

logger = logging.getLogger(__name__)
SCHEDULE_HORIZON = timedelta(days=366)
EMAIL_CHUNK_SIZE = 500
CATEGORY = "notice"


def _text(value: str, *, field: str, limit: int, required_message: str, one_line: bool = False) -> str:
    value = tidy(value)
    if one_line:
        value = " ".join(value.split())
    if not value:
        raise ValidationError({field: required_message})
    if len(value) > limit:
        raise ValidationError({field: _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{limit:,}", "count": f"{len(value):,}"}})
    return value


def _publish_moment(publish_at: datetime | None, now: datetime) -> datetime:
    if publish_at is None or publish_at <= now:
        return now
    if publish_at > now + SCHEDULE_HORIZON:
        raise ValidationError({"publish_at": _("掲載日時は1年以内で指定してください。")})
    return publish_at


def _banks(institutions: Iterable[FinancialInstitution]) -> list[FinancialInstitution]:
    chosen = {bank.pk for bank in institutions}
    running = list(FinancialInstitution.objects.filter(pk__in=chosen, status=FinancialInstitution.Status.ACTIVE))
    if not chosen:
        raise ValidationError({"institutions": _("宛先の金融機関を1つ以上選んでください。")})
    if len(running) != len(chosen):
        raise ValidationError({"institutions": _("契約中ではない金融機関が宛先に含まれています。")})
    return running


def _companies(actor: User, companies: Iterable[MemberCompany]) -> list[int]:
    chosen = {company.pk for company in companies}
    if not chosen:
        raise ValidationError({"companies": _("宛先の会員企業を1つ以上選んでください。")})
    own = set(MemberCompany.objects.visible_to(actor).filter(pk__in=chosen).values_list("pk", flat=True))
    if own != chosen:  # another bank's company, or one that does not exist: the same answer
        raise ValidationError({"companies": _("宛先に、貴行・貴庫の会員企業ではない企業が含まれています。")})
    return sorted(own)


def _after_commit_email(notice: Notice) -> None:
    if notice.publish_at <= timezone.now():
        notice_id = notice.pk
        transaction.on_commit(lambda: _enqueue_email(notice_id))


def _enqueue_email(notice_id: int) -> None:
    from .tasks import notice_email_task

    try:
        notice_email_task.delay(notice_id)
    except Exception:  # beat's run (notices-email-due) sends it
        logger.exception("notice email could not be queued; beat will send it notice=%s", notice_id)


@transaction.atomic
def notice_publish(*, actor: User, title: str, body: str, publish_at: datetime | None = None,
                   is_pinned: bool = False, institutions: Iterable[FinancialInstitution] | None = None,
                   companies: Iterable[MemberCompany] | None = None, relay_kind: str = "",
                   relay_id: int | None = None) -> Notice:
    """Publish a notice now (publish_at None or past) or at `publish_at`; recipients are emailed then.

    An operator addresses every member (`institutions` None) or the members of the given banks; an FI admin
    every member company of its bank (`companies` None) or the given ones.
    """
    now = timezone.now()
    title = _text(title, field="title", limit=NOTICE_TITLE_MAX, one_line=True,
                  required_message=_("件名を入力してください。"))
    body = _text(body, field="body", limit=NOTICE_BODY_MAX, required_message=_("本文を入力してください。"))
    publish_at = _publish_moment(publish_at, now)
    banks: list[FinancialInstitution] = []
    company_ids: list[int] = []
    if not account_may_sign_in(actor):
        raise PermissionDenied(_("お知らせを掲載する権限がありません。"))
    if may_operate_platform(actor):
        if companies is not None:
            raise ValidationError(_("運営事務局のお知らせは、金融機関単位で宛先を選んでください。"))
        banks = _banks(institutions) if institutions is not None else []
        institution, audience = None, Notice.Audience.CHOSEN if institutions is not None else Notice.Audience.ALL
    elif is_fi_admin(actor) and actor.institution is not None:
        if institutions is not None:
            raise ValidationError(_("金融機関のお知らせは、自行・自庫の会員企業にだけ送れます。"))
        company_ids = _companies(actor, companies) if companies is not None else []
        institution, audience = actor.institution, Notice.Audience.CHOSEN if companies is not None else Notice.Audience.ALL
    else:
        raise PermissionDenied(_("お知らせを掲載する権限がありません。"))
    try:
        with transaction.atomic():
            notice = Notice.objects.create(institution=institution, audience=audience, title=title, body=body,
                                           publish_at=publish_at, is_pinned=is_pinned, relay_kind=relay_kind,
                                           relay_id=relay_id, created_by=actor)
    except IntegrityError as exc:  # one relay per bank and source (constraint one_relay_per_bank_and_source)
        raise ValidationError(_("このお知らせは既に会員企業へ転載済みです。")) from exc
    NoticeInstitution.objects.bulk_create([NoticeInstitution(notice=notice, institution=bank) for bank in banks])
    NoticeCompany.objects.bulk_create([NoticeCompany(notice=notice, company_id=pk) for pk in company_ids])
    _after_commit_email(notice)
    return notice


def _may_manage(actor: User, notice: Notice) -> bool:
    if notice.institution_id is None:
        return may_operate_platform(actor)
    return is_fi_admin(actor) and actor.institution_id == notice.institution_id


@transaction.atomic
def notice_withdraw(*, notice: Notice, actor: User) -> Notice:
    """Stop showing a notice (emails already sent stay sent; unsent ones are not sent)."""
    if not _may_manage(actor, notice):
        raise PermissionDenied(_("このお知らせを変更する権限がありません。"))
    notice = Notice.objects.unscoped("the sender withdraws its own notice").select_for_update().get(pk=notice.pk)
    if notice.withdrawn_at is not None:
        raise ValidationError(_("このお知らせは既に掲載を終了しています。"))
    notice.withdrawn_at = timezone.now()
    notice.save(update_fields=["withdrawn_at"])
    return notice


def notice_mark_read(*, notice: Notice, user: User) -> None:
    """The user opened the notice (the view found it among the user's notices)."""
    if NoticeRead.objects.visible_to(user).filter(notice=notice).exists():
        return
    try:
        with transaction.atomic():
            NoticeRead.objects.create(notice=notice, user=user)
    except IntegrityError:  # another tab of the same person marked it first
        pass


# --- relay of operations news to a bank's members (OPS-4) ------------------------------------------------------

def maintenance_relayable(window: MaintenanceWindow, *, now: datetime | None = None) -> bool:
    """A window that stops something (a weekly slot nobody switched on does not), not over, not cancelled."""
    now = now or timezone.now()
    return window.stops_service and window.status in OPEN_STATUSES and window.ends_at > now


def incident_relayable(incident: Incident, actor: User) -> bool:
    """Exactly the incidents the bank itself sees: critical failures the system lead released, affecting it."""
    return is_fi_admin(actor) and incident.pk in {shown.pk for shown in status_incidents_for(actor)}


def _require_bank_admin(actor: User) -> None:
    if not is_fi_admin(actor) or actor.institution is None:
        raise PermissionDenied(_("会員企業へのお知らせは金融機関の管理者が掲載します。"))


def notice_relay_maintenance(*, window: MaintenanceWindow, actor: User, title: str | None = None,
                             body: str | None = None) -> Notice:
    """An FI admin relays a maintenance window to all its member companies, with the prefilled text unless
    edited (`title`, `body`). Once per bank and window."""
    _require_bank_admin(actor)
    if not maintenance_relayable(window):
        raise ValidationError(_("サービスを停止する予定・実施中のメンテナンスだけを会員企業へ転載できます。"))
    default_title, default_body = relay.maintenance_text(window, actor.institution)
    return notice_publish(actor=actor, title=title or default_title, body=body or default_body,
                          relay_kind=Notice.RelayKind.MAINTENANCE, relay_id=window.pk)


def notice_relay_incident(*, incident: Incident, actor: User, title: str | None = None,
                          body: str | None = None) -> Notice:
    """An FI admin relays a released critical failure affecting its bank to all its member companies. Once per
    bank and incident."""
    _require_bank_admin(actor)
    if not incident_relayable(incident, actor):
        raise ValidationError(_("システム統括が金融機関へ公開した、貴行・貴庫に影響する重要障害だけを転載できます。"))
    default_title, default_body = relay.incident_text(incident, actor.institution)
    return notice_publish(actor=actor, title=title or default_title, body=body or default_body,
                          relay_kind=Notice.RelayKind.INCIDENT, relay_id=incident.pk)


# --- emails once published ------------------------------------------------------------------------------------

def notices_email_due(*, now: datetime | None = None) -> int:
    """Email the recipients of every notice whose publish time has come (beat, every minute); returns how many
    notices were finished. Idempotent: each notice keeps a cursor over its recipients."""
    now = now or timezone.now()
    due = list(Notice.objects.unscoped("the email job reads every published notice")
               .filter(notice_live_q(now), emailed_at__isnull=True).order_by("publish_at", "pk")
               .values_list("pk", flat=True)[:100])
    return sum(notice_email(notice_id=notice_id) for notice_id in due)


def notice_email(*, notice_id: int, chunk_size: int = EMAIL_CHUNK_SIZE) -> int:
    """Email one published notice to its recipients, a chunk per transaction; 1 when it is done."""
    while True:
        done = _notice_email_chunk(notice_id=notice_id, chunk_size=chunk_size)
        if done is not None:
            return int(done)


@transaction.atomic
def _notice_email_chunk(*, notice_id: int, chunk_size: int) -> bool | None:
    """The next chunk of recipients; True when the notice is done, False when it needs nothing, None when
    more chunks remain."""
    now = timezone.now()
    notice = (Notice.objects.unscoped("the email job locks the notice it sends").select_for_update(of=("self",))
              .select_related("institution").filter(pk=notice_id).first())
    if notice is None or notice.emailed_at is not None:
        return False
    if notice.withdrawn_at is not None or notice.publish_at > now:  # withdrawn, or rescheduled meanwhile
        return False
    people = dict(selectors.notice_recipients(notice).filter(pk__gt=notice.email_cursor).order_by("pk")
                  .values_list("pk", "email")[:chunk_size])
    member_notify(recipients=people, kind=NotificationKind.NOTICE, template="notice_published", category=CATEGORY,
                  reference=f"notice:{notice.pk}", link=reverse("portal:notice_detail", args=[notice.pk]),
                  context={"notice": notice})
    if people:
        notice.email_cursor = max(people)
    finished = len(people) < chunk_size
    if finished:
        notice.emailed_at = now
    notice.save(update_fields=["email_cursor", "emailed_at"])
    return True if finished else None
