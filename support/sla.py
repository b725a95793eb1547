"""The SLA clock of a ticket on business hours (SUP-3, CAL-2), from the shared calendar (ops.calendar).

Each priority has two targets in business minutes, first response and answer (settings). Both count from the
ticket's received time, starting at the next business moment: an email received on Friday night starts its
clock at 10:00 on the next business day. While the desk waits for the admin (answered, waiting for the
admin's confirmation) the answer clock stops: the business minutes spent waiting are added to the target
when the ticket is reopened. Everything here is O(1) per ticket (the calendar answers from memory).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ops.calendar import add_business_minutes, business_minutes_between

from .models import Priority, Ticket, TicketStatus


def first_response_minutes(priority: str) -> int:
    return int(settings.SUPPORT_SLA_FIRST_RESPONSE_MINUTES.get(priority, 240))


def answer_minutes(priority: str) -> int:
    return int(settings.SUPPORT_SLA_ANSWER_MINUTES.get(priority, 3 * 420))


def schedule(ticket: Ticket) -> None:
    """Set the due instants from the received time, the priority and the time spent waiting for the admin.

    While the ticket waits (paused) the answer's due instant is the one it had when the wait began; it only
    matters again once the ticket is reopened, when `resume` adds the wait and schedules anew."""
    ticket.first_response_due_at = add_business_minutes(ticket.received_at, first_response_minutes(ticket.priority))
    ticket.answer_due_at = add_business_minutes(ticket.received_at,
                                                answer_minutes(ticket.priority) + ticket.paused_minutes)


def pause(ticket: Ticket, now: datetime) -> None:
    """The desk now waits for the admin: the answer clock stops."""
    if ticket.paused_since is None:
        ticket.paused_since = now
    schedule(ticket)


def resume(ticket: Ticket, now: datetime) -> None:
    """The admin came back (not solved, a new question): the clock runs again, the wait not counted."""
    if ticket.paused_since is not None:
        ticket.paused_minutes += business_minutes_between(ticket.paused_since, now)
        ticket.paused_since = None
    schedule(ticket)


def business_minutes_used(ticket: Ticket, now: datetime) -> int:
    """Business minutes the clock has run: received until now (or until the wait began), minus the waits."""
    until = ticket.paused_since or now
    return max(business_minutes_between(ticket.received_at, until) - ticket.paused_minutes, 0)


def warning_horizon(now: datetime) -> datetime:
    """Targets due before this instant are near: SUPPORT_SLA_WARNING_MINUTES business minutes ahead."""
    return add_business_minutes(now, settings.SUPPORT_SLA_WARNING_MINUTES)


@dataclass(frozen=True)
class Clock:
    target: str  # "first_response" | "answer"
    label: str
    due_at: datetime | None
    met_at: datetime | None
    state: str  # met | breached | near | running | paused | none

    @property
    def is_alert(self) -> bool:
        return self.state in ("breached", "near")


STATE_LABELS = {"met": _("達成"), "breached": _("期限超過"), "near": _("期限間近"), "running": _("期限内"),
                "paused": _("停止中（管理者の確認待ち）"), "none": _("-")}


def _state(due_at, met_at, now, horizon, *, paused=False, closed=False) -> str:
    if met_at is not None:
        return "breached" if due_at and met_at > due_at else "met"
    if closed:
        return "none"
    if paused or due_at is None:
        return "paused" if paused else "none"
    if now > due_at:
        return "breached"
    return "near" if due_at <= horizon else "running"


def clocks(ticket: Ticket, now: datetime, horizon: datetime | None = None) -> list[Clock]:
    horizon = horizon or warning_horizon(now)
    closed = ticket.status == TicketStatus.CLOSED
    first = _state(ticket.first_response_due_at, ticket.first_responded_at, now, horizon, closed=closed)
    answer = _state(ticket.answer_due_at, ticket.answered_at, now, horizon, paused=ticket.paused_since is not None,
                    closed=closed)
    return [Clock("first_response", _("一次回答"), ticket.first_response_due_at, ticket.first_responded_at, first),
            Clock("answer", _("回答"), ticket.answer_due_at, ticket.answered_at, answer)]


def alert_of(ticket: Ticket, now: datetime, horizon: datetime | None = None) -> str:
    """The ticket's flag in the queue: breached, near or empty (met targets of the past do not flag)."""
    if ticket.status == TicketStatus.CLOSED:
        return ""
    states = [c.state for c in clocks(ticket, now, horizon) if c.met_at is None]
    return "breached" if "breached" in states else "near" if "near" in states else ""


def breached_q(now: datetime) -> Q:
    """Open tickets with a target past due and not met (database filter for the queue)."""
    return ~Q(status=TicketStatus.CLOSED) & (
        Q(first_responded_at__isnull=True, first_response_due_at__lt=now)
        | Q(answered_at__isnull=True, paused_since__isnull=True, answer_due_at__lt=now))


def near_q(now: datetime, horizon: datetime) -> Q:
    """Open tickets with a target due within the warning horizon, not yet breached."""
    return ~Q(status=TicketStatus.CLOSED) & (
        Q(first_responded_at__isnull=True, first_response_due_at__gte=now, first_response_due_at__lte=horizon)
        | Q(answered_at__isnull=True, paused_since__isnull=True, answer_due_at__gte=now, answer_due_at__lte=horizon))


PRIORITY_ORDER = [Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW]
