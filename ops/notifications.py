"""The one outbound email path: templated, one message per recipient, each logged.

A message may be held until a given moment (e.g. the next business moment, CAL-2): it is stored as
pending and `notifications_send_due` (run by beat) sends it then. Takes addresses and a template name;
imports no other app, so any app may call it.
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


def _deliver(log: EmailLog) -> None:
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
    """Render `templates/emails/<template>_subject.txt` and `_body.txt` and send one email per address.

    Each recipient gets their own message, so no FI sees another FI's addresses. With `not_before` in
    the future the messages are stored as pending and sent by `notifications_send_due`.
    """
    subject, body = render_email(template, context, language=language)
    hold = not_before is not None and not_before > timezone.now()
    logs = []
    for address in sorted({a.strip().lower() for a in recipients if a and a.strip()}):
        log = EmailLog.objects.create(
            category=category, template=template, recipient=address, subject=subject, body=body,
            status=EmailLog.Status.PENDING, reference=reference, scheduled_for=not_before if hold else None,
        )
        if not hold:
            _deliver(log)
        logs.append(log)
    return logs


def notifications_send_due(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """Send held messages whose time has come. Each row is claimed under a lock, so reruns never resend."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                EmailLog.objects.select_for_update(skip_locked=True)
                .filter(status=EmailLog.Status.PENDING, scheduled_for__lte=now)
                .order_by("scheduled_for", "id")[:batch_size]
            )
            for log in batch:
                _deliver(log)
        sent += len(batch)
        if len(batch) < batch_size:
            return sent
