"""Who is emailed at each step of a deal, and with which template (templates/emails/deal_*). Every email goes
through `ops.notifications.notification_send`, in the caller's transaction; subjects carry no typed text."""

from django.db.models import Q
from django.urls import reverse

from members.models import Deal, FinancialInstitution, MemberCompany, NotificationKind, Role, User
from members.notify import member_notify
from ops.notifications import notification_send

CATEGORY = "deal"


def company_people(company_id: int) -> dict[int, str]:
    """The active member users of a running company, id → email."""
    return dict(User.objects.unscoped("deal notices go to the people of the companies taking part")
                .filter(company_id=company_id, role=Role.MEMBER, is_active=True,
                        company__status=MemberCompany.Status.ACTIVE,
                        institution__status=FinancialInstitution.Status.ACTIVE)
                .values_list("pk", "email"))


def company_addresses(company_id: int) -> list[str]:
    return list(company_people(company_id).values())


def bank_admin_addresses(*institution_ids: int) -> list[str]:
    return list(User.objects.unscoped("deal notices go to the admins of the banks taking part")
                .filter(Q(institution_id__in=institution_ids), role=Role.FI_ADMIN, is_active=True,
                        institution__status=FinancialInstitution.Status.ACTIVE)
                .values_list("email", flat=True))


def send(template: str, deal: Deal, recipients: list[str], **context) -> None:
    """Banks' admins are emailed at once; member users as each chose (members.notify: at once or the digest)."""
    members = dict(User.objects.unscoped("which recipients of a deal email are member users")
                   .filter(email__in=recipients, role=Role.MEMBER).values_list("pk", "email"))
    others = sorted(set(recipients) - set(members.values()))
    email = {"template": f"deal_{template}", "category": CATEGORY, "reference": f"deal:{deal.pk}",
             "context": {"deal": deal, **context}}
    if others:
        notification_send(recipients=others, **email)
    member_notify(recipients=members, kind=NotificationKind.DEAL,
                  link=reverse("portal:deal_detail", args=[deal.pk]), **email)


def holder_addresses(deal: Deal, status: str | None = None) -> list[str]:
    """Whoever holds the next step of a deal waiting in `status` (default: its status now): a bank's admins or
    the receiving company."""
    status = status or deal.status
    if status == Deal.Status.REQUESTED:
        return bank_admin_addresses(deal.requester_institution_id)
    if status == Deal.Status.REQUESTER_BANK_APPROVED:
        return bank_admin_addresses(deal.receiver_institution_id)
    if status == Deal.Status.BANKS_APPROVED:
        return company_addresses(deal.receiver_company_id)
    return []


def approval_requested(deal: Deal) -> None:
    """The bank whose approval the deal now waits for."""
    mine = deal.status == Deal.Status.REQUESTED
    send("approval_requested", deal, holder_addresses(deal), side="requester" if mine else "receiver",
         institution=deal.requester_institution if mine else deal.receiver_institution)


def received(deal: Deal) -> None:
    send("received", deal, company_addresses(deal.receiver_company_id))


def accepted(deal: Deal) -> None:
    send("accepted", deal, company_addresses(deal.requester_company_id))


def declined(deal: Deal) -> None:
    send("declined", deal, company_addresses(deal.requester_company_id))


def refused(deal: Deal, *, institution: FinancialInstitution) -> None:
    """The requester learns its request goes no further; its bank too, when the other bank refused it."""
    recipients = company_addresses(deal.requester_company_id)
    if institution.pk != deal.requester_institution_id:
        recipients += bank_admin_addresses(deal.requester_institution_id)
    send("refused", deal, recipients, institution=institution)


def withdrawn(deal: Deal, *, previous_status: str, actor: User) -> None:
    """Whoever was to act next (before acceptance), or the other company (after it)."""
    if previous_status in Deal.WAITING_STATUSES:
        recipients = holder_addresses(deal, previous_status)
    else:
        other = deal.receiver_company_id if actor.company_id == deal.requester_company_id else deal.requester_company_id
        recipients = company_addresses(other)
    send("withdrawn", deal, recipients, withdrawn_by=actor.company)


def met(deal: Deal, *, actor: User) -> None:
    other = deal.receiver_company_id if actor.company_id == deal.requester_company_id else deal.requester_company_id
    send("met", deal, company_addresses(other))


def outcome(deal: Deal, *, actor: User) -> None:
    """The other company and both banks: the outcome is what the banks follow deals up for."""
    other = deal.receiver_company_id if actor.company_id == deal.requester_company_id else deal.requester_company_id
    recipients = company_addresses(other) + bank_admin_addresses(deal.requester_institution_id,
                                                                 deal.receiver_institution_id)
    send("outcome", deal, recipients)


def reminder(deal: Deal) -> None:
    send("reminder", deal, holder_addresses(deal))


def expired(deal: Deal, *, previous_status: str) -> None:
    send("expired", deal, company_addresses(deal.requester_company_id) + holder_addresses(deal, previous_status))


def room_message(deal: Deal, *, recipients: list[str]) -> None:
    send("message", deal, recipients)
