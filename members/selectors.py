"""Reads on companies and accounts, always scoped to the acting user's FI."""

from django.db.models import Count, QuerySet

from .models import MemberCompany, User
from .permissions import get_for_user_or_404, scope_to_user


def companies_for(user) -> QuerySet[MemberCompany]:
    return scope_to_user(MemberCompany.objects.all(), user).annotate(user_count=Count("users")).order_by("name")


def company_for(user, company_id) -> MemberCompany:
    return get_for_user_or_404(MemberCompany.objects.all(), user, pk=company_id)


def accounts_for(user) -> QuerySet[User]:
    return scope_to_user(User.objects.select_related("company"), user).order_by("role", "username")


def account_for(user, account_id) -> User:
    return get_for_user_or_404(User.objects.select_related("company"), user, pk=account_id)
