"""Fault link (INC-3): tickets the desk tied to an incident hear when work on it starts (the incident's
confirmation step: 「障害を確認し、対応を開始しました」) and when its recovery is confirmed.

ops never imports the desk: `ops.signals.incident_step_reached` is sent inside the incident's transaction, and
the receiver below writes the timeline entries and queues the emails in that same transaction. A ticket linked
later catches up at once (`relay_progress`). Each relay is sent once per ticket and incident (its outbox
reference is the guard). The emails are replies to the admin's own inquiry and name no incident detail.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ops.models import EmailLog, Incident

from .. import sla
from ..models import ReplyKind, Ticket, TicketEntry, TicketStatus
from . import outgoing

STARTED, RECOVERED = "started", "recovered"
STEP_RELAYS = {Incident.Status.CONFIRMED: STARTED, Incident.Status.RECOVERY_CONFIRMED: RECOVERED}


def relay_reference(ticket: Ticket, incident: Incident, relay: str) -> str:
    return f"support:{ticket.pk}:incident:{incident.pk}:{relay}"


def relay(ticket: Ticket, incident: Incident, kind: str) -> bool:
    """Tell the ticket's admin about the fault's progress once; False when it was told already."""
    reference = relay_reference(ticket, incident, kind)
    if not ticket.is_open or EmailLog.objects.filter(reference=reference).exists():
        return False
    now = timezone.now()
    ticket.first_responded_at = ticket.first_responded_at or now
    if kind == STARTED:
        body = _("障害を確認し、対応を開始しました。復旧しましたら、あらためてご連絡いたします。")
        if ticket.status == TicketStatus.NEW:
            ticket.status = TicketStatus.IN_PROGRESS
        reply_kind, template = ReplyKind.UPDATE, "support_incident_started"
    else:
        body = _("障害は復旧しました。ご不便をおかけし申し訳ございませんでした。解決しているかご確認をお願いいたします。")
        ticket.status, ticket.answered_at = TicketStatus.WAITING_CONFIRMATION, now
        ticket.confirmation_requested_at, ticket.confirmation_reminded_at = now, None
        sla.pause(ticket, now)
        reply_kind, template = ReplyKind.ANSWER, "support_incident_recovered"
    ticket.save()
    entry = TicketEntry.objects.create(ticket=ticket, kind=TicketEntry.Kind.REPLY, reply_kind=reply_kind, body=body,
                                       created_at=now)
    outgoing.to_requester(ticket=ticket, entry=entry, template=template, hold_to_business_hours=True,
                          reference=reference)
    return True


def relay_progress(ticket: Ticket, incident: Incident) -> None:
    """A ticket linked after work started (or after recovery) hears where the fault stands now."""
    if incident.status in (Incident.Status.CONFIRMED, Incident.Status.RECOVERING):
        relay(ticket, incident, STARTED)
    elif incident.status == Incident.Status.RECOVERY_CONFIRMED:
        relay(ticket, incident, RECOVERED)


def on_incident_step(sender, *, incident: Incident, status: str, **kwargs) -> None:
    kind = STEP_RELAYS.get(status)
    if kind is None:
        return
    linked = (Ticket.objects.unscoped("tickets the desk linked to an incident").open()
              .filter(incident=incident).select_for_update(of=("self",)).select_related("requester").order_by("pk"))
    with transaction.atomic():
        for ticket in linked:
            relay(ticket, incident, kind)
