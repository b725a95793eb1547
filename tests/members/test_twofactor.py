"""Two-factor login (issue 9 item 9): staff and, when their bank asks, FI admins give a code from an
authenticator app after the password; nothing else is reachable first; wrong codes count toward the lockout."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import SecurityEvent
from members.models import InstitutionSettings, UserSession
from members.twofactor import services
from tests.factories import FIAdminFactory, OperatorFactory

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"


@pytest.fixture(autouse=True)
def staff_need_two_factor(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def now(time_machine):
    """A clock the test moves: each code is accepted once, so a new one needs the next 30-second step."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 1) % 1_000_000:06d}"


def _log_in(client, user, password):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def _enrolled(user) -> TOTPDevice:
    device = services.device_for_enrolment(user)
    device.confirmed = True
    device.save()
    return device


@pytest.mark.req("SEC-2", "ACC-1")
def test_an_operator_without_a_device_is_sent_to_enrolment_before_any_operations_page(client, operator, password):
    assert _log_in(client, operator, password).status_code == 302
    for path in ("/operations/", "/operations/maintenance/", "/operations/incidents/", "/admin/", "/desk/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    response = client.get("/operations/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    page = response.content.decode()
    assert "二段階認証の登録" in page and "<svg" in page and 'class="qr-code"' in page


def test_the_enrolment_page_shows_the_qr_code_and_the_secret_without_inline_script(client, operator):
    client.force_login(operator)
    response = client.get(SETUP)
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1).replace(" ", "")
    assert secret == device.config_url.split("secret=")[1].split("&")[0]
    assert "<script>" not in page and " style=" not in page
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    again = client.get(SETUP).content.decode()  # the same secret until confirmed
    assert re.search(r'id="totp-secret">([^<]+)<', again).group(1).replace(" ", "") == secret
    assert TOTPDevice.objects.filter(user=operator).count() == 1


