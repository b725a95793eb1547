"""The desk's scheduled jobs: SLA warnings to the staff in business hours (SUP-3), and reminders of answers
the admin has not confirmed (SUP-4: a reminder, never a silent close). Both idempotent: beat may rerun them."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ops.calendar import add_business_days, is_business_hours, to_tokyo

from .. import sla
from ..models import SlaWarning, Ticket, TicketEntry, TicketStatus
from . import outgoing


def tickets_warn_sla(*, now: datetime | None = None) -> int:
    """Warn the assignee (else every support staff member) of targets near or past due; each once per due time.
    Runs in business hours only: at night the warnings wait for 10:00 of the next business day."""
    now = now or timezone.now()
    if not is_business_hours(now):
        return 0
    horizon = sla.warning_horizon(now)
    flagged = (Ticket.objects.unscoped("the SLA warning job looks at every open ticket")
               .filter(sla.breached_q(now) | sla.near_q(now, horizon)).select_related("assignee", "institution")
               .order_by("pk"))
    per_recipient: dict[str, list] = defaultdict(list)
    sent = 0
    with transaction.atomic():
        for ticket in flagged:
            for clock in sla.clocks(ticket, now, horizon):
                if clock.met_at is not None or not clock.is_alert:
                    continue
                _warning, created = SlaWarning.objects.get_or_create(ticket=ticket, target=clock.target,
                                                                     level=clock.state, due_at=clock.due_at)
                if created:
                    sent += 1
                    for address in outgoing.desk_recipients(ticket):
                        per_recipient[address].append({"ticket": ticket, "clock": clock})
        for address, items in per_recipient.items():
            outgoing.to_desk(template="support_sla_warning", recipients=[address], reference="support:sla-warning",
                             context={"items": items, "now": now})
    return sent


def tickets_remind_unconfirmed(*, now: datetime | None = None) -> int:
    """Ask again for the admin's confirmation SUPPORT_CONFIRMATION_REMINDER_BUSINESS_DAYS business days after
    the answer (or the request to confirm); once per answer. The ticket stays open until the admin confirms."""
    now = now or timezone.now()
    days = settings.SUPPORT_CONFIRMATION_REMINDER_BUSINESS_DAYS
    today = to_tokyo(now).date()
    # n business days after a day are at least n calendar days after it: a cheap first filter.
    waiting = (Ticket.objects.unscoped("the reminder job looks at every answered ticket")
               .filter(status__in=Ticket.ANSWERED_STATES, confirmation_reminded_at__isnull=True,
                       answered_at__lte=now - timedelta(days=days)).order_by("pk").values_list("pk", flat=True))
    reminded = 0
    for ticket_id in list(waiting):
        reminded += ticket_remind_unconfirmed(ticket_id, today=today, days=days, now=now)
    return reminded


@transaction.atomic
def ticket_remind_unconfirmed(ticket_id: int, *, today, days: int, now: datetime) -> int:
    ticket = (Ticket.objects.unscoped("the reminder job re-reads one ticket under a lock").select_for_update(of=("self",))
              .select_related("requester").get(pk=ticket_id))
    since = ticket.confirmation_requested_at or ticket.answered_at
    if (ticket.status not in Ticket.ANSWERED_STATES or ticket.confirmation_reminded_at is not None or since is None
            or today < add_business_days(to_tokyo(since).date(), days)):
        return 0
    ticket.status = TicketStatus.WAITING_CONFIRMATION
    ticket.confirmation_requested_at = ticket.confirmation_requested_at or now
    ticket.confirmation_reminded_at = now
    ticket.save()
    entry = TicketEntry.objects.create(ticket=ticket, kind=TicketEntry.Kind.EVENT, created_at=now,
                                       body=_("完了確認のお願いを再度お送りしました。"))
    outgoing.to_requester(ticket=ticket, entry=entry, template="support_confirmation_reminder",
                          hold_to_business_hours=True, context={"since": since})
    return 1
