"""Writes for matching: the company profile, needs and bookmarks. Each keeps the search index in step."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MemberCompany, User

from . import industries
from .analysis import terms
from .images import logo_reencode
from .recommendation_services import recommendations_refresh_soon
from .search import index_row
from .text import tidy

logger = logging.getLogger(__name__)

PROFILE_TEXT_FIELDS = (
    "name_kana", "representative", "description", "products", "strengths", "partners_wanted", "city",
    "contact_person", "contact_phone",
)
PROFILE_FIELDS = PROFILE_TEXT_FIELDS + (
    "industry", "prefecture", "website", "corporate_number", "founded_year", "employees", "capital",
    "contact_email", "show_contact_person", "show_contact_phone", "show_contact_email", "is_published",
    "homepage_enabled", "homepage_slug",
)


def index_company(company: MemberCompany) -> None:
    """Search columns and recommendation words of a company, from its profile."""
    main = "\n".join([company.description, company.products, company.strengths])
    index_row(MemberCompany, company.pk, title=f"{company.name} {company.name_kana}", main=main,
              rest="\n".join([company.partners_wanted, industries.label_of(company.industry),
                              company.prefecture, company.city]),
              match_terms=terms("\n".join([main, company.partners_wanted, company.partners_wanted])))


@transaction.atomic
def company_profile_update(*, company: MemberCompany, actor: User, values: dict, logo=None,
                           remove_logo: bool = False) -> MemberCompany:
    """Change a company's profile (its own members do); the logo is checked by content and re-encoded."""
    if actor.company_id != company.pk:
        raise PermissionDenied(_("このプロフィールを変更する権限がありません。"))
    company = MemberCompany.objects.visible_to(actor).select_for_update().get(pk=company.pk)
    for field in PROFILE_FIELDS:
        if field in values:
            value = values[field]
            setattr(company, field, tidy(value) if field in PROFILE_TEXT_FIELDS else value)
    company.corporate_number = tidy(company.corporate_number)
    company.website = (company.website or "").strip()
    company.contact_email = (company.contact_email or "").strip().lower()
    company.homepage_slug = (company.homepage_slug or "").strip().lower() or None
    if company.homepage_enabled and not company.homepage_slug:
        raise ValidationError({"homepage_slug": _("ホームページを公開するにはアドレスを指定してください。")})
    company.full_clean()
    old_logo = company.logo.name if company.logo else ""
    if logo is not None:
        try:
            content = logo_reencode(logo)
        except ValidationError as exc:
            raise ValidationError({"logo": exc.messages}) from exc
        company.logo.save(content.name, content, save=False)
    elif remove_logo:
        company.logo = ""
    company.profile_updated_at = timezone.now()
    company.save()  # reindexed by members.matching.signals
    recommendations_refresh_soon(company_id=company.pk)
    if old_logo and old_logo != (company.logo.name if company.logo else ""):
        storage = company.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return company


def companies_reindex_all(*, batch_size: int = 500) -> int:
    """Rewrite the search columns and words of every company; returns how many."""
    companies = MemberCompany.objects.unscoped("reindexing every company").order_by("pk")
    done, after = 0, 0
    while batch := list(companies.filter(pk__gt=after)[:batch_size]):
        for company in batch:
            index_company(company)
        done, after = done + len(batch), batch[-1].pk
    return done
