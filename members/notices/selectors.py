"""Reads on notices, scoped by the acting user (`Notice.objects.visible_to`): a member sees the published notices
addressed to it, an FI admin its own bank's notices; operators read through `operator_notices`.

Every list costs a fixed number of queries whatever its length (annotations, no per-row query).
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from members.models import (
    FinancialInstitution,
    MemberCompany,
    Notice,
    NoticeCompany,
    NoticeInstitution,
    NoticeRead,
    Role,
    User,
)

PAGE_SIZE = 20
MAX_QUERY_WORDS = 5


def _read_by(user: User):
    return (NoticeRead.objects.unscoped("the user's own read marks, inside a scoped notice query")
            .filter(notice=OuterRef("pk"), user_id=user.pk))


def with_read(queryset: QuerySet, user: User) -> QuerySet:
    return queryset.annotate(is_read=Exists(_read_by(user)))


def with_read_counts(queryset: QuerySet) -> QuerySet:
    """`read_count`: how many people have opened each notice (for the sender's list)."""
    reads = (NoticeRead.objects.unscoped("read counts of notices the outer query scoped")
             .filter(notice=OuterRef("pk")).order_by().values("notice").annotate(n=Count("pk")).values("n")[:1])
    return queryset.annotate(read_count=Coalesce(Subquery(reads), Value(0), output_field=IntegerField()))


def notices_for(user: User, *, unread_only: bool = False, q: str = "") -> QuerySet:
    """The notices `user` may read, pinned first, then newest; each with `is_read` for this user."""
    notices = with_read(Notice.objects.visible_to(user), user).select_related("institution")
    if unread_only:
        notices = notices.filter(is_read=False)
    for word in (q or "").split()[:MAX_QUERY_WORDS]:
        notices = notices.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return notices.order_by("-is_pinned", "-publish_at", "-pk")


def notice_for(user: User, notice_id) -> Notice:
    try:
        return notices_for(user).get(pk=notice_id)
    except (Notice.DoesNotExist, ValueError, TypeError) as exc:  # not yours = missing = malformed = scheduled
        raise Http404 from exc


def unread_count(user: User) -> int:
    return Notice.objects.visible_to(user).filter(~Exists(_read_by(user))).count()


def bank_notices(user: User) -> QuerySet:
    """For an FI admin's console: its bank's notices in every state (scheduled, published, withdrawn), with
    how many people read each."""
    return with_read_counts(Notice.objects.visible_to(user)).order_by("-publish_at", "-pk")


def operator_notices() -> QuerySet:
    """For the operations pages: the operator's own notices (banks' notices are the banks' business)."""
    return (with_read_counts(Notice.objects.unscoped("the operators' notices page").filter(institution__isnull=True))
            .annotate(chosen_banks=Coalesce(Subquery(
                NoticeInstitution.objects.filter(notice=OuterRef("pk")).order_by().values("notice")
                .annotate(n=Count("pk")).values("n")[:1]), Value(0), output_field=IntegerField()))
            .order_by("-publish_at", "-pk"))


def notice_target_banks(notice: Notice) -> list[FinancialInstitution]:
    return list(FinancialInstitution.objects.filter(
        pk__in=NoticeInstitution.objects.filter(notice=notice).values("institution_id")).order_by("code"))


def notice_recipients(notice: Notice) -> QuerySet:
    """The member users a notice is addressed to, as the email job sends it (system path: unscoped)."""
    users = User.objects.unscoped("the people a published notice is emailed to").filter(
        role=Role.MEMBER, is_active=True, company__status=MemberCompany.Status.ACTIVE,
        institution__status=FinancialInstitution.Status.ACTIVE)
    chosen = notice.audience == Notice.Audience.CHOSEN
    if notice.institution_id is None:
        if chosen:
            users = users.filter(institution_id__in=NoticeInstitution.objects.filter(notice=notice)
                                 .values("institution_id"))
        return users
    users = users.filter(institution_id=notice.institution_id)  # a bank's notice: its own members only
    if chosen:
        users = users.filter(company_id__in=NoticeCompany.objects.unscoped("the notice's chosen companies")
                             .filter(notice=notice).values("company_id"))
    return users

