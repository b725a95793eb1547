"""Factories for membership applications and operating-terms versions."""

from datetime import timedelta

import factory
from django.utils import timezone

from members.models import MembershipApplication, ServiceDocument
from tests.factories import InstitutionFactory


class TermsFactory(factory.django.DjangoModelFactory):
    """A posted version of the operating terms (運営規約)."""

    class Meta:
        model = ServiceDocument

    kind = ServiceDocument.Kind.OPERATING_TERMS
    version = factory.Sequence(lambda n: f"1.{n}")
    body = "第1条（目的）本規約は Big Advance の利用条件を定めます。"
    change_summary = "初版"
    posted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


def _terms_in_force():
    return (ServiceDocument.objects.filter(kind=ServiceDocument.Kind.OPERATING_TERMS, posted_at__lte=timezone.now())
            .order_by("-posted_at").first())


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    institution = factory.SubFactory(InstitutionFactory)
    status = MembershipApplication.Status.VERIFIED
    company_name = factory.Sequence(lambda n: f"株式会社申込{n}")
    representative = "申込 太郎"
    prefecture = "新潟県"
    city = "燕市"
    street = "大曲1-2-3"
    industry = "24"
    employees = 12
    contact_name = "申込 花子"
    email = factory.Sequence(lambda n: f"applicant{n}@company.example.jp")
    branch_name = "燕支店"
    account_confirmed = True
    terms_document = factory.LazyFunction(lambda: _terms_in_force() or TermsFactory())
    verified_at = factory.LazyFunction(timezone.now)
