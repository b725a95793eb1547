"""The one outbound email path: templated plain text, one message per recipient, a transactional outbox.

`notification_send` renders the template and writes one pending `EmailLog` row per recipient in the caller's
transaction, so a rolled-back change sends nothing and a committed one loses nothing. After the commit it
queues `emails_deliver_task` for those rows; when the broker cannot be reached the rows simply stay pending.
Nothing is ever sent inside a web request or an open transaction: the Celery worker delivers.

Delivery claims a row with one conditional update (attempts + 1 and a lease, so no other process takes it),
sends with no transaction open, and records the outcome: sent; or pending again after the next delay of
EMAIL_RETRY_DELAYS; or failed once EMAIL_MAX_ATTEMPTS are used up. Beat's sweep (`notifications_send_due`,
every minute) delivers every due row: held ones (e.g. a critical failure at night, until the next business
moment, CAL-2), retries, rows whose enqueue failed, and rows of a process that died mid-send once their lease
ends, so a crash repeats at most the one email in flight. Failed rows stay until an operator retries or
cancels them (`manage.py emails`). Imports no other app, so any app may call it.
"""

import functools
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template import Engine, engines
from django.utils import timezone, translation

from .models import EmailLog

logger = logging.getLogger(__name__)
Status = EmailLog.Status
LEASE = timedelta(minutes=10)  # far beyond EMAIL_TIMEOUT: a row claimed this long ago lost its process
BATCH_SIZE = 100


@functools.cache
def _text_engine() -> Engine:
    """The project's templates with autoescaping off: plain text carries `&`, quotes and `<` as written."""
    html = engines["django"].engine
    return Engine(dirs=html.dirs, app_dirs=html.app_dirs, libraries=html.libraries, debug=html.debug,
                  autoescape=False)


def render_email(template: str, context: dict, *, language: str = "ja") -> tuple[str, str]:
    engine = _text_engine()
    with translation.override(language):
        subject = " ".join(engine.render_to_string(f"emails/{template}_subject.txt", context).split())
        body = engine.render_to_string(f"emails/{template}_body.txt", context)
    return subject[:255], body


def notification_send(
    *,
    template: str,
    recipients: Iterable[str],
    context: dict,
    category: str,
    reference: str = "",
    not_before: datetime | None = None,
    language: str = "ja",
    headers: dict[str, str] | None = None,
) -> list[EmailLog]:
    """Render `templates/emails/<template>_subject.txt` and `_body.txt` and queue one email per address.

    Each recipient gets their own message, so no FI sees another FI's addresses. The worker delivers them
    once the caller's transaction commits (at once outside a transaction), or at `not_before` when later.
    `headers` go on every message as given (a `From` here replaces DEFAULT_FROM_EMAIL in the header only); a
    `Message-ID` names one message, so it is accepted for one recipient only.
    """
    subject, body = render_email(template, context, language=language)
    addresses = sorted({a.strip().lower() for a in recipients if a and a.strip()})
    headers = {str(name): str(value) for name, value in (headers or {}).items()}
    if any("\n" in v or "\r" in v for v in headers.values()):
        raise ValueError("a header value must be one line")
    if "message-id" in {name.lower() for name in headers} and len(addresses) > 1:
        raise ValueError("a Message-ID names one message: send to one recipient at a time")
    now = timezone.now()
    hold = not_before is not None and not_before > now
    logs = EmailLog.objects.bulk_create([
        EmailLog(category=category, template=template, recipient=address, subject=subject, body=body,
                 status=Status.PENDING, reference=reference, scheduled_for=not_before if hold else now,
                 headers=headers)
        for address in addresses
    ])
    if logs and not hold:
        ids = [log.pk for log in logs]
        transaction.on_commit(lambda: emails_enqueue(ids))
    return logs


def emails_enqueue(ids: list[int]) -> None:
    """Hand rows to the worker. A broker that cannot be reached loses nothing: beat's sweep sends them."""
    from ops.tasks.emails import emails_deliver_task

    for start in range(0, len(ids), BATCH_SIZE):
        try:
            emails_deliver_task.delay(ids[start:start + BATCH_SIZE])
        except Exception:
            logger.exception("emails could not be queued; beat's sweep will send them ids=%s",
                             ids[start:start + BATCH_SIZE])


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try (1-based); the last configured delay repeats."""
    delays = settings.EMAIL_RETRY_DELAYS
    return timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def _claim(log_id: int) -> EmailLog | None:
    now = timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    claimed = EmailLog.objects.filter(free, pk=log_id, status=Status.PENDING, scheduled_for__lte=now).update(
        attempts=F("attempts") + 1, locked_until=now + LEASE)
    return EmailLog.objects.get(pk=log_id) if claimed else None


def _record(log: EmailLog, error: Exception | None) -> None:
    now = timezone.now()
    if error is None:
        outcome = {"status": Status.SENT, "sent_at": now, "error": ""}
    elif log.attempts < settings.EMAIL_MAX_ATTEMPTS:
        outcome = {"scheduled_for": now + retry_delay(log.attempts), "error": f"{type(error).__name__}: {error}"}
    else:
        outcome = {"status": Status.FAILED, "error": f"{type(error).__name__}: {error}"}
    outcome["error"] = outcome["error"][:2000]
    EmailLog.objects.filter(pk=log.pk, status=Status.PENDING).update(locked_until=None, **outcome)


def emails_deliver(*, ids: Iterable[int]) -> int:
    """Send the given rows that are due and not taken; returns how many were tried. Runs in the worker."""
    tried = 0
    connection = get_connection()
    try:
        for log_id in ids:
            log = _claim(log_id)
            if log is None:  # sent, held, failed, or being sent by another process
                continue
            message = EmailMessage(subject=log.subject, body=log.body, from_email=settings.DEFAULT_FROM_EMAIL,
                                   to=[log.recipient], connection=connection, headers=log.headers or None)
            try:
                message.send()
            except Exception as exc:  # the row keeps the failure; the others still go
                logger.warning("email failed id=%s attempt=%s error=%s", log.pk, log.attempts, exc)
                _record(log, exc)
            else:
                _record(log, None)
            tried += 1
    finally:
        connection.close()
    return tried


def notifications_send_due(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """Deliver every pending row whose time has come; safe to run in several processes and to rerun."""
    now = now or timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    tried, after_id = 0, 0
    while True:
        due = list(EmailLog.objects.filter(free, status=Status.PENDING, scheduled_for__lte=now, pk__gt=after_id)
                   .order_by("pk").values_list("pk", flat=True)[:batch_size])
        tried += emails_deliver(ids=due)
        if len(due) < batch_size:
            return tried
        after_id = due[-1]


@transaction.atomic
def emails_retry(*, ids: Iterable[int] | None = None) -> int:
    """Put failed emails (all, or the given ones) back in the queue with fresh attempts."""
    failed = EmailLog.objects.filter(status=Status.FAILED)
    if ids is not None:
        failed = failed.filter(pk__in=list(ids))
    retried = list(failed.values_list("pk", flat=True))
    EmailLog.objects.filter(pk__in=retried).update(status=Status.PENDING, attempts=0, locked_until=None,
                                                   scheduled_for=timezone.now())
    if retried:
        transaction.on_commit(lambda: emails_enqueue(retried))
    return len(retried)


@transaction.atomic
def emails_cancel(*, ids: Iterable[int]) -> int:
    """Give up failed emails (e.g. an address that no longer exists); the log keeps them."""
    return EmailLog.objects.filter(status=Status.FAILED, pk__in=list(ids)).update(status=Status.CANCELLED)
