"""PWD-1: at least 8 characters, not the login ID (nor the email's local part), on every path."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from members.models import Role, User
from members.services import user_create
from tests.factories import UserFactory

SAME_AS_ID = "demo-user01"
SEVEN_CHARS = "Xk7#pQ2"


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("password", [SAME_AS_ID, SAME_AS_ID.upper(), SEVEN_CHARS, "password123", "12345678"])
def test_validators_refuse_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username=SAME_AS_ID, email="taro@example.jp"))


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_password_equal_to_email_local_part_is_refused():
    with pytest.raises(ValidationError, match="ログインID"):
        validate_password("taro.yamada", User(username="ty-2026", email="Taro.Yamada@example.jp"))


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_good_password_is_accepted():
    validate_password("Kumo-no-ue-2026", User(username=SAME_AS_ID, email="taro@example.jp"))


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("new_password", [SAME_AS_ID, SEVEN_CHARS])
def test_web_password_change_form_refuses(client, password, new_password):
    user = UserFactory(username=SAME_AS_ID)
    client.force_login(user)
    response = client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_web_password_change_accepts_a_good_password(client, password):
    user = UserFactory(username=SAME_AS_ID)
    client.force_login(user)
    response = client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": "Sora-to-umi-88", "new_password2": "Sora-to-umi-88"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sora-to-umi-88")


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("new_password", [SAME_AS_ID, SEVEN_CHARS])
def test_django_admin_add_user_refuses(client, operator, new_password):
    client.force_login(operator)
    response = client.post("/admin/members/user/add/", {
        "username": SAME_AS_ID, "email": "new@example.jp", "full_name": "新規 太郎", "role": Role.SUPPORT,
        "usable_password": "true", "password1": new_password, "password2": new_password,
    })
    assert response.status_code == 200
    assert not User.objects.unscoped("test").filter(username=SAME_AS_ID).exists()


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_django_admin_add_user_accepts_a_good_password(client, operator):
    client.force_login(operator)
    response = client.post("/admin/members/user/add/", {
        "username": SAME_AS_ID, "email": "new@example.jp", "full_name": "新規 太郎", "role": Role.SUPPORT,
        "usable_password": "true", "password1": "Sora-to-umi-88", "password2": "Sora-to-umi-88",
    })
    assert response.status_code == 302
    assert User.objects.unscoped("test").get(username=SAME_AS_ID).check_password("Sora-to-umi-88")


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("new_password", [SAME_AS_ID, SEVEN_CHARS])
def test_createsuperuser_refuses(monkeypatch, new_password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", new_password)
    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", username=SAME_AS_ID, email="root@example.jp",
                     full_name="運用 太郎", verbosity=0)
    assert not User.objects.unscoped("test").filter(username=SAME_AS_ID).exists()


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_createsuperuser_creates_an_operator_with_a_good_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sora-to-umi-88")
    call_command("createsuperuser", "--noinput", username="root-op", email="root@example.jp",
                 full_name="運用 太郎", verbosity=0)
    user = User.objects.unscoped("test").get(username="root-op")
    assert user.role == Role.OPERATOR and user.is_superuser


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_service_refuses_and_saves_nothing(bank):
    with pytest.raises(ValidationError):
        user_create(username=SAME_AS_ID, email="x@example.jp", full_name="山田 花子", role=Role.FI_ADMIN,
                    password=SAME_AS_ID, institution=bank)
    assert not User.objects.unscoped("test").filter(username=SAME_AS_ID).exists()


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("new_password", [SAME_AS_ID, SEVEN_CHARS])
def test_password_reset_link_refuses_weak_passwords(client, password, new_password):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(username=SAME_AS_ID)
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    form_url = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
@pytest.mark.parametrize("new_password", [SAME_AS_ID, SEVEN_CHARS])
def test_django_admin_password_change_refuses(client, operator, password, new_password):
    user = UserFactory(username=SAME_AS_ID)
    client.force_login(operator)
    response = client.post(f"/admin/members/user/{user.pk}/password/", {
        "usable_password": "true", "password1": new_password, "password2": new_password})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(password)


# Item 18: each rule's message once, under the field it is about; no 5,000-character passwords.

def _change(client, password, new, confirmation=None):
    return client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": new, "new_password2": confirmation or new})


def _error_of(page: str, field: str) -> str:
    import re

    match = re.search(rf'<small class="field-error" id="id_{field}_error"[^>]*>(.*?)</small>', page, re.S)
    return match.group(1) if match else ""


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_password_rule_errors_show_under_the_new_password_once(client, password):
    user = UserFactory(username=SAME_AS_ID)
    client.force_login(user)
    page = _change(client, password, SAME_AS_ID).content.decode()
    assert "ログインID" in _error_of(page, "new_password1")
    assert _error_of(page, "new_password2") == ""
    assert page.count("ログインIDやメールアドレスと同じ文字列") == 1
    assert "似すぎています" not in page


@pytest.mark.django_db
def test_a_mismatch_shows_under_the_confirmation(client, password):
    client.force_login(UserFactory())
    page = _change(client, password, "Sora-to-umi-88", "Sora-to-umi-89").content.decode()
    assert "確認用のパスワードが一致しません。" in _error_of(page, "new_password2")


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_a_5000_character_password_is_refused_with_a_message(client, password):
    user = UserFactory()
    client.force_login(user)
    page = _change(client, password, "Ab1-" * 1250).content.decode()
    assert "パスワードは128文字以内で入力してください（現在5000文字）。" in _error_of(page, "new_password1")
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_every_path_refuses_an_overlong_password():
    with pytest.raises(ValidationError, match="128文字以内"):
        validate_password("Ab1-" * 1250, User(username="long-pass", email="long@example.jp"))


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_a_password_similar_to_the_login_id_is_one_rule():
    with pytest.raises(ValidationError) as error:
        validate_password("demo-user011", User(username=SAME_AS_ID, email="taro@example.jp"))
    assert len(error.value.messages) == 1 and "ログインID" in error.value.messages[0]


@pytest.mark.req("PWD-1")
@pytest.mark.django_db
def test_reset_link_form_shows_rule_errors_under_the_new_password(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(username=SAME_AS_ID)
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    form_url = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": SEVEN_CHARS, "new_password2": SEVEN_CHARS}).content.decode()
    assert "8 文字以上" in _error_of(page, "new_password1") and _error_of(page, "new_password2") == ""
