"""Reads on consultations, always scoped by the acting user (`visible_to`): not yours = missing = 404.

The same selectors serve the portal (a member: its company's threads) and the console (an FI admin: its
members' threads). Every list costs a fixed number of queries whatever its length (annotations, prefetches).
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from members.models import (
    Consultation,
    ConsultationAttachment,
    ConsultationMessage,
    ConsultationReadMarker,
    User,
)
from members.policies import is_fi_admin, is_member

PAGE_SIZE = 20
MAX_QUERY_WORDS = 5

STATUS_GROUPS = {
    "open": (_("対応中"), ~Q(status=Consultation.Status.CLOSED)),
    "answered": (_("回答あり"), Q(status=Consultation.Status.ANSWERED)),
    "waiting": (_("金融機関の回答待ち"), Q(status=Consultation.Status.WAITING_BANK)),
    "closed": (_("完了"), Q(status=Consultation.Status.CLOSED)),
}


def _get_or_404(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:  # not yours = missing = malformed
        raise Http404 from exc


def other_side(user: User) -> str | None:
    """The side whose messages are unread news for `user`: the bank's for a member, the member's for an admin."""
    if is_member(user):
        return ConsultationMessage.Side.BANK
    if is_fi_admin(user):
        return ConsultationMessage.Side.MEMBER
    return None


def with_unread(queryset: QuerySet, user: User) -> QuerySet:
    """Annotate `last_read` (the user's marker) and `unread` (the other side's messages after it)."""
    marker = (ConsultationReadMarker.objects.unscoped("the user's own marker, inside a scoped query")
              .filter(consultation=OuterRef("pk"), user_id=user.pk).values("last_read_message_id")[:1])
    news = (ConsultationMessage.objects.unscoped("messages of consultations the outer query scoped")
            .filter(consultation=OuterRef("pk"), pk__gt=OuterRef("last_read"), side=other_side(user) or "")
            .order_by().values("consultation").annotate(n=Count("pk")).values("n")[:1])
    return (queryset.annotate(last_read=Coalesce(Subquery(marker), Value(0), output_field=IntegerField()))
            .annotate(unread=Coalesce(Subquery(news), Value(0), output_field=IntegerField())))


def consultations_visible_to(user: User) -> QuerySet:
    """Every consultation `user` may see (a member: its company's; an FI admin: its bank's members'), with
    unread counts, newest activity first. The console's inbox starts here."""
    return (with_unread(Consultation.objects.visible_to(user), user)
            .select_related("company", "institution", "opened_by").order_by("-last_message_at", "-pk"))


def consultations_for(user: User, *, group: str = "", category: str = "", q: str = "") -> QuerySet:
    consultations = consultations_visible_to(user)
    if group in STATUS_GROUPS:
        consultations = consultations.filter(STATUS_GROUPS[group][1])
    if category in Consultation.Category.values:
        consultations = consultations.filter(category=category)
    for word in (q or "").split()[:MAX_QUERY_WORDS]:
        consultations = consultations.filter(Q(subject__icontains=word) | Q(company__name__icontains=word))
    return consultations


def consultation_for(user: User, consultation_id) -> Consultation:
    return _get_or_404(consultations_visible_to(user).select_related("closed_by"), pk=consultation_id)


def consultation_messages(user: User, consultation: Consultation) -> list[ConsultationMessage]:
    attachments = ConsultationAttachment.objects.visible_to(user).order_by("pk")
    return list(ConsultationMessage.objects.visible_to(user).filter(consultation=consultation)
                .prefetch_related(Prefetch("attachments", queryset=attachments))
                .order_by("created_at", "pk"))


def attachment_for(user: User, consultation_id, attachment_id) -> ConsultationAttachment:
    """A file of a consultation for someone who may read it; anyone else gets the 404 of a missing file."""
    return _get_or_404(ConsultationAttachment.objects.visible_to(user), pk=attachment_id,
                       consultation_id=consultation_id)


def unread_total(user: User) -> int:
    """Unread messages from the other side over all of the user's consultations (for a badge or the home)."""
    return with_unread(Consultation.objects.visible_to(user), user).aggregate(total=Sum("unread"))["total"] or 0


def consultations_awaiting_bank(user: User) -> QuerySet:
    """For an FI admin: its members' consultations waiting for the bank's answer, longest waiting first."""
    if not is_fi_admin(user):
        return Consultation.objects.visible_to(user).none()
    return (consultations_visible_to(user).filter(status=Consultation.Status.WAITING_BANK)
            .order_by("waiting_since", "pk"))
