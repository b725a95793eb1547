"""An ended contract ends access: login refused with a clear message, open sessions end at their next
request, API tokens stop working; the data stays. A suspended company takes its members the same way."""

import pytest
from rest_framework.authtoken.models import Token

from members.models import FinancialInstitution, MemberCompany, User
from members.services import company_reinstate, company_suspend, institution_reinstate, institution_terminate

ENDED = "Big Advance のご契約が終了しているため、ログインできません。"
SUSPENDED = "貴社のご利用は停止されているため"


def _login(client, user, password):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["fi_admin", "member"])
def test_people_of_an_fi_whose_contract_ended_cannot_log_in(request, client, password, bank, who):
    user = request.getfixturevalue(who)
    institution_terminate(institution=bank)
    response = _login(client, user, password)
    assert response.status_code == 200
    assert ENDED in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_password_does_not_reveal_that_the_contract_ended(client, fi_admin, bank):
    institution_terminate(institution=bank)
    page = _login(client, fi_admin, "not-the-password").content.decode()
    assert "ログインIDまたはパスワードが正しくありません。" in page and ENDED not in page


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_an_open_session_ends_at_its_next_request(client, fi_admin, member, bank):
    client.force_login(fi_admin)
    assert client.get("/console/").status_code == 200
    institution_terminate(institution=bank)
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_api_tokens_stop_working_and_the_data_stays(client, fi_admin, member, bank):
    token = Token.objects.create(user=fi_admin)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/me/", **headers).status_code == 200
    institution_terminate(institution=bank)
    response = client.get("/api/v1/me/", **headers)
    assert response.status_code == 401 and "契約が終了" in response.json()["detail"]
    bank.refresh_from_db()
    assert bank.status == FinancialInstitution.Status.TERMINATED and bank.terminated_at is not None
    assert User.objects.unscoped("test").filter(pk__in=[fi_admin.pk, member.pk]).count() == 2
    assert MemberCompany.objects.unscoped("test").filter(pk=member.company_id).exists()
    assert Token.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_reinstating_the_contract_restores_access(client, fi_admin, bank, password):
    institution_terminate(institution=bank)
    institution_reinstate(institution=bank)
    assert _login(client, fi_admin, password).status_code == 302


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_a_suspended_company_takes_its_members_not_its_bank(client, member, fi_admin, password):
    client.force_login(member)
    company_suspend(company=member.company)
    assert client.get("/portal/").status_code == 302
    client.logout()
    page = _login(client, member, password).content.decode()
    assert SUSPENDED in page and "_auth_user_id" not in client.session
    assert _login(client, fi_admin, password).status_code == 302
    client.logout()
    company_reinstate(company=member.company)
    assert _login(client, member, password).status_code == 302


@pytest.mark.django_db
def test_the_operators_admin_ends_a_contract_through_the_service(client, operator, fi_admin, bank):
    response = client.post("/admin/members/financialinstitution/", {
        "action": "terminate_contracts", "_selected_action": [bank.pk]}, follow=True)
    assert response.status_code == 200  # the admin's login page: not signed in yet
    client.force_login(operator)
    response = client.post("/admin/members/financialinstitution/", {
        "action": "terminate_contracts", "_selected_action": [bank.pk]})
    assert response.status_code == 302
    bank.refresh_from_db()
    assert bank.status == FinancialInstitution.Status.TERMINATED and bank.terminated_at is not None
