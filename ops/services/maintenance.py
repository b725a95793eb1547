"""Writes on maintenance windows and maintenance mode (OPS-1..5).

Weekly windows (OPS-2) are reserved slots generated ahead. Release (OPS-3) and ad-hoc windows are
announced to every FI at least MAINTENANCE_NOTICE_BUSINESS_DAYS business days ahead, unless marked an
emergency with a recorded reason (OPS-4). A notice's emails are written to the outbox in the same transaction
as the change (so a broker outage loses none) and leave after commit; the notice's timestamp on the window is
set once all of them were delivered, and the outbox rows make every notice idempotent.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import FinancialInstitution, MaintenanceContact, Role, User
from ops.calendar import OPENING, TOKYO, add_business_days, business_days_between, to_tokyo
from ops.features import FEATURES, unknown_features
from ops.models import EmailLog, MaintenanceWindow
from ops.notifications import notification_send
from ops.selectors.maintenance import OPEN_STATUSES, active_windows, email_reference, service_stop_cache_clear

Kind, Status = MaintenanceWindow.Kind, MaintenanceWindow.Status
WEEKLY_START_HOUR, WEEKLY_HOURS = 22, 2

# notice -> (email template, the window field that records it was sent)
NOTICES: dict[str, tuple[str, str]] = {
    "announced": ("maintenance_announced", "announcement_sent_at"),
    "reminder": ("maintenance_reminder", "reminder_sent_at"),
    "started": ("maintenance_started", "start_notice_sent_at"),
    "ended": ("maintenance_ended", "end_notice_sent_at"),
    "cancelled": ("maintenance_cancelled", "cancel_notice_sent_at"),
}


def _tokyo_date(moment: datetime) -> date:
    return to_tokyo(moment).date()


def _after_commit(window: MaintenanceWindow, notice: str | None = None) -> None:
    """Clear the maintenance-mode cache now and after commit; write the notice's emails, which leave after it."""
    service_stop_cache_clear()
    transaction.on_commit(service_stop_cache_clear)
    if notice is not None and window.kind != Kind.WEEKLY:
        maintenance_notice_send(window_id=window.pk, notice=notice)


def notice_is_sufficient(*, announced_on: date, starts_on: date) -> bool:
    """OPS-4: the start date lies at least N business days after the announcement date."""
    return business_days_between(announced_on, starts_on) >= settings.MAINTENANCE_NOTICE_BUSINESS_DAYS


def earliest_regular_start(*, announced_on: date) -> date:
    return add_business_days(announced_on, settings.MAINTENANCE_NOTICE_BUSINESS_DAYS)


