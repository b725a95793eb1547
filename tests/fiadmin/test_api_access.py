"""AUTH-1: the API is the banks' machine interface: FI admins of a running contract, by session or token."""

import pytest
from rest_framework.authtoken.models import Token


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_me_answers_an_fi_admins_token_with_its_own_account(client, fi_admin):
    token = Token.objects.create(user=fi_admin)
    body = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}").json()
    assert body == {"kind": "account", "login_id": fi_admin.username, "full_name": fi_admin.full_name, "role": "fi_admin",
                    "institution": fi_admin.institution.code}


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "support_staff", "system_lead", "operator"])
def test_other_roles_get_a_json_403_even_with_a_valid_session(request, client, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["detail"] == "この API は契約金融機関の API キーと管理者だけが利用できます。"


@pytest.mark.django_db
def test_an_unknown_token_is_a_401(client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
