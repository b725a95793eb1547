"""The worker's side of the outbox: deliver emails, then record which notices are thereby done.

A notice ("announced", "notified") counts as done only when every one of its emails was delivered, so the
marking runs after each delivery and again in beat's sweep (which also catches a marking lost to a crash).
"""

from ops import notifications
from ops.services.incidents import incident_notices_mark_sent
from ops.services.maintenance import maintenance_notices_mark_delivered


def emails_deliver(*, ids: list[int]) -> int:
    tried = notifications.emails_deliver(ids=ids)
    notices_mark_delivered()
    return tried


def emails_send_due() -> int:
    tried = notifications.notifications_send_due()
    notices_mark_delivered()
    return tried


def notices_mark_delivered() -> int:
    return maintenance_notices_mark_delivered() + incident_notices_mark_sent()
