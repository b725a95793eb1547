"""Demo data for matching (demo only): a third FI, 33 companies with profiles across the three banks, 66 needs
and their recommendations. Idempotent: what exists is left as it is. Runs after members.demo.seed()."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from members.demo import _ensure_user
from members.models import FinancialInstitution, MemberCompany, Need, Role, User
from members.services import company_create, institution_create

from .demo_data import COMPANIES, THIRD_INSTITUTION
from .needs import need_create
from .recommendation_services import recommendations_refresh
from .services import company_profile_update
from .text import tidy
from .validators import corporate_number_check_digit


def _institution(code: str) -> FinancialInstitution:
    institution = FinancialInstitution.objects.filter(code=code).first()
    if institution is None and code == THIRD_INSTITUTION["code"]:
        spec = THIRD_INSTITUTION
        institution = institution_create(code=spec["code"], name=spec["name"], kind=spec["kind"],
                                         contacts=spec["contacts"])
        login_id, email, full_name = spec["admin"]
        _ensure_user(login_id, email, full_name, Role.FI_ADMIN, institution=institution)
    return institution


def _corporate_number(index: int) -> str:
    base = f"{index + 1:04d}01{(index * 7919) % 1_000_000:06d}"
    return f"{corporate_number_check_digit(base)}{base}"


def _company(spec: dict, institution: FinancialInstitution) -> tuple[MemberCompany, User]:
    companies = MemberCompany.objects.unscoped("demo seed")
    company = companies.filter(institution=institution, name=spec["name"]).first()
    if company is None:
        company = company_create(institution=institution, name=spec["name"], industry=spec["industry"],
                                 prefecture=spec["pref"], name_kana=spec["kana"], city=spec["city"],
                                 representative=spec["rep"], employees=spec["employees"],
                                 founded_year=spec["founded"], description=spec["description"], is_published=True)
    if spec["user"]:
        login_id, full_name = spec["user"]
        domain = spec["contact"][2].split("@")[1]
        user = _ensure_user(login_id, f"{login_id.split('-')[-1]}@{domain}", full_name, Role.MEMBER,
                            institution=institution, company=company)
    else:
        user = User.objects.unscoped("demo seed").filter(company=company).order_by("pk").first()
    return company, user


def _profile(company: MemberCompany, user: User, spec: dict, index: int) -> None:
    if company.products:  # seeded before
        return
    person, phone, email, shown = spec["contact"]
    values = {"products": spec["products"], "strengths": spec["strengths"], "partners_wanted": spec["partners"],
              "capital": spec["capital"], "corporate_number": _corporate_number(index), "contact_person": person,
              "contact_phone": phone, "contact_email": email, "show_contact_person": True,
              "show_contact_phone": shown, "show_contact_email": shown, "is_published": True,
              "website": f"https://www.{email.split('@')[1]}/"}
    if spec.get("homepage"):
        values.update(homepage_enabled=True, homepage_slug=spec["homepage"])
    company_profile_update(company=company, actor=user, values=values)


def _needs(company: MemberCompany, user: User, spec: dict) -> None:
    today = timezone.localdate()
    existing = set(Need.objects.unscoped("demo seed").filter(company=company).values_list("title", flat=True))
    for kind, title, body, industry, prefectures, budget, deadline_days in spec["needs"]:
        if tidy(title) in existing:  # stored NFKC-normalised
            continue
        low, high = budget or (None, None)
        need_create(actor=user, prefectures=prefectures or [], values={
            "kind": kind, "title": title, "body": body, "industry": industry, "is_nationwide": prefectures is None,
            "budget_min": low, "budget_max": high,
            "deadline": today + timedelta(days=deadline_days) if deadline_days else None})


def seed() -> None:
    company_ids = []
    with transaction.atomic():
        for index, spec in enumerate(COMPANIES):
            institution = _institution(spec["fi"])
            company, user = _company(spec, institution)
            _profile(company, user, spec, index)
            _needs(company, user, spec)
            company_ids.append(company.pk)
    recommendations_refresh(company_ids=company_ids)