@pytest.mark.req("SEC-2")
def test_a_correct_code_at_enrolment_lets_the_operator_through_with_recovery_codes_shown_once(client, operator,
                                                                                               now):
    client.force_login(operator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=operator)
    response = client.post(SETUP, {"code": _code(device), "next": "/operations/"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/recovery-codes/")
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<code>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</code>", page)
    assert len(codes) == 10 and 'href="/operations/"' in page
    assert "recovery-codes" not in client.get("/accounts/two-factor/recovery-codes/")["Location"]  # shown once
    assert client.get("/operations/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # the codes are kept as keyed hashes only
    stored = set(StaticToken.objects.filter(device__user=operator).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {code.replace("-", "") for code in codes}
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_ENROLLED, user=operator).exists()


@pytest.mark.req("SEC-2")
def test_a_correct_code_after_the_password_lets_them_through(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    assert client.get("/operations/")["Location"] == f"{VERIFY}?next=%2Foperations%2F"
    response = client.post(VERIFY, {"code": _code(device), "next": "/operations/"})
    assert response.status_code == 302 and response["Location"] == "/operations/"
    assert client.get("/operations/").status_code == 200
    now.shift(timedelta(seconds=31))
    client.logout()
    _log_in(client, operator, password)
    client.post(VERIFY, {"code": " ".join(_code(device)[:3]) + "　" + _code(device)[3:]})  # spaces, full-width
    assert client.get("/operations/").status_code == 200


@pytest.mark.req("SEC-2", "ACC-1")
def test_wrong_codes_count_toward_the_lockout(client, operator, password, system_lead, now,
                                              django_capture_on_commit_callbacks):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    for attempt in range(4):
        response = client.post(VERIFY, {"code": _wrong(device)})
        assert response.status_code == 200
        assert "確認コードが正しくありません" in response.content.decode()
        now.shift(timedelta(seconds=2 ** attempt + 1))  # django-otp's own wait after a wrong code
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(VERIFY, {"code": _wrong(device)})
    assert response.status_code == 429 and "ログインIDがロックされています" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the half-open session ended
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT, user=operator).exists()
    # the password alone no longer opens anything: the login ID is locked
    assert _log_in(client, operator, password).status_code == 429


@pytest.mark.req("ACC-1")
def test_the_password_does_not_clear_wrong_codes_before_the_second_factor(client, operator, password, now):
    device = _enrolled(operator)
    for _ in range(2):  # four wrong codes over two logins: the second password does not reset the count
        _log_in(client, operator, password)
        for _ in range(2):
            client.post(VERIFY, {"code": _wrong(device)})
            now.shift(timedelta(seconds=10))
        client.logout()
    _log_in(client, operator, password)
    assert client.post(VERIFY, {"code": _wrong(device)}).status_code == 429


def test_a_correct_code_clears_earlier_failures(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, "wrong-password-1")
    _log_in(client, operator, password)
    client.post(VERIFY, {"code": _wrong(device)})
    assert AccessAttempt.objects.filter(username=operator.username.lower()).exists()
    now.shift(timedelta(seconds=5))
    client.post(VERIFY, {"code": _code(device)})
    assert not AccessAttempt.objects.filter(username=operator.username.lower()).exists()


@pytest.mark.req("SEC-2")
def test_a_recovery_code_works_once(client, operator, password, now):
    _enrolled(operator)
    codes = services.recovery_codes_replace(user=operator)
    _log_in(client, operator, password)
    response = client.post(VERIFY, {"code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/operations/").status_code == 200
    assert services.recovery_codes_remaining(operator) == 9
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECOVERY_CODE_USED, user=operator).exists()
    client.logout()
    _log_in(client, operator, password)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "確認コードが正しくありません" in response.content.decode()
    assert client.get("/operations/")["Location"].startswith(VERIFY)


def test_an_api_call_before_the_second_factor_gets_json_403(client, bank, password):
    InstitutionSettings.objects.create(institution=bank, two_factor_required=True)
    admin = FIAdminFactory(institution=bank)
    _log_in(client, admin, password)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"


def test_fi_admins_give_a_code_only_when_their_bank_asks(client, bank, other_bank, password):
    InstitutionSettings.objects.create(institution=bank, two_factor_required=True)
    asked, not_asked = FIAdminFactory(institution=bank), FIAdminFactory(institution=other_bank)
    _log_in(client, asked, password)
    assert client.get("/console/")["Location"].startswith(VERIFY)
    client.logout()
    _log_in(client, not_asked, password)
    assert client.get("/console/").status_code == 200


def test_members_are_never_asked_and_cannot_enrol(client, member, password):
    _log_in(client, member, password)
    assert client.get("/portal/").status_code == 200
    assert client.get(SETUP).status_code == 403


def test_staff_are_not_asked_when_the_setting_is_off(client, operator, password, settings):
    settings.STAFF_2FA_REQUIRED = False
    _log_in(client, operator, password)
    assert client.get("/operations/").status_code == 200


def test_the_django_admin_requires_the_second_factor_too(client, operator, password, now):
    device = _enrolled(operator)
    client.post("/admin/login/?next=/admin/", {"username": operator.username, "password": password})
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_a_new_device_only_from_a_verified_session(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    assert client.get(SETUP)["Location"].startswith(VERIFY)  # an attacker with the password cannot replace it
    client.post(VERIFY, {"code": _code(device)})
    assert client.get(SETUP).status_code == 200
    other = OperatorFactory()
    assert TOTPDevice.objects.filter(user=other).count() == 0


def test_removing_the_device_ends_the_owners_sessions(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    client.post(VERIFY, {"code": _code(device)})
    assert client.get("/operations/").status_code == 200
    device.delete()  # an operator removes a lost phone in the Django admin
    assert client.get("/operations/")["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.unscoped("test").filter(user=operator).exists()


def test_enrolling_a_new_device_keeps_this_session_and_ends_the_others(client, operator, password, now):
    from django.test import Client

    device = _enrolled(operator)
    elsewhere = Client()
    for browser in (client, elsewhere):
        _log_in(browser, operator, password)
        browser.post(VERIFY, {"code": _code(device)})
        now.shift(timedelta(seconds=31))
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert client.post(SETUP, {"code": _code(new)}).status_code == 302
    assert client.get("/operations/").status_code == 200
    assert elsewhere.get("/operations/")["Location"].startswith("/accounts/login/")
    assert list(TOTPDevice.objects.filter(user=operator)) == [new]


def test_a_verified_page_costs_no_query_for_the_device(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    client.post(VERIFY, {"code": _code(device)})
    client.get("/operations/health/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/operations/health/").status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "otp_" in q["sql"] or "usersession" in q["sql"]]


def test_the_next_page_must_be_on_this_site(client, operator, password, now):
    device = _enrolled(operator)
    _log_in(client, operator, password)
    response = client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_member_login_still_clears_its_failures(client, member, password):
    _log_in(client, member, "wrong-password-1")
    _log_in(client, member, password)
    assert not AccessAttempt.objects.filter(username=member.username.lower()).exists()


def test_the_admin_site_itself_asks_for_the_second_factor(client, operator, password, settings):
    """Even without the middleware (a misordered setting), the operators' admin refuses an unverified session."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("TwoFactorRequiredMiddleware")]
    _enrolled(operator)
    _log_in(client, operator, password)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get("/admin/members/user/")["Location"].startswith(VERIFY)


def test_operators_see_devices_in_the_django_admin_without_their_secrets(client, operator, member, settings):
    settings.STAFF_2FA_REQUIRED = False
    device = _enrolled(member)
    client.force_login(operator)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
