"""ACC-1: every password change of a staff account is announced to the system lead, whatever path it takes."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from audit.models import SecurityEvent
from members.models import Role, User
from members.services import user_create
from members.tenancy import system_context
from ops.models import EmailLog
from tests.factories import PASSWORD, FIAdminFactory, OperatorFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.req("ACC-1")]

NEW_PASSWORD = "Sora-to-umi-88"
SUBJECT = "[Big Advance] 運用者アカウントのパスワードが変更されました"


@pytest.fixture
def lead(system_lead, mailoutbox):
    mailoutbox.clear()
    return system_lead


def _announcement(mailoutbox, user: User):
    """The latest email announcing a password change of `user`; each went to the system lead only."""
    mails = [mail for mail in mailoutbox if mail.subject == SUBJECT and f"{user.username}（" in mail.body]
    assert mails and all(mail.to == [User.objects.staff().get(role=Role.SYSTEM_LEAD).email] for mail in mails)
    return mails[-1]


def _events(user: User) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.STAFF_PASSWORD_CHANGED, user=user)
                .order_by("pk"))


def test_the_change_page(client, operator, lead, mailoutbox):
    client.force_login(operator)
    client.post("/accounts/password/change/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert _events(operator)[-1].detail == f"password changed by {operator.username}"
    assert "パスワードの変更" in _announcement(mailoutbox, operator).body


def test_the_reset_link(client, lead, mailoutbox):
    support = StaffFactory()
    client.post("/accounts/password/reset/", {"email": support.email})
    link = next(line for line in EmailLog.objects.get(template="password_reset").body.splitlines()
                if "/accounts/password/reset/" in line)
    form_page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    support.refresh_from_db()
    assert support.check_password(NEW_PASSWORD)
    assert _events(support)[-1].detail == "password changed by a visitor not signed in"
    assert "パスワード再設定のリンク" in _announcement(mailoutbox, support).body


def test_the_django_admin_names_who_changed_it(client, operator, lead, mailoutbox):
    other = StaffFactory()
    client.force_login(operator)
    response = client.post(f"/admin/members/user/{other.pk}/password/",
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
                           REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)
    event = _events(other)[-1]
    assert event.detail == f"password changed by {operator.username}" and event.ip_address == "192.0.2.7"
    mail = _announcement(mailoutbox, other)
    assert f"{operator.username}（" in mail.body and "192.0.2.7" in mail.body


def test_the_changepassword_command(operator, lead, mailoutbox, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    with system_context("Django's changepassword looks the account up by login ID"):
        call_command("changepassword", operator.username, stdout=None)
    operator.refresh_from_db()
    assert operator.check_password(NEW_PASSWORD)
    assert _events(operator)[-1].detail == "password changed outside a web request"
    assert _announcement(mailoutbox, operator)


def test_createsuperuser_announces_the_new_operator(lead, mailoutbox, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    call_command("createsuperuser", "--noinput", "--username", "ops-new", "--email", "ops-new@example.jp",
                 "--full_name", "新任 運用者", verbosity=0)
    created = User.objects.staff().get(username="ops-new")
    assert created.role == Role.OPERATOR and len(_events(created)) == 1
    assert "初期パスワードの設定" in _announcement(mailoutbox, created).body


def test_the_identity_service_and_a_hash_written_directly(lead, mailoutbox):
    support = user_create(username="desk-2", email="desk-2@example.jp", full_name="窓口 二郎", role=Role.SUPPORT,
                          password=NEW_PASSWORD)
    support.password = make_password("Another-pass-99")
    support.save()
    assert [event.detail for event in _events(support)] == ["password set outside a web request",
                                                           "password changed outside a web request"]


def test_disabling_the_password_is_announced(lead, mailoutbox):
    support = StaffFactory()
    support.set_unusable_password()
    support.save()
    assert "パスワードの無効化" in _announcement(mailoutbox, support).body


def test_other_saves_and_hash_upgrades_at_login_are_not_changes(client, lead, mailoutbox):
    operator = OperatorFactory()
    weak_salt = make_password(PASSWORD, salt="ab", hasher="md5")  # Django rehashes this at the next login
    User.objects.staff().filter(pk=operator.pk).update(password=weak_salt)
    mailoutbox.clear()
    SecurityEvent.objects.all().delete()
    assert client.post("/accounts/login/", {"username": operator.username, "password": PASSWORD}).status_code == 302
    operator.refresh_from_db()
    assert operator.password != weak_salt  # rehashed, same password
    operator.full_name = "名前だけ変更"
    operator.save()
    assert _events(operator) == []


def test_members_and_fi_admins_are_not_announced(member, lead, mailoutbox):
    admin = FIAdminFactory()
    for user in (member, admin):
        user.set_password(NEW_PASSWORD)
        user.save()
    assert not SecurityEvent.objects.filter(user__in=[member, admin]).exists()
    assert mailoutbox == []
