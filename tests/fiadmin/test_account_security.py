"""An FI admin's tools on one account (issue 9 item 4, USR-1): open sessions with device, address and time,
"log out everywhere", releasing a lockout, forcing a password reset; the one-session rule; the idle timeout."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import SecurityEvent
from members.models import InstitutionSettings, UserSession
from ops.models import EmailLog

pytestmark = pytest.mark.django_db

CHROME_ON_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/131.0.0.0 Safari/537.36")
SAFARI_ON_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    "Version/18.0 Mobile/15E148 Safari/604.1")


def _browser(user, password, *, agent=CHROME_ON_WINDOWS, address="203.0.113.10") -> Client:
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = browser.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def _signed_in(browser: Client, path: str = "/portal/") -> bool:
    return browser.get(path).status_code == 200


@pytest.mark.req("USR-1")
def test_the_sessions_page_lists_device_address_and_time(client, fi_admin, member, password):
    _browser(member, password)
    _browser(member, password, agent=SAFARI_ON_IPHONE, address="198.51.100.20")
    client.force_login(fi_admin)
    page = client.get(f"/console/accounts/{member.pk}/sessions/").content.decode()
    assert "Chrome / Windows" in page and "203.0.113.10" in page
    assert "Safari / iPhone" in page and "198.51.100.20" in page
    assert timezone.localtime().strftime("%Y/%m/%d") in page
    assert f'href="/console/accounts/{member.pk}/sessions/"' in client.get(f"/console/accounts/{member.pk}/").content.decode()


@pytest.mark.req("USR-1", "SAF-1")
def test_log_out_everywhere_ends_that_users_other_sessions(client, fi_admin, member, password):
    office, phone = _browser(member, password), _browser(member, password, agent=SAFARI_ON_IPHONE)
    client.force_login(fi_admin)
    confirm = client.get(f"/console/accounts/{member.pk}/sessions/end/")
    assert confirm.status_code == 200 and "よろしいですか" in confirm.content.decode()
    assert _signed_in(office) and _signed_in(phone)  # a GET changes nothing
    response = client.post(f"/console/accounts/{member.pk}/sessions/end/")
    assert response.status_code == 302
    assert "2件のセッションを終了しました" in client.get(response["Location"]).content.decode()
    for browser in (office, phone):
        assert browser.get("/portal/")["Location"].startswith("/accounts/login/")
    assert _signed_in(client, "/console/")  # the admin's own session stays
    assert not UserSession.objects.unscoped("test").filter(user=member).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSIONS_ENDED)
    assert event.user == member and fi_admin.username in event.detail


def test_log_out_everywhere_ends_cached_sessions_too(settings, client, fi_admin, member, password):
    from django.core.cache import cache

    settings.SESSION_ENGINE = "bigadvance.sessions"
    office = _browser(member, password)
    assert _signed_in(office)
    key = office.session.session_key
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    client.force_login(fi_admin)
    client.post(f"/console/accounts/{member.pk}/sessions/end/")
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is None
    assert not _signed_in(office)


@pytest.mark.req("USR-1", "SEC-2")
def test_an_fi_admin_unlocks_a_locked_member_who_can_then_log_in(client, fi_admin, member, password):
    for _ in range(5):
        client.post("/accounts/login/", {"username": member.username, "password": "wrong-password-1"})
    assert client.post("/accounts/login/", {"username": member.username, "password": password}).status_code == 429
    admin = Client()
    admin.force_login(fi_admin)
    page = admin.get(f"/console/accounts/{member.pk}/sessions/").content.decode()
    assert "ロック中" in page and f"/console/accounts/{member.pk}/unlock/" in page
    assert admin.post(f"/console/accounts/{member.pk}/unlock/").status_code == 302
    assert client.post("/accounts/login/", {"username": member.username, "password": password}).status_code == 302
    assert _signed_in(client)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKOUT_RELEASED)
    assert event.user == member and event.institution == member.institution and fi_admin.username in event.detail


@pytest.mark.req("USR-1", "SEC-2")
def test_forcing_a_password_reset_disables_the_password_ends_sessions_and_emails_a_link(
        client, fi_admin, member, password, mailoutbox, django_capture_on_commit_callbacks):
    office = _browser(member, password)
    client.force_login(fi_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/accounts/{member.pk}/password-reset/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.has_usable_password()
    assert not _signed_in(office)
    assert Client().post("/accounts/login/", {"username": member.username, "password": password}).status_code == 200
    log = EmailLog.objects.get(template="password_reset_forced")
    assert log.recipient == member.email and member.username not in log.subject
    [mail] = mailoutbox
    link = next(line for line in mail.body.splitlines() if "/accounts/password/reset/" in line)
    browser = Client()
    response = browser.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    response = browser.post(response.redirect_chain[-1][0],
                            {"new_password1": "Sora-to-umi-88", "new_password2": "Sora-to-umi-88"})
    assert response.status_code == 302
    assert Client().post("/accounts/login/", {"username": member.username,
                                              "password": "Sora-to-umi-88"}).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET_FORCED, user=member).exists()


@pytest.mark.req("USR-1")
def test_with_the_one_session_rule_a_second_login_ends_the_first(fi_admin, member, password, bank):
    InstitutionSettings.objects.create(institution=bank, single_session=True)
    first = _browser(member, password)
    assert _signed_in(first)
    second = _browser(member, password, agent=SAFARI_ON_IPHONE)
    assert _signed_in(second)
    assert first.get("/portal/")["Location"].startswith("/accounts/login/")
    assert UserSession.objects.unscoped("test").filter(user=member).count() == 1


def test_without_the_rule_both_sessions_stay(member, password):
    first, second = _browser(member, password), _browser(member, password)
    assert _signed_in(first) and _signed_in(second)


@pytest.mark.req("AUTH-1", "USR-1")
@pytest.mark.parametrize("path", ["sessions/", "sessions/end/", "unlock/", "password-reset/"])
def test_another_fis_admin_gets_404(client, other_fi_admin, member, path):
    client.force_login(other_fi_admin)
    assert client.get(f"/console/accounts/{member.pk}/{path}").status_code == 404
    assert client.post(f"/console/accounts/{member.pk}/{path}").status_code == 404
    assert client.get(f"/console/accounts/999999/{path}").status_code == 404
    member.refresh_from_db()
    assert member.has_usable_password() and not SecurityEvent.objects.exists()


def test_an_admin_cannot_force_a_reset_of_their_own_password(client, fi_admin):
    client.force_login(fi_admin)
    client.post(f"/console/accounts/{fi_admin.pk}/password-reset/")
    fi_admin.refresh_from_db()
    assert fi_admin.has_usable_password()


def test_the_idle_timeout_ends_a_session_without_requests(member, password, bank, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    InstitutionSettings.objects.create(institution=bank, session_timeout_minutes=15)
    active, idle = _browser(member, password), _browser(member, password)
    for _ in range(4):  # active every 10 minutes for 40 minutes
        time_machine.shift(timedelta(minutes=10))
        assert _signed_in(active)
    assert not _signed_in(idle)


def test_the_platform_lifetime_still_bounds_an_active_session(member, password, time_machine, settings):
    time_machine.move_to(timezone.now(), tick=False)
    browser = _browser(member, password)
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    for _ in range(15):  # active every 30 minutes for 7.5 hours
        time_machine.shift(timedelta(minutes=30))
        assert _signed_in(browser)
    time_machine.shift(timedelta(minutes=31))
    assert not _signed_in(browser)


def test_last_use_is_written_at_most_every_few_minutes(member, password, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    browser = _browser(member, password)
    browser.get("/portal/")
    with CaptureQueriesContext(connection) as captured:
        browser.get("/portal/")
    assert not [q for q in captured.captured_queries if "usersession" in q["sql"]]
    time_machine.shift(timedelta(minutes=6))
    browser.get("/portal/")
    row = UserSession.objects.unscoped("test").get(user=member)
    assert row.last_seen_at == timezone.now()


def test_a_password_change_keeps_the_session_listed(client, member, password):
    browser = _browser(member, password)
    browser.post("/accounts/password/change/", {"old_password": password, "new_password1": "Sora-to-umi-88",
                                                "new_password2": "Sora-to-umi-88"})
    assert _signed_in(browser)
    key = browser.session.session_key
    assert UserSession.objects.unscoped("test").filter(user=member, session_key=key).exists()


def test_logout_removes_the_session_from_the_list(member, password):
    browser = _browser(member, password)
    browser.post("/accounts/logout/")
    assert not UserSession.objects.unscoped("test").filter(user=member).exists()


def test_under_two_factor_the_one_session_rule_waits_for_the_code(fi_admin, password, bank, time_machine):
    from django_otp.oath import totp

    from members.twofactor import services as twofactor

    time_machine.move_to(timezone.now(), tick=False)
    InstitutionSettings.objects.create(institution=bank, single_session=True, two_factor_required=True)
    device = twofactor.device_for_enrolment(fi_admin)
    device.confirmed = True
    device.save()
    owner = _browser(fi_admin, password)
    owner.post("/accounts/two-factor/verify/", {"code": f"{totp(device.bin_key):06d}"})
    assert _signed_in(owner, "/console/")
    time_machine.shift(timedelta(seconds=31))
    intruder = _browser(fi_admin, password)  # has the password only
    assert _signed_in(owner, "/console/")  # the owner stays signed in
    intruder.post("/accounts/two-factor/verify/", {"code": f"{totp(device.bin_key):06d}"})
    assert _signed_in(intruder, "/console/")
    assert owner.get("/console/")["Location"].startswith("/accounts/login/")


def test_records_of_expired_sessions_are_pruned(member, password, time_machine):
    from members.security.tasks import sessions_prune_task

    time_machine.move_to(timezone.now(), tick=False)
    _browser(member, password)
    assert sessions_prune_task.delay().get() == 0
    time_machine.shift(timedelta(hours=9))
    assert sessions_prune_task.delay().get() == 1
    assert not UserSession.objects.unscoped("test").exists()
