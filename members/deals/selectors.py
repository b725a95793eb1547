"""Reads on deals, always scoped by the acting user (`visible_to`): not yours = missing = 404.

Every list and page here costs a fixed number of queries, whatever the number of rows (annotations and
prefetches, no per-row query).
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from members.models import (
    Deal,
    DealAttachment,
    DealBankDecision,
    DealEvent,
    DealMessage,
    DealReadMarker,
    User,
)
from members.policies import is_fi_admin, is_member

from . import policies

PAGE_SIZE = 20

STATUS_GROUPS = {
    "open": (_("進行中"), Q(status__in=Deal.OPEN_STATUSES)),
    "closed": (_("終了"), ~Q(status__in=Deal.OPEN_STATUSES)),
}


def _get_or_404(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:  # not yours = missing = malformed
        raise Http404 from exc


def with_unread(queryset: QuerySet, user: User) -> QuerySet:
    """Annotate `unread`: room messages after the user's read marker, not written by the user's own company."""
    marker = (DealReadMarker.objects.unscoped("the user's own marker, inside a scoped deal query")
              .filter(deal=OuterRef("pk"), user_id=user.pk).values("last_read_message_id")[:1])
    others = (DealMessage.objects.unscoped("messages of deals the outer query scoped")
              .filter(deal=OuterRef("pk"), pk__gt=OuterRef("last_read")))
    if is_member(user):
        others = others.exclude(author_company_id=user.company_id)
    counted = others.order_by().values("deal").annotate(n=Count("pk")).values("n")[:1]
    return (queryset.annotate(last_read=Coalesce(Subquery(marker), Value(0), output_field=IntegerField()))
            .annotate(unread=Coalesce(Subquery(counted), Value(0), output_field=IntegerField())))


def deals_for(user: User, *, group: str = "", q: str = "") -> QuerySet:
    """The deals a member's company (or an FI admin's members) take part in, newest activity first."""
    deals = (Deal.objects.visible_to(user)
             .select_related("need", "requester_company", "receiver_company", "requester_institution",
                             "receiver_institution"))
    if group in STATUS_GROUPS:
        deals = deals.filter(STATUS_GROUPS[group][1])
    words = (q or "").split()[:5]
    for word in words:
        deals = deals.filter(Q(need__title__icontains=word) | Q(requester_company__name__icontains=word)
                             | Q(receiver_company__name__icontains=word))
    return with_unread(deals, user).order_by("-updated_at", "-pk")


def unread_total(user: User) -> int:
    """Unread room messages over all of the user's deals (for a badge)."""
    deals = with_unread(Deal.objects.visible_to(user).filter(accepted_at__isnull=False), user)
    return sum(deals.values_list("unread", flat=True))


def deal_for(user: User, deal_id) -> Deal:
    return _get_or_404(
        with_unread(Deal.objects.visible_to(user), user)
        .select_related("need", "requester_company", "receiver_company", "requester_institution",
                        "receiver_institution", "requested_by"),
        pk=deal_id)


def deal_timeline(user: User, deal: Deal) -> list[DealEvent]:
    return list(DealEvent.objects.visible_to(user).filter(deal=deal).order_by("at", "pk"))


def bank_decisions(user: User, deal: Deal) -> list[DealBankDecision]:
    """An FI admin sees its own bank's decision with the internal note; members see none (the timeline says
    who approved and when)."""
    if not is_fi_admin(user):
        return []
    return list(DealBankDecision.objects.visible_to(user).filter(deal=deal).select_related("decided_by"))


def room_messages(user: User, deal: Deal) -> list[DealMessage]:
    if not policies.may_read_room(user, deal):
        return []
    attachments = DealAttachment.objects.visible_to(user).order_by("pk")
    return list(DealMessage.objects.visible_to(user).filter(deal=deal)
                .select_related("author", "author_company")
                .prefetch_related(Prefetch("attachments", queryset=attachments))
                .order_by("created_at", "pk"))


def attachment_for(user: User, deal_id, attachment_id) -> DealAttachment:
    """A file of a deal room for someone who may read that room; anyone else gets the 404 of a missing file."""
    attachment = _get_or_404(DealAttachment.objects.visible_to(user).select_related("deal"),
                             pk=attachment_id, deal_id=deal_id)
    if not policies.may_read_room(user, attachment.deal):
        raise Http404
    return attachment


def deals_awaiting_bank(user: User) -> QuerySet:
    """For an FI admin: the deals waiting for this bank's approval (the console's list)."""
    if not is_fi_admin(user):
        return Deal.objects.visible_to(user).none()
    waiting = (Q(status=Deal.Status.REQUESTED, requester_institution_id=user.institution_id)
               | Q(status=Deal.Status.REQUESTER_BANK_APPROVED, receiver_institution_id=user.institution_id))
    return (Deal.objects.visible_to(user).filter(waiting)
            .select_related("need", "requester_company", "receiver_company").order_by("waiting_since", "pk"))


def next_step(user: User, deal: Deal) -> str:
    """What the user is expected to do next on this deal, in words ("" when nothing)."""
    if policies.pending_bank_side(deal) and is_fi_admin(user):
        side = policies.pending_bank_side(deal)
        return str(_("承認してください")) if user.institution_id == policies.bank_of_side(deal, side) else ""
    if not is_member(user):
        return ""
    if deal.status == Deal.Status.BANKS_APPROVED and user.company_id == deal.receiver_company_id:
        return str(_("回答してください"))
    if deal.status == Deal.Status.ACCEPTED:
        return str(_("面談後に「面談済み」にしてください"))
    if deal.status == Deal.Status.MET:
        return str(_("結果を登録してください"))
    return ""
