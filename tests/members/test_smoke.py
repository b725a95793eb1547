import pytest


@pytest.mark.django_db
def test_login_page_is_japanese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "ログインID" in response.content.decode()
