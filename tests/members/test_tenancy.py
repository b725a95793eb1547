"""AUTH-1: role-aware tenancy (members/tenancy.py). A member is not its bank's admin; platform-wide data has
its own declared path; an unscoped query of tenant data fails under the guard."""

import pytest
from django.http import Http404

from members import policies, selectors
from members.models import FinancialInstitution, MaintenanceContact, MemberCompany, User
from members.tenancy import UnscopedTenantQuery, system_context
from tests.factories import CompanyFactory, FIAdminFactory, MaintenanceContactFactory, UserFactory


@pytest.fixture
def bank_people(bank, member):
    """Beside `member`: a colleague in its company, another company of the same bank with its user."""
    colleague = UserFactory(company=member.company, username="colleague")
    neighbour = CompanyFactory(institution=bank, name="同じ銀行の別会社")
    stranger = UserFactory(company=neighbour, username="same-bank-stranger")
    return colleague, neighbour, stranger


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_a_member_sees_its_own_company_not_every_company_of_its_bank(member, bank_people):
    colleague, neighbour, stranger = bank_people
    assert list(selectors.companies_for(member)) == [member.company]
    assert {a.username for a in selectors.accounts_for(member)} == {member.username, colleague.username}
    with pytest.raises(Http404):
        selectors.company_for(member, neighbour.pk)
    with pytest.raises(Http404):
        selectors.account_for(member, stranger.pk)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_an_fi_admin_sees_its_whole_fi_and_nothing_of_another(fi_admin, member, bank_people, other_fi_admin):
    _colleague, neighbour, stranger = bank_people
    foreign = CompanyFactory(institution=other_fi_admin.institution)
    assert set(selectors.companies_for(fi_admin)) == {member.company, neighbour}
    assert stranger in selectors.accounts_for(fi_admin) and other_fi_admin not in selectors.accounts_for(fi_admin)
    with pytest.raises(Http404):
        selectors.company_for(fi_admin, foreign.pk)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_maintenance_contacts_are_fi_data_members_see_none(fi_admin, member, bank):
    contact = MaintenanceContactFactory(institution=bank)
    MaintenanceContactFactory()  # another FI's
    assert list(MaintenanceContact.objects.visible_to(fi_admin)) == [contact]
    assert list(MaintenanceContact.objects.visible_to(member)) == []


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("staff", ["support_staff", "system_lead", "operator"])
def test_staff_roles_get_nothing_through_tenant_paths(request, staff, member):
    user = request.getfixturevalue(staff)
    assert not MemberCompany.objects.visible_to(user).exists()
    assert not User.objects.visible_to(user).exists()


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_published_profiles_are_seen_across_banks_through_their_own_path(member, bank, other_bank):
    published_elsewhere = CompanyFactory(institution=other_bank, is_published=True, name="他行の公開企業")
    CompanyFactory(institution=other_bank, is_published=False, name="他行の非公開企業")
    CompanyFactory(institution=other_bank, is_published=True, status=MemberCompany.Status.SUSPENDED)
    ended = FinancialInstitution.objects.create(code="0999", name="契約終了銀行", kind="bank",
                                                status=FinancialInstitution.Status.TERMINATED)
    CompanyFactory(institution=ended, is_published=True)
    assert list(selectors.published_companies()) == [published_elsewhere]
    assert published_elsewhere not in MemberCompany.objects.visible_to(member)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_an_ended_contract_sees_nothing(fi_admin, member, bank):
    bank.status = FinancialInstitution.Status.TERMINATED
    bank.save()
    assert not MemberCompany.objects.visible_to(fi_admin).exists()
    assert not User.objects.visible_to(member).exists()


@pytest.mark.django_db
def test_the_guard_refuses_an_unscoped_query_of_tenant_data(member):
    with pytest.raises(UnscopedTenantQuery):
        list(MemberCompany.objects.all())
    with pytest.raises(UnscopedTenantQuery):
        User.objects.filter(username=member.username).exists()
    with pytest.raises(UnscopedTenantQuery):
        MaintenanceContact.objects.count()
    with pytest.raises(UnscopedTenantQuery, match="visible_to"):
        list(member.company.users.all())  # related managers too: a company's users are tenant data


@pytest.mark.django_db
def test_the_guard_refuses_mixing_a_scoped_query_with_an_unscoped_one(member, other_fi_admin):
    scoped = MemberCompany.objects.visible_to(member)
    with pytest.raises(UnscopedTenantQuery):
        list(scoped | MemberCompany.objects.all())
    with pytest.raises(UnscopedTenantQuery):
        list(scoped.union(MemberCompany.objects.all()))
    assert list(scoped | MemberCompany.objects.visible_to(other_fi_admin)) == [member.company]


@pytest.mark.django_db
def test_explicit_paths_pass_the_guard_and_an_unscoped_path_needs_a_reason(member):
    assert MemberCompany.objects.unscoped("test of the system path").count() == 1
    assert member.company in MemberCompany.objects.visible_to(member).filter(name=member.company.name)
    with system_context("test of Django machinery"):
        assert User.objects.filter(pk=member.pk).exists()
    with pytest.raises(ValueError):
        MemberCompany.objects.unscoped(" ")


@pytest.mark.django_db
def test_without_the_guard_setting_an_unscoped_query_runs(settings, member):
    settings.TENANCY_GUARD = False
    assert MemberCompany.objects.count() == 1


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_policies_answer_per_object_by_role(member, fi_admin, other_fi_admin, bank_people, support_staff):
    colleague, neighbour, stranger = bank_people
    assert policies.may_view_company(member, member.company)
    assert not policies.may_view_company(member, neighbour)
    assert policies.may_view_company(fi_admin, neighbour) and policies.may_manage_company(fi_admin, neighbour)
    assert not policies.may_manage_company(member, member.company)
    assert not policies.may_view_company(other_fi_admin, neighbour)
    assert policies.may_view_account(member, colleague) and not policies.may_manage_account(member, colleague)
    assert policies.may_manage_account(fi_admin, stranger)
    assert not policies.may_manage_account(other_fi_admin, stranger)
    assert not policies.may_view_account(support_staff, stranger)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_the_console_company_page_lists_only_that_companys_accounts(client, fi_admin, member, bank_people):
    colleague, _neighbour, stranger = bank_people
    client.force_login(fi_admin)
    page = client.get(f"/console/companies/{member.company_id}/").content.decode()
    assert colleague.username in page and stranger.username not in page


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_the_portal_shows_a_member_its_colleagues_only(client, member, bank_people):
    colleague, _neighbour, stranger = bank_people
    client.force_login(member)
    page = client.get("/portal/").content.decode()
    assert colleague.full_name in page and stranger.full_name not in page


@pytest.mark.django_db
def test_an_fi_admin_flagged_staff_by_mistake_stays_out_of_the_operators_admin(client, bank):
    client.force_login(FIAdminFactory(institution=bank, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 403 and "管理画面は運用担当者だけが利用できます。" in response.content.decode()
