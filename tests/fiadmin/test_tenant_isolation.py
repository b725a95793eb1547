"""AUTH-1 and USR-1: every request is checked; nothing of another FI leaks, not even by 404 vs 403."""

import re

import pytest

from tests.factories import CompanyFactory, UserFactory

DENIED = "アクセスが拒否されました"


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/console/", "/console/companies/", "/desk/", "/operations/"])
def test_member_opening_other_audiences_gets_the_japanese_403_page(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert DENIED in page and "権限がありません" in page


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/portal/", "/desk/", "/operations/", "/admin/members/user/"])
def test_fi_admin_cannot_open_other_audiences(client, fi_admin, url):
    client.force_login(fi_admin)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # the Django admin sends non-staff to its own login
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.req("AUTH-1", "USR-1")
@pytest.mark.django_db
def test_fi_admin_sees_only_own_members_and_ids(client, fi_admin, bank, other_bank):
    own = CompanyFactory(institution=bank, name="自行の会社")
    foreign = CompanyFactory(institution=other_bank, name="他行の会社")
    UserFactory(company=own, username="own-member")
    UserFactory(company=foreign, username="foreign-member")
    client.force_login(fi_admin)
    companies = client.get("/console/companies/").content.decode()
    accounts = client.get("/console/accounts/").content.decode()
    assert "自行の会社" in companies and "他行の会社" not in companies
    assert "own-member" in accounts and "foreign-member" not in accounts


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_other_banks_objects_answer_exactly_like_missing_ones(client, fi_admin, other_bank):
    foreign_company = CompanyFactory(institution=other_bank)
    foreign_user = UserFactory(company=foreign_company)
    client.force_login(fi_admin)
    missing_id = max(foreign_company.pk, foreign_user.pk) + 1000
    pairs = [
        (f"/console/companies/{foreign_company.pk}/", f"/console/companies/{missing_id}/"),
        (f"/console/accounts/{foreign_user.pk}/", f"/console/accounts/{missing_id}/"),
    ]
    for foreign_url, missing_url in pairs:
        foreign, missing = client.get(foreign_url), client.get(missing_url)
        assert foreign.status_code == missing.status_code == 404
        assert _without_tokens(foreign.content) == _without_tokens(missing.content)
        assert foreign_company.name not in foreign.content.decode()


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_fi_admin_opens_own_member_and_id(client, fi_admin, member):
    client.force_login(fi_admin)
    assert client.get(f"/console/companies/{member.company_id}/").status_code == 200
    response = client.get(f"/console/accounts/{member.pk}/")
    assert response.status_code == 200 and member.email in response.content.decode()


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_api_requires_authentication_and_answers_for_the_caller(client, fi_admin):
    assert client.get("/api/v1/me/").status_code == 401
    client.force_login(fi_admin)
    body = client.get("/api/v1/me/").json()
    assert body["login_id"] == fi_admin.username and body["institution"] == fi_admin.institution.code


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_staff_roles_see_no_tenant_rows_through_tenant_selectors(support_staff, member):
    from members import selectors

    assert list(selectors.companies_for(support_staff)) == []
    assert list(selectors.accounts_for(support_staff)) == []


def _without_tokens(content: bytes) -> bytes:
    """The page minus what differs by design: the CSRF token and the requested path in the language form."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="next" type="hidden" value="[^"]+"', b"", content)
