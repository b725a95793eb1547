"""SEC-2 (ID and password), ACC-1 (lockout recorded and reported), role homes after login."""

import pytest
from axes.models import AccessAttempt

from audit.models import SecurityEvent
from tests.factories import FIAdminFactory, OperatorFactory, StaffFactory, SystemLeadFactory, UserFactory


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "home"), [
    (UserFactory, "/portal/"), (FIAdminFactory, "/console/"), (StaffFactory, "/desk/"),
    (SystemLeadFactory, "/operations/"), (OperatorFactory, "/operations/"),
])
def test_each_role_lands_on_its_home(client, password, factory, home):
    user = factory()
    response = _login(client, user.username, password)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == home
    assert client.get(home).status_code == 200


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
def test_login_id_is_case_insensitive(client, member, password):
    response = _login(client, member.username.upper(), password)
    assert response.status_code == 302


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
def test_wrong_password_shows_a_japanese_error(client, member):
    response = _login(client, member.username, "not-the-password")
    assert response.status_code == 200
    assert "ログインIDまたはパスワードが正しくありません。" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
def test_anonymous_request_goes_to_login(client):
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.req("SEC-2", "ACC-1")
@pytest.mark.django_db
def test_five_failures_lock_the_login_id(client, member, password, system_lead, mailoutbox,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _login(client, member.username, "wrong-password-1")
    response = _login(client, member.username, password)
    assert response.status_code == 429
    page = response.content.decode()
    assert "ログインIDがロックされています" in page and "30分後" in page
    assert "_auth_user_id" not in client.session
    # the lockout is recorded and the system lead told at once (ACC-1)
    assert AccessAttempt.objects.filter(username=member.username).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKOUT)
    assert event.user == member and event.institution == member.institution
    assert [m.to for m in mailoutbox] == [[system_lead.email]]
    assert member.username not in mailoutbox[0].subject and member.username in mailoutbox[0].body


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_lock_holds_whatever_the_letter_case(client, member, password):
    for _ in range(5):
        _login(client, member.username, "wrong-password-1")
    assert _login(client, member.username.upper(), password).status_code == 429


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_four_failures_do_not_lock(client, member, password):
    for _ in range(4):
        _login(client, member.username, "wrong-password-1")
    assert _login(client, member.username, password).status_code == 302


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_lock_expires_after_the_cooloff(client, member, password, time_machine):
    time_machine.move_to("2026-12-01 10:00:00+09:00")
    for _ in range(5):
        _login(client, member.username, "wrong-password-1")
    time_machine.move_to("2026-12-01 10:31:00+09:00")
    assert _login(client, member.username, password).status_code == 302


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_operator_password_change_is_announced_to_the_system_lead(client, operator, system_lead, password,
                                                                  mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/change/", {
            "old_password": password, "new_password1": "Sora-to-umi-88", "new_password2": "Sora-to-umi-88"})
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.STAFF_PASSWORD_CHANGED, user=operator).exists()
    assert [m.to for m in mailoutbox] == [[system_lead.email]]


@pytest.mark.req("ACC-1")
@pytest.mark.django_db
def test_member_password_change_is_not_announced(client, member, system_lead, password, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/change/", {
            "old_password": password, "new_password1": "Sora-to-umi-88", "new_password2": "Sora-to-umi-88"})
    assert mailoutbox == []


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
def test_password_reset_sends_a_japanese_email_with_a_working_link(client, member, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "パスワード再設定" in mail.subject and member.username in mail.body
    link = next(line for line in mail.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "新しいパスワードの設定" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": "Sora-to-umi-88", "new_password2": "Sora-to-umi-88"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Sora-to-umi-88")


# Item 18: the login page says what is wrong, beside the field, in Japanese.

@pytest.mark.django_db
@pytest.mark.parametrize(("login_id", "message"), [
    ("", "ログインIDを入力してください。"),
    ("a" * 5000, "ログインIDは64文字以内です（入力は5000文字）。"),
])
def test_login_page_explains_an_empty_or_overlong_login_id(client, login_id, message):
    response = _login(client, login_id, "whatever-1")
    page = response.content.decode()
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert message in page and 'id="id_username_error"' in page
    assert "a" * 65 not in page  # the typed text is not echoed back beyond the limit
    assert 'maxlength="64"' in page


@pytest.mark.django_db
def test_login_page_explains_an_empty_or_overlong_password(client, member):
    assert "パスワードを入力してください。" in _login(client, member.username, "").content.decode()
    page = _login(client, member.username, "x" * 5000).content.decode()
    assert "パスワードは128文字以内です。" in page and 'id="id_password_error"' in page
    assert not AccessAttempt.objects.exists()  # nothing was tried against the account


@pytest.mark.req("SEC-2")
@pytest.mark.django_db
def test_login_id_typed_in_full_width_letters_still_logs_in(client, password):
    user = UserFactory(username="yamada-01")
    response = _login(client, "ｙａｍａｄａ－０１", password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
