"""The one outbound email path: templated, one message per recipient, each logged (a transactional outbox).

`notification_send` writes one pending `EmailLog` row per recipient in the caller's transaction, so a
rolled-back change sends nothing. Once that transaction commits, each row is delivered on its own, under
a row lock, and marked sent or failed. A row may be held until a given moment (e.g. the next business
moment, CAL-2). `notifications_send_due` (run by beat every minute) delivers held rows whose time has come,
and rows left pending by a process that died mid-delivery: a crash loses no email and repeats at most the
one that was in flight. Takes addresses and a template name; imports no other app, so any app may call it.
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import EmailLog

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict, *, language: str = "ja") -> tuple[str, str]:
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
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
) -> list[EmailLog]:
    """Render `templates/emails/<template>_subject.txt` and `_body.txt` and queue one email per address.

    Each recipient gets their own message, so no FI sees another FI's addresses. The emails leave once the
    caller's transaction commits (at once outside a transaction), or at `not_before` when that is later.
    """
    subject, body = render_email(template, context, language=language)
    now = timezone.now()
    hold = not_before is not None and not_before > now
    logs = [
        EmailLog.objects.create(
            category=category, template=template, recipient=address, subject=subject, body=body,
            status=EmailLog.Status.PENDING, reference=reference, scheduled_for=not_before if hold else now,
        )
        for address in sorted({a.strip().lower() for a in recipients if a and a.strip()})
    ]
    if logs and not hold:
        ids = [log.pk for log in logs]
        transaction.on_commit(lambda: _deliver_each(ids))
    return logs


def _deliver_each(ids: list[int]) -> int:
    return sum(_deliver_one(log_id) for log_id in ids)


def _deliver_one(log_id: int) -> int:
    """Claim one pending row, send it, record the outcome: one transaction per email."""
    with transaction.atomic():
        log = (EmailLog.objects.select_for_update(skip_locked=True)
               .filter(pk=log_id, status=EmailLog.Status.PENDING).first())
        if log is None:  # already delivered, or being delivered by another process
            return 0
        message = EmailMessage(subject=log.subject, body=log.body, from_email=settings.DEFAULT_FROM_EMAIL,
                               to=[log.recipient])
        try:
            message.send()
        except Exception as exc:  # the log, not the caller, keeps the failure; others still get theirs
            logger.exception("email to %s failed", log.recipient)
            log.status, log.error = EmailLog.Status.FAILED, str(exc)[:2000]
        else:
            log.status, log.error, log.sent_at = EmailLog.Status.SENT, "", timezone.now()
        log.save(update_fields=["status", "error", "sent_at"])
        return 1


def notifications_send_due(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """Deliver pending rows whose time has come; safe to run in several processes and to rerun."""
    now = now or timezone.now()
    delivered, after_id = 0, 0
    while True:
        due = list(EmailLog.objects.filter(status=EmailLog.Status.PENDING, scheduled_for__lte=now, pk__gt=after_id)
                   .order_by("pk").values_list("pk", flat=True)[:batch_size])
        delivered += _deliver_each(due)
        if len(due) < batch_size:
            return delivered
        after_id = due[-1]
