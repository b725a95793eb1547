"""The Django admin cannot bypass an identity rule: role and tenant are read-only, every write goes through
members.services, and only operators enter."""

import pytest

from audit.models import SecurityEvent
from members.models import FinancialInstitution, MaintenanceContact, MemberCompany, Role
from tests.factories import OperatorFactory


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_role_and_tenant_of_an_account_cannot_be_changed_in_the_admin(client, operator, member, other_bank):
    client.force_login(operator)
    response = client.post(f"/admin/members/user/{member.pk}/change/", {
        "full_name": "新しい 名前", "email": "New.Address@Example.JP", "role": Role.OPERATOR,
        "institution": other_bank.pk, "is_staff": "on", "is_superuser": "on",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.institution_id, member.is_staff, member.is_superuser) == (
        Role.MEMBER, member.company.institution_id, False, False)
    assert (member.full_name, member.email) == ("新しい 名前", "new.address@example.jp")  # the service's cleaning


@pytest.mark.django_db
def test_a_contract_status_cannot_be_edited_in_place(client, operator, bank):
    client.force_login(operator)
    client.post(f"/admin/members/financialinstitution/{bank.pk}/change/", {
        "code": bank.code, "name": bank.name, "kind": bank.kind, "status": FinancialInstitution.Status.TERMINATED,
        "maintenance_contacts-TOTAL_FORMS": "0", "maintenance_contacts-INITIAL_FORMS": "0"})
    bank.refresh_from_db()
    assert bank.status == FinancialInstitution.Status.ACTIVE


@pytest.mark.django_db
def test_a_company_is_created_and_edited_through_the_services(client, operator, bank, other_bank):
    client.force_login(operator)
    profile = {"institution": bank.pk, "name": "株式会社管理画面", "industry": "24", "prefecture": "東京都"}
    assert client.post("/admin/members/membercompany/add/", profile).status_code == 302
    company = MemberCompany.objects.unscoped("test").get(name="株式会社管理画面")
    response = client.post(f"/admin/members/membercompany/{company.pk}/change/",
                           {**profile, "institution": other_bank.pk, "industry": "58", "status": "suspended"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.institution_id, company.industry, company.status) == (bank.pk, "58", "active")


@pytest.mark.django_db
def test_maintenance_contacts_are_added_through_the_service(client, operator, bank):
    client.force_login(operator)
    response = client.post(f"/admin/members/financialinstitution/{bank.pk}/change/", {
        "maintenance_contacts-TOTAL_FORMS": "1", "maintenance_contacts-INITIAL_FORMS": "0",
        "maintenance_contacts-0-name": "システム部", "maintenance_contacts-0-email": "System@Bank.example.jp"})
    assert response.status_code == 302
    assert MaintenanceContact.objects.unscoped("test").get(institution=bank).email == "system@bank.example.jp"


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_an_admin_password_change_goes_through_the_service(client, operator, system_lead):
    colleague = OperatorFactory()
    client.force_login(operator)
    response = client.post(f"/admin/members/user/{colleague.pk}/password/",
                           {"password1": "Sora-to-umi-88", "password2": "Sora-to-umi-88"})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("Sora-to-umi-88")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.STAFF_PASSWORD_CHANGED,
                                        login_id=colleague.username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["financialinstitution", "membercompany", "user"])
def test_identity_rows_are_never_deleted_in_the_admin(client, operator, member, path):
    client.force_login(operator)
    pk = {"financialinstitution": member.institution_id, "membercompany": member.company_id, "user": member.pk}[path]
    assert client.get(f"/admin/members/{path}/{pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_a_support_account_flagged_staff_stays_out_of_the_admin(client, support_staff):
    support_staff.is_staff = True
    support_staff.save()
    client.force_login(support_staff)
    assert client.get("/admin/members/user/").status_code == 403
