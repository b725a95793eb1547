"""Who may do what at the support desk (SUP-1, SUP-4). Views, services and the intake ask these."""

from members.models import Role
from members.policies import account_may_sign_in, is_fi_admin

from .models import Ticket, TicketStatus

DESK_ROLES = (Role.SUPPORT, Role.SYSTEM_LEAD)


def may_work_desk(user) -> bool:
    """Support staff and the system lead answer inquiries, for every FI."""
    return bool(account_may_sign_in(user) and user.role in DESK_ROLES)


def may_open_inquiry(user) -> bool:
    """Only FI admins of a running contract ask the desk (SUP-1); members ask their bank."""
    return bool(is_fi_admin(user) and account_may_sign_in(user))


def is_requesters_bank(user, ticket: Ticket) -> bool:
    return bool(may_open_inquiry(user) and user.institution_id == ticket.institution_id)


def may_write_to(user, ticket: Ticket) -> bool:
    """The ticket's FI admins add to an open ticket."""
    return is_requesters_bank(user, ticket) and ticket.is_open


def may_confirm(user, ticket: Ticket) -> bool:
    """Only the FI admin's confirmation completes an inquiry (SUP-4), once it has been answered."""
    return is_requesters_bank(user, ticket) and ticket.status in Ticket.ANSWERED_STATES


def may_reopen(user, ticket: Ticket) -> bool:
    return may_confirm(user, ticket)


def may_reply(user, ticket: Ticket) -> bool:
    return may_work_desk(user) and ticket.is_open


def may_request_confirmation(user, ticket: Ticket) -> bool:
    return may_work_desk(user) and ticket.status == TicketStatus.ANSWERED