def _check_span(*, starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """Bounds on every window a person types: soon enough, short enough (compared in UTC, no calendar work)."""
    if ends_at <= starts_at:
        raise ValidationError(_("終了日時は開始日時より後にしてください。"))
    if ends_at <= now:
        raise ValidationError(_("終了日時が過ぎています。"))
    if starts_at > now + timedelta(days=settings.MAINTENANCE_MAX_DAYS_AHEAD):
        raise ValidationError(_("開始日時は今日から%(days)d日以内にしてください。")
                              % {"days": settings.MAINTENANCE_MAX_DAYS_AHEAD})
    if ends_at - starts_at > timedelta(hours=settings.MAINTENANCE_MAX_HOURS):
        raise ValidationError(_("メンテナンスの時間は%(hours)d時間以内にしてください。")
                              % {"hours": settings.MAINTENANCE_MAX_HOURS})


def maintenance_schedule(
    *,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    message: str,
    features: list[str] | None = None,
    stops_service: bool | None = None,
    is_emergency: bool = False,
    emergency_reason: str = "",
    created_by: User | None = None,
    now: datetime | None = None,
) -> MaintenanceWindow:
    """Announce a release or ad-hoc window; every FI's contacts and admins are emailed after commit.

    Every rule is checked before the transaction opens, so nothing slow runs while it holds a lock.
    """
    now = now or timezone.now()
    features = list(dict.fromkeys(f.strip() for f in features or [] if f.strip()))
    message, emergency_reason = message.strip(), emergency_reason.strip()
    if kind not in (Kind.RELEASE, Kind.ADHOC):
        raise ValidationError(_("登録できるのはリリース作業と臨時メンテナンスだけです。定期メンテナンスは自動で登録されます。"))
    if unknown := unknown_features(features):
        raise ValidationError(_("不明な機能です: %(unknown)s（指定できる機能: %(known)s）")
                              % {"unknown": ", ".join(unknown), "known": ", ".join(FEATURES)})
    _check_span(starts_at=starts_at, ends_at=ends_at, now=now)
    if not message:
        raise ValidationError(_("お知らせ文を入力してください。"))
    if is_emergency and not emergency_reason:
        raise ValidationError(_("緊急メンテナンスには理由の記入が必要です。"))
    if not is_emergency and not notice_is_sufficient(announced_on=_tokyo_date(now),
                                                     starts_on=_tokyo_date(starts_at)):
        earliest = earliest_regular_start(announced_on=_tokyo_date(now))
        raise ValidationError(
            _("開始日の%(days)d営業日前までに告知が必要です。最短の開始日は%(earliest)sです。"
              "それより早く実施する場合は緊急として理由を記入してください。")
            % {"days": settings.MAINTENANCE_NOTICE_BUSINESS_DAYS, "earliest": earliest.isoformat()}
        )
    return _window_announce(
        kind=kind, starts_at=starts_at, ends_at=ends_at, message=message,
        scope=MaintenanceWindow.Scope.FEATURES if features else MaintenanceWindow.Scope.WHOLE,
        features=features, stops_service=True if stops_service is None else stops_service,
        is_emergency=is_emergency, emergency_reason=emergency_reason if is_emergency else "",
        announced_at=now, created_by=created_by,
    )


@transaction.atomic
def _window_announce(**fields) -> MaintenanceWindow:
    window = MaintenanceWindow.objects.create(**fields)
    _after_commit(window, "announced")
    return window


@transaction.atomic
def maintenance_start_now(
    *, minutes: int, reason: str, message: str = "", created_by: User | None = None, now: datetime | None = None,
) -> MaintenanceWindow:
    """Stop the whole service at once for `minutes`: an emergency ad-hoc window (OPS-4, OPS-5)."""
    now = now or timezone.now()
    if minutes < 1:
        raise ValidationError(_("停止時間は1分以上にしてください。"))
    if minutes > settings.MAINTENANCE_MAX_HOURS * 60:
        raise ValidationError(_("メンテナンスの時間は%(hours)d時間以内にしてください。")
                              % {"hours": settings.MAINTENANCE_MAX_HOURS})
    if not reason.strip():
        raise ValidationError(_("緊急メンテナンスには理由の記入が必要です。"))
    window = MaintenanceWindow.objects.create(
        kind=Kind.ADHOC, status=Status.IN_PROGRESS, starts_at=now, ends_at=now + timedelta(minutes=minutes),
        message=message.strip() or _("緊急メンテナンスのため、サービスを一時停止しています。"),
        stops_service=True, is_emergency=True, emergency_reason=reason.strip(), announced_at=now,
        started_at=now, created_by=created_by,
    )
    _after_commit(window, "started")
    return window


def _locked(window: MaintenanceWindow) -> MaintenanceWindow:
    return MaintenanceWindow.objects.select_for_update().get(pk=window.pk)


@transaction.atomic
def maintenance_end(*, window: MaintenanceWindow, now: datetime | None = None) -> MaintenanceWindow:
    """End a running window now; the service reopens at once."""
    now = now or timezone.now()
    window = _locked(window)
    if window.status not in OPEN_STATUSES:
        raise ValidationError(_("このメンテナンスは既に終了または中止されています。"))
    if window.starts_at > now:
        raise ValidationError(_("開始前のメンテナンスは終了できません。中止してください。"))
    window.status, window.completed_at = Status.COMPLETED, now
    window.started_at = window.started_at or window.starts_at
    window.save(update_fields=["status", "completed_at", "started_at"])
    _after_commit(window, "ended")
    return window


@transaction.atomic
def maintenance_end_active(*, now: datetime | None = None) -> list[MaintenanceWindow]:
    now = now or timezone.now()
    return [maintenance_end(window=window, now=now) for window in active_windows(now=now)]


@transaction.atomic
def maintenance_cancel(*, window: MaintenanceWindow, reason: str, now: datetime | None = None
                       ) -> MaintenanceWindow:
    """Call off a window that has not started; FIs told of it are told it is off."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError(_("中止の理由を入力してください。"))
    window = _locked(window)
    if window.status != Status.SCHEDULED or window.starts_at <= now:
        raise ValidationError(_("中止できるのは開始前の予定だけです。"))
    window.status, window.cancelled_at, window.cancel_reason = Status.CANCELLED, now, reason.strip()
    window.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    _after_commit(window, "cancelled" if notice_recorded(window, "announced") else None)
    return window


@transaction.atomic
def maintenance_update(*, window: MaintenanceWindow, stops_service: bool, message: str) -> MaintenanceWindow:
    """Switch a window's service stop on or off (e.g. use a weekly slot) and edit its message."""
    window = _locked(window)
    if window.status not in OPEN_STATUSES:
        raise ValidationError(_("終了または中止したメンテナンスは変更できません。"))
    if not message.strip():
        raise ValidationError(_("お知らせ文を入力してください。"))
    window.stops_service, window.message = stops_service, message.strip()
    window.save(update_fields=["stops_service", "message"])
    _after_commit(window)
    return window


def weekly_dates(*, today: date, weeks: int) -> list[date]:
    """The next `weeks` Mondays from `today` (today included when it is a Monday)."""
    first = today + timedelta(days=(7 - today.weekday()) % 7)
    return [first + timedelta(weeks=i) for i in range(weeks)]


@transaction.atomic
def maintenance_weekly_generate(*, now: datetime | None = None, weeks: int | None = None
                                ) -> list[MaintenanceWindow]:
    """Make sure the Monday 22:00-24:00 windows exist for the coming weeks (OPS-2); returns those created.

    Always computed from today, so a run after downtime or a skipped week fills every gap; `weekly_date`
    is unique, so reruns and concurrent runs create nothing twice.
    """
    now = now or timezone.now()
    weeks = settings.MAINTENANCE_WEEKLY_WEEKS_AHEAD if weeks is None else weeks
    created = []
    for monday in weekly_dates(today=_tokyo_date(now), weeks=weeks):
        starts_at = datetime(monday.year, monday.month, monday.day, WEEKLY_START_HOUR, tzinfo=TOKYO)
        window, was_created = MaintenanceWindow.objects.get_or_create(
            weekly_date=monday,
            defaults={"kind": Kind.WEEKLY, "starts_at": starts_at,
                      "ends_at": starts_at + timedelta(hours=WEEKLY_HOURS), "stops_service": False,
                      "message": _("定期メンテナンス（毎週月曜 22:00〜24:00）の時間帯です。")},
        )
        if was_created:
            created.append(window)
    return created


@transaction.atomic
def maintenance_advance_states(*, now: datetime | None = None) -> dict[str, int]:
    """Move windows scheduled -> in progress -> completed by the clock and queue start and end notices.

    Runs every minute and catches up after downtime; a window missed entirely goes straight to completed
    with only its end notice.
    """
    now = now or timezone.now()
    open_windows = MaintenanceWindow.objects.select_for_update().filter(status__in=OPEN_STATUSES)
    ended = list(open_windows.filter(ends_at__lte=now))
    for window in ended:
        window.status, window.completed_at = Status.COMPLETED, window.ends_at
        window.save(update_fields=["status", "completed_at"])
        _after_commit(window, "ended")
    started = list(open_windows.filter(status=Status.SCHEDULED, starts_at__lte=now, ends_at__gt=now))
    for window in started:
        window.status, window.started_at = Status.IN_PROGRESS, now
        window.save(update_fields=["status", "started_at"])
        _after_commit(window, "started")
    return {"started": len(started), "ended": len(ended)}


def reminder_due_at(window: MaintenanceWindow) -> datetime:
    """10:00 of the business day before the start date (CAL-1, CAL-2)."""
    day = add_business_days(_tokyo_date(window.starts_at), -1)
    return datetime.combine(day, OPENING, tzinfo=TOKYO)


@transaction.atomic
def maintenance_send_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminder of each announced window whose start is one business day away."""
    now = now or timezone.now()
    candidates = MaintenanceWindow.objects.filter(
        status=Status.SCHEDULED, starts_at__gt=now, reminder_sent_at__isnull=True,
        starts_at__lte=now + timedelta(days=15),  # a business day before is never further than this
    ).exclude(kind=Kind.WEEKLY)
    queued = 0
    for window in candidates:
        due = reminder_due_at(window)
        # An announcement made after the reminder time already is the reminder.
        if (due <= now and window.announced_at and window.announced_at < due
                and not notice_recorded(window, "reminder")):
            _after_commit(window, "reminder")
            queued += 1
    return queued


def notice_recipients() -> list[str]:
    """Every active FI's maintenance contacts and its active FI admins (OPS-4)."""
    active = FinancialInstitution.Status.ACTIVE
    contacts = (MaintenanceContact.objects.unscoped("maintenance notices go to every FI")
                .filter(institution__status=active).values_list("email", flat=True))
    admins = User.objects.unscoped("maintenance notices go to every FI").filter(role=Role.FI_ADMIN, is_active=True, institution__status=active
                                 ).values_list("email", flat=True)
    return sorted({*contacts, *admins})


def notice_recorded(window: MaintenanceWindow, notice: str) -> bool:
    """The notice was written to the outbox (delivered or not) or is done."""
    template, sent_field = NOTICES[notice]
    return (getattr(window, sent_field) is not None
            or EmailLog.objects.filter(reference=email_reference(window), template=template).exists())


@transaction.atomic
def maintenance_notice_send(*, window_id: int, notice: str, now: datetime | None = None) -> int:
    """Write one notice about one window to every recipient, once; returns how many emails were written.

    The notice counts as sent (its timestamp on the window) once every email was delivered
    (`maintenance_notices_mark_delivered`), at once when there is nobody to tell.
    """
    template, sent_field = NOTICES[notice]
    window = MaintenanceWindow.objects.select_for_update().filter(pk=window_id).first()
    if window is None or notice_recorded(window, notice):
        return 0
    if notice in ("announced", "reminder", "started") and window.status == Status.CANCELLED:
        return 0
    logs = notification_send(
        template=template, recipients=notice_recipients(), category="maintenance",
        reference=email_reference(window), context={"window": window},
    )
    if not logs:
        setattr(window, sent_field, now or timezone.now())
        window.save(update_fields=[sent_field])
    return len(logs)


def maintenance_notices_mark_delivered() -> int:
    """Stamp each notice whose emails were all delivered with the last delivery time; returns how many."""
    marked = 0
    reference = Concat(Value("maintenance:"), Cast(OuterRef("pk"), CharField()))  # email_reference() in SQL
    for template, sent_field in NOTICES.values():
        emails = EmailLog.objects.filter(reference=reference, template=template)
        done = (MaintenanceWindow.objects.filter(**{f"{sent_field}__isnull": True})
                .filter(Exists(emails)).exclude(Exists(emails.exclude(status=EmailLog.Status.SENT)))
                .annotate(delivered=Subquery(emails.order_by("-sent_at").values("sent_at")[:1])))
        for window in done:
            marked += MaintenanceWindow.objects.filter(pk=window.pk, **{f"{sent_field}__isnull": True}).update(
                **{sent_field: window.delivered})
    return marked
