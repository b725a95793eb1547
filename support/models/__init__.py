from .canned import CannedReply
from .mail import InboundMail
from .tickets import (
    Channel,
    Priority,
    ReplyKind,
    SlaWarning,
    Ticket,
    TicketAttachment,
    TicketEntry,
    TicketStatus,
)

__all__ = ["CannedReply", "Channel", "InboundMail", "Priority", "ReplyKind", "SlaWarning", "Ticket",
           "TicketAttachment", "TicketEntry", "TicketStatus"]
