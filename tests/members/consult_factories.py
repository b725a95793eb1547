"""Helpers for the consultation, notice and digest tests: two banks, their members and admins, consultations."""

from dataclasses import dataclass

import factory
from django.utils import timezone

from members.consultations import services
from members.models import Consultation, ConsultationMessage, FinancialInstitution, Notice, User
from ops.models import EmailLog
from tests.factories import CompanyFactory, FIAdminFactory, InstitutionFactory, UserFactory


@dataclass
class Banks:
    bank: FinancialInstitution  # デモ銀行
    other_bank: FinancialInstitution  # サンプル信用金庫
    member: User  # 株式会社北斗精機 (デモ銀行)
    colleague: User  # the same company
    neighbour: User  # another company of the same bank
    stranger: User  # a company of the other bank
    admin: User  # デモ銀行's admin
    other_admin: User  # サンプル信用金庫's admin


def make_banks() -> Banks:
    bank = InstitutionFactory(name="デモ銀行", code="0901")
    other_bank = InstitutionFactory(name="サンプル信用金庫", code="1901", kind=FinancialInstitution.Kind.SHINKIN)
    company = CompanyFactory(institution=bank, name="株式会社北斗精機")
    return Banks(
        bank=bank, other_bank=other_bank,
        member=UserFactory(company=company, username="hokuto-sato", email="sato@hokuto.example.jp",
                           full_name="佐藤 一郎"),
        colleague=UserFactory(company=company, username="hokuto-suzuki", email="suzuki@hokuto.example.jp",
                              full_name="鈴木 花子"),
        neighbour=UserFactory(company=CompanyFactory(institution=bank, name="株式会社みどり食品"),
                              username="midori", email="takahashi@midori.example.jp"),
        stranger=UserFactory(company=CompanyFactory(institution=other_bank, name="株式会社あおば物流"),
                             username="aoba", email="watanabe@aoba.example.jp"),
        admin=FIAdminFactory(institution=bank, username="demo-admin", email="admin@demo-bank.example.jp",
                             full_name="田中 誠"),
        other_admin=FIAdminFactory(institution=other_bank, username="shinkin-admin",
                                   email="admin@sample-shinkin.example.jp"),
    )


def open_consultation(member: User, **changes) -> Consultation:
    values = {"actor": member, "category": Consultation.Category.FINANCING, "subject": "運転資金の借入について",
              "body": "来期の設備投資に向けて、運転資金の借入を相談したいです。"}
    values.update(changes)
    return services.consultation_open(**values)


def emails_to(address: str, template: str | None = None) -> list[EmailLog]:
    logs = EmailLog.objects.filter(recipient=address)
    if template:
        logs = logs.filter(template=template)
    return list(logs.order_by("pk"))


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation written straight to the table (for lists and counts), with its opening message."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    institution = factory.LazyAttribute(lambda consultation: consultation.company.institution)
    category = Consultation.Category.SALES
    subject = factory.Sequence(lambda n: f"販路開拓の相談 {n}")
    last_message_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def messages(obj, create, extracted, **kwargs):
        if create:
            ConsultationMessage.objects.create(consultation=obj, side=ConsultationMessage.Side.MEMBER,
                                               author_name="佐藤 一郎", body="ご相談です。")
            ConsultationMessage.objects.create(consultation=obj, side=ConsultationMessage.Side.BANK,
                                               author_name="デモ銀行 田中 誠", body="承知しました。")


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    title = factory.Sequence(lambda n: f"お知らせ {n}")
    body = "年末年始の窓口営業についてご案内します。"
    publish_at = factory.LazyFunction(timezone.now)
    emailed_at = factory.LazyFunction(timezone.now)
