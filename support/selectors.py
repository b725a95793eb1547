"""Reads of the desk and of the console's inquiry pages, always scoped by the acting user (members.tenancy):
an FI admin reads its own FI's tickets without internal notes; support staff and the system lead read all."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.utils import timezone

from members.models import FinancialInstitution, Role, User
from members.permissions import get_for_user_or_404
from ops.models import Incident

from . import sla
from .mailparse import REFERENCE_IN_SUBJECT
from .models import CannedReply, InboundMail, Priority, Ticket, TicketAttachment, TicketEntry, TicketStatus

PAGE_SIZE = 50
OPEN = "open"
STATUS_FILTERS = {OPEN: None, **dict(TicketStatus.choices), "all": None}


@dataclass(frozen=True)
class QueueFilters:
    status: str = OPEN
    institution: str = ""
    priority: str = ""
    breach: str = ""  # "breached" | "near" | ""
    assignee: str = ""  # "me" | "none" | a user id | ""
    escalated: bool = False
    q: str = ""
    sort: str = "due"  # "due" | "new"

    @classmethod
    def from_query(cls, params) -> "QueueFilters":
        status = params.get("status", OPEN)
        return cls(status=status if status in STATUS_FILTERS else OPEN,
                   institution=params.get("institution", "")[:10], priority=params.get("priority", "")[:10],
                   breach=params.get("breach", "")[:10], assignee=params.get("assignee", "")[:12],
                   escalated=params.get("escalated") == "1", q=params.get("q", "").strip()[:100],
                   sort="new" if params.get("sort") == "new" else "due")

    @property
    def is_default(self) -> bool:
        return self == QueueFilters()


def _search(tickets: QuerySet, q: str) -> QuerySet:
    if not q:
        return tickets
    reference = REFERENCE_IN_SUBJECT.search(f"[{q.upper()}]") or REFERENCE_IN_SUBJECT.search(q.upper())
    condition = Q(subject__icontains=q) | Q(requester__full_name__icontains=q)
    if reference:
        condition |= Q(pk=int(reference.group(1)))
    elif q.isdigit():
        condition |= Q(pk=int(q))
    return tickets.filter(condition)


def _status(tickets: QuerySet, status: str) -> QuerySet:
    if status == OPEN:
        return tickets.open()
    if status in TicketStatus.values:
        return tickets.filter(status=status)
    return tickets


def next_due_ordering():
    """The next target of each ticket: first response until it is met, then the answer (paused: none)."""
    return Case(When(first_responded_at__isnull=True, then=F("first_response_due_at")),
                When(answered_at__isnull=True, then=F("answer_due_at")), default=None)


def desk_queue(user: User, filters: QueueFilters, *, now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    tickets = _search(_status(Ticket.objects.visible_to(user), filters.status), filters.q)
    if filters.institution.isdigit():
        tickets = tickets.filter(institution_id=int(filters.institution))
    if filters.priority in Priority.values:
        tickets = tickets.filter(priority=filters.priority)
    if filters.breach == "breached":
        tickets = tickets.filter(sla.breached_q(now))
    elif filters.breach == "near":
        tickets = tickets.filter(sla.near_q(now, sla.warning_horizon(now)))
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    if filters.escalated:
        tickets = tickets.filter(escalated_at__isnull=False)
    tickets = tickets.select_related("institution", "requester", "assignee")
    if filters.sort == "new":
        return tickets.order_by("-received_at", "-pk")
    return tickets.annotate(next_due=next_due_ordering()).order_by(F("next_due").asc(nulls_last=True),
                                                                  "-received_at", "-pk")


def queue_counts(user: User, *, now: datetime | None = None) -> dict:
    """The desk's headline numbers: open, unassigned, breached, near, waiting for the admin."""
    now = now or timezone.now()
    tickets = Ticket.objects.visible_to(user).open()
    return tickets.aggregate(
        open=Count("pk"), unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        breached=Count("pk", filter=sla.breached_q(now)),
        near=Count("pk", filter=sla.near_q(now, sla.warning_horizon(now))),
        waiting=Count("pk", filter=Q(status__in=Ticket.PAUSED)),
    )


def desk_staff() -> QuerySet:
    return User.objects.staff().filter(role__in=(Role.SUPPORT, Role.SYSTEM_LEAD), is_active=True).order_by(
        "role", "full_name")


def institutions() -> QuerySet:
    return FinancialInstitution.objects.order_by("code")


def ticket_for(user: User, ticket_id) -> Ticket:
    return get_for_user_or_404(Ticket.objects.select_related("institution", "requester", "assignee", "incident",
                                                             "closed_by", "logged_by"), user, pk=ticket_id)


def timeline(user: User, ticket: Ticket) -> list[TicketEntry]:
    """The ticket's entries the user may read, with their files (internal ones for the desk only)."""
    files = Prefetch("attachments", queryset=TicketAttachment.objects.visible_to(user).order_by("pk"))
    return list(TicketEntry.objects.visible_to(user).filter(ticket=ticket).select_related("author")
                .prefetch_related(files).order_by("created_at", "pk"))


def attachment_for(user: User, ticket_id, attachment_id) -> TicketAttachment:
    return get_for_user_or_404(TicketAttachment.objects.select_related("ticket"), user, pk=attachment_id,
                               ticket_id=ticket_id)


def console_inquiries(user: User, *, status: str = "", q: str = "") -> QuerySet:
    tickets = Ticket.objects.visible_to(user).select_related("requester")
    if status == "waiting":
        tickets = tickets.filter(status__in=Ticket.ANSWERED_STATES)
    elif status == OPEN:
        tickets = tickets.open()
    elif status == TicketStatus.CLOSED:
        tickets = tickets.filter(status=TicketStatus.CLOSED)
    return _search(tickets, q).order_by("-received_at", "-pk")


def console_waiting_count(user: User) -> int:
    """Answers waiting for this FI's confirmation (a badge on the console's inquiry list)."""
    return Ticket.objects.visible_to(user).filter(status__in=Ticket.ANSWERED_STATES).count()


def open_incidents() -> QuerySet:
    return Incident.objects.exclude(status=Incident.Status.CLOSED).order_by("-detected_at")


def canned_replies() -> QuerySet:
    return CannedReply.objects.order_by("title")


def canned_reply(pk) -> CannedReply | None:
    return CannedReply.objects.filter(pk=pk).first() if str(pk).isdigit() else None


def failed_mail_count() -> int:
    return InboundMail.objects.filter(outcome=InboundMail.Outcome.FAILED).count()


def recent_inbound(limit: int = 20) -> QuerySet:
    return InboundMail.objects.select_related("ticket").order_by("-processed_at", "-pk")[:limit]


def fi_admins() -> QuerySet:
    """Admins a phone call may come from: active FI admins of running contracts (the form's choices)."""
    return (User.objects.unscoped("the desk logs a phone call from any FI's admin")
            .filter(role=Role.FI_ADMIN, is_active=True, institution__status=FinancialInstitution.Status.ACTIVE)
            .select_related("institution").order_by("institution__code", "full_name"))
