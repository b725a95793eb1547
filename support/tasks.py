"""Celery tasks of the desk: thin, idempotent, each calls one service."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
FETCH_LOCK = "support:imap:fetching"
FETCH_LOCK_SECONDS = 300


@shared_task
def support_mail_fetch_task() -> dict | None:
    """Read the support mailbox (beat: every minute; the desk's button). One run at a time; none when unset."""
    if not settings.SUPPORT_IMAP_URL:
        return None
    if not cache.add(FETCH_LOCK, 1, FETCH_LOCK_SECONDS):
        return None  # another run is reading the mailbox; its Message-IDs guard anyway
    try:
        from .imap import mailbox_fetch

        summary = mailbox_fetch()
        return {"processed": summary.processed, "already_done": summary.already_done, "failed": summary.failed}
    finally:
        cache.delete(FETCH_LOCK)


@shared_task
def support_sla_warn_task() -> int:
    from .services.reminders import tickets_warn_sla

    return tickets_warn_sla()


@shared_task
def support_confirmation_remind_task() -> int:
    from .services.reminders import tickets_remind_unconfirmed

    return tickets_remind_unconfirmed()
