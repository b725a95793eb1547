"""factory_boy factories for identity and tenancy, shared by every app's tests."""

import factory

from members.models import FinancialInstitution, MaintenanceContact, MemberCompany, Role, User

PASSWORD = "Correct-Horse-2026"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialInstitution

    code = factory.Sequence(lambda n: f"{2000 + n:04d}")
    name = factory.Sequence(lambda n: f"テスト銀行{n}")
    kind = FinancialInstitution.Kind.BANK


class MaintenanceContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenanceContact

    institution = factory.SubFactory(InstitutionFactory)
    name = "システム部"
    email = factory.Sequence(lambda n: f"contact{n}@fi.example.jp")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCompany

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    industry = "24"  # 金属製品製造業 (日本標準産業分類)
    prefecture = "東京都"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    full_name = factory.Sequence(lambda n: f"山田 太郎{n}")
    role = Role.MEMBER
    company = factory.SubFactory(CompanyFactory)
    institution = factory.LazyAttribute(lambda u: u.company.institution if u.company else None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FIAdminFactory(UserFactory):
    role = Role.FI_ADMIN
    company = None
    institution = factory.SubFactory(InstitutionFactory)


class StaffFactory(UserFactory):
    role = Role.SUPPORT
    company = None
    institution = None


class OperatorFactory(StaffFactory):
    role = Role.OPERATOR
    is_staff = True
    is_superuser = True


class SystemLeadFactory(StaffFactory):
    role = Role.SYSTEM_LEAD
