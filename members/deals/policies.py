"""May this user do X to this deal? One function per action; views, services and (later) the console ask here.

Each answer builds on `Deal.objects.visible_to(user)` (members/tenancy.py): who cannot see a deal can do
nothing with it. The services also check the deal's state and say what is wrong in Japanese.
"""

from members.models import Deal, DealBankDecision, Need
from members.policies import account_may_sign_in, is_fi_admin, is_member


def may_view_deal(user, deal: Deal) -> bool:
    return bool(deal.pk and Deal.objects.visible_to(user).filter(pk=deal.pk).exists())


def may_request_deal(user, need: Need) -> bool:
    """A member of another company than the need's, on a need it may read. (Open/closed is a state check.)"""
    return bool(is_member(user) and account_may_sign_in(user) and need.company_id != user.company_id
                and Need.objects.readable_by(user).filter(pk=need.pk).exists())


def pending_bank_side(deal: Deal) -> str | None:
    """Which bank holds the next step: the requester's, then the receiver's (skipped within one bank)."""
    if deal.status == Deal.Status.REQUESTED:
        return DealBankDecision.Side.REQUESTER
    if deal.status == Deal.Status.REQUESTER_BANK_APPROVED:
        return DealBankDecision.Side.RECEIVER
    return None


def bank_of_side(deal: Deal, side: str) -> int:
    return deal.requester_institution_id if side == DealBankDecision.Side.REQUESTER else deal.receiver_institution_id


def may_decide_as_bank(user, deal: Deal) -> bool:
    """An FI admin of the bank whose approval the deal waits for; nobody of another bank, no member."""
    side = pending_bank_side(deal)
    return bool(side and is_fi_admin(user) and user.institution_id == bank_of_side(deal, side)
                and may_view_deal(user, deal))


def is_party_member(user, deal: Deal) -> bool:
    """A member user of one of the two companies who can see the deal now."""
    return bool(is_member(user) and user.company_id in (deal.requester_company_id, deal.receiver_company_id)
                and may_view_deal(user, deal))


def may_answer(user, deal: Deal) -> bool:
    """Accept or decline: the receiving company, once both banks let the request through."""
    return bool(deal.status == Deal.Status.BANKS_APPROVED and user.company_id == deal.receiver_company_id
                and is_party_member(user, deal))


def may_withdraw(user, deal: Deal) -> bool:
    """Before acceptance the requester withdraws its request; after it, either company may end the deal."""
    if deal.status in Deal.WAITING_STATUSES:
        return user.company_id == deal.requester_company_id and is_party_member(user, deal)
    return deal.status in (Deal.Status.ACCEPTED, Deal.Status.MET) and is_party_member(user, deal)


def may_mark_met(user, deal: Deal) -> bool:
    return deal.status == Deal.Status.ACCEPTED and is_party_member(user, deal)


def may_record_outcome(user, deal: Deal) -> bool:
    """Either company, once they met; a 継続 (continuing) outcome may later be settled."""
    settles = deal.status == Deal.Status.COMPLETED and deal.outcome == Deal.Outcome.CONTINUING
    return (deal.status == Deal.Status.MET or settles) and is_party_member(user, deal)


def may_read_room(user, deal: Deal) -> bool:
    """The two companies and their banks' admins, from acceptance on."""
    return deal.accepted_at is not None and may_view_deal(user, deal)


def may_post_in_room(user, deal: Deal) -> bool:
    return deal.room_is_open and is_party_member(user, deal)
