"""The one outbound email path: templated, one message per recipient, each logged.

Takes addresses and a template name; imports no other app, so any app may call it.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .models import EmailLog

logger = logging.getLogger(__name__)


def notification_send(
    *,
    template: str,
    recipients: Iterable[str],
    context: dict,
    category: str,
    reference: str = "",
    language: str = "ja",
) -> list[EmailLog]:
    """Render `templates/emails/<template>_subject.txt` and `_body.txt` and send one email per address.

    Each recipient gets their own message, so no FI sees another FI's addresses.
    """
    logs = []
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    for address in sorted({a.strip().lower() for a in recipients if a and a.strip()}):
        message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
        try:
            message.send()
        except Exception as exc:  # the log, not the caller, keeps the failure; others still get theirs
            logger.exception("email to %s failed", address)
            status, error = EmailLog.Status.FAILED, str(exc)[:2000]
        else:
            status, error = EmailLog.Status.SENT, ""
        logs.append(EmailLog.objects.create(
            category=category, template=template, recipient=address, subject=subject[:255],
            status=status, error=error, reference=reference,
        ))
    return logs
