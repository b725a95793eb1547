"""Helpers for the deal tests: two banks as in the demo, a requesting and a receiving company, deals."""

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.deals import services
from members.models import Deal, FinancialInstitution, Need
from members.models.identity import User
from ops.models import EmailLog
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"


@dataclass
class World:
    requester_bank: FinancialInstitution
    receiver_bank: FinancialInstitution
    requester: User  # member of the requesting company
    receiver: User  # member of the company that posted the need
    requester_admin: User
    receiver_admin: User
    need: Need


def make_world(*, cross_bank: bool = True) -> World:
    demo = InstitutionFactory(name="デモ銀行", code="0901")
    shinkin = (InstitutionFactory(name="サンプル信用金庫", code="1901", kind=FinancialInstitution.Kind.SHINKIN)
               if cross_bank else demo)
    requester = UserFactory(username="hokuto", email="sato@hokuto.example.jp",
                            company=ProfileCompanyFactory(institution=demo, name="株式会社北斗精機"))
    receiver = UserFactory(username="aoba", email="watanabe@aoba.example.jp",
                           company=ProfileCompanyFactory(institution=shinkin, name="株式会社あおば物流"))
    requester_admin = FIAdminFactory(institution=demo, username="demo-admin", email="admin@demo-bank.example.jp")
    receiver_admin = (FIAdminFactory(institution=shinkin, username="shinkin-admin",
                                     email="admin@sample-shinkin.example.jp") if cross_bank else requester_admin)
    need = NeedFactory(company=receiver.company, title="冷凍倉庫の共同利用先を探しています",
                       body="仙台市内の冷凍倉庫に空きがあり、精密機械部品の保管も相談できます。")
    return World(demo, shinkin, requester, receiver, requester_admin, receiver_admin, need)


def soon(days: int = 7, hour: int = 14):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def request(world: World, **changes) -> Deal:
    values = {"need": world.need, "actor": world.requester, "message": "御社の冷凍倉庫について相談させてください。",
              "preferred_dates": [soon(7), soon(8)]}
    values.update(changes)
    return services.deal_request(**values)


def accepted_deal(world: World) -> Deal:
    deal = request(world)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    if world.requester_bank != world.receiver_bank:
        services.deal_approve_by_bank(deal=deal, actor=world.receiver_admin, note="")
    return services.deal_accept(deal=deal, actor=world.receiver)


def emails_to(address: str, template: str | None = None) -> list[EmailLog]:
    logs = EmailLog.objects.filter(recipient=address)
    if template:
        logs = logs.filter(template=template)
    return list(logs.order_by("pk"))


def upload(name: str = "見積書.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class DealFactory(factory.django.DjangoModelFactory):
    """A deal written straight to the table (for lists and counts), already accepted by default."""

    class Meta:
        model = Deal

    need = factory.SubFactory(NeedFactory)
    requester_company = factory.SubFactory(ProfileCompanyFactory)
    requester_institution = factory.LazyAttribute(lambda deal: deal.requester_company.institution)
    receiver_company = factory.LazyAttribute(lambda deal: deal.need.company)
    receiver_institution = factory.LazyAttribute(lambda deal: deal.need.company.institution)
    message = "ご相談させてください。"
    preferred_at_1 = factory.LazyFunction(soon)
    status = Deal.Status.ACCEPTED
    receiver_bank_reached_at = factory.LazyFunction(timezone.now)
    receiver_reached_at = factory.LazyFunction(timezone.now)
    accepted_at = factory.LazyFunction(timezone.now)
