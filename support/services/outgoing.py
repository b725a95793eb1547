"""The desk's emails, all through ops.notifications: to the admin on the ticket's thread, and to the staff.

Every email to the admin carries the ticket's reference in a fixed subject ([BA-000123] ...), its own
Message-ID (kept on the timeline entry it belongs to), and In-Reply-To / References to the thread, so the
admin's mail program threads it and a reply finds its ticket again (support.services.intake). Replies from the
desk leave in business hours (SUP-2): one written after 17:00 is held until 10:00 of the next business day.
"""

from email.utils import make_msgid

from django.conf import settings
from django.utils import timezone

from members.models import Role, User
from ops.calendar import next_business_moment
from ops.notifications import notification_send

from ..models import Ticket, TicketEntry

THREAD_REFERENCES_MAX = 10


def support_domain() -> str:
    return settings.SUPPORT_EMAIL_ADDRESS.rsplit("@", 1)[-1] or "bigadvance.example.jp"


def new_message_id(ticket: Ticket) -> str:
    return make_msgid(idstring=ticket.reference.lower(), domain=support_domain())


def thread_headers(ticket: Ticket) -> dict[str, str]:
    """In-Reply-To the admin's latest email (else our latest), References the thread's first and last IDs."""
    thread = list(TicketEntry.objects.unscoped("the email thread of a ticket, for its headers")
                  .filter(ticket=ticket).exclude(message_id="").order_by("created_at", "id")
                  .values_list("message_id", "kind"))
    if not thread:
        return {}
    from_admin = [mid for mid, kind in thread if kind in (TicketEntry.Kind.INQUIRY, TicketEntry.Kind.ADMIN_MESSAGE)]
    ids = list(dict.fromkeys(mid for mid, _kind in thread))
    if len(ids) > THREAD_REFERENCES_MAX:
        ids = ids[:1] + ids[-(THREAD_REFERENCES_MAX - 1):]
    return {"In-Reply-To": from_admin[-1] if from_admin else thread[-1][0], "References": " ".join(ids)}


def to_requester(*, ticket: Ticket, entry: TicketEntry, template: str, context: dict | None = None,
                 hold_to_business_hours: bool = False, automatic: bool = False, reference: str = "") -> str:
    """Queue one email to the ticket's admin as part of the thread; the entry keeps its Message-ID."""
    message_id = new_message_id(ticket)
    headers = {"From": settings.SUPPORT_FROM_EMAIL, "Reply-To": settings.SUPPORT_EMAIL_ADDRESS,
               "Message-ID": message_id, **thread_headers(ticket)}
    if automatic:  # RFC 3834: a mail program must not answer it automatically
        headers["Auto-Submitted"] = "auto-replied" if ticket.channel == "email" else "auto-generated"
    not_before = next_business_moment(timezone.now()) if hold_to_business_hours else None
    notification_send(template=template, recipients=[ticket.requester.email], category="support",
                      reference=reference or f"support:{ticket.pk}:{entry.pk}", not_before=not_before, headers=headers,
                      context={"ticket": ticket, "entry": entry, "support_address": settings.SUPPORT_EMAIL_ADDRESS,
                               **(context or {})})
    entry.message_id = message_id
    entry.save(update_fields=["message_id"])
    return message_id


def desk_recipients(ticket: Ticket | None = None) -> list[str]:
    """The ticket's assignee; else every active support staff member."""
    if ticket is not None and ticket.assignee_id and ticket.assignee.is_active:
        return [ticket.assignee.email]
    return list(User.objects.staff().filter(role=Role.SUPPORT, is_active=True).values_list("email", flat=True))


def to_desk(*, template: str, recipients: list[str], context: dict, reference: str) -> None:
    notification_send(template=template, recipients=recipients, category="support", reference=reference,
                      context={"support_address": settings.SUPPORT_EMAIL_ADDRESS, **context})


def staff_update(ticket: Ticket, event: str, *, actor: User | None = None, entry: TicketEntry | None = None) -> None:
    """Tell the desk something happened on a ticket: new, message, reopened, confirmed, assigned."""
    recipients = [email for email in desk_recipients(ticket) if actor is None or email != actor.email]
    if recipients:
        to_desk(template="support_staff_update", recipients=recipients, reference=f"support:{ticket.pk}:staff",
                context={"ticket": ticket, "event": event, "entry": entry})
