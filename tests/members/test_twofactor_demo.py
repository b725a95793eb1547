"""The demo (`make run`) works with two-factor login: demo staff and みらい信用組合's admin have devices with
the secrets README publishes, and `demo_totp` prints their current code (and nobody else's)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import demo as members_demo
from members.models import InstitutionSettings
from members.twofactor import demo as twofactor_demo
from tests.factories import FIAdminFactory, InstitutionFactory, OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kumiai_admin(db):
    bank = InstitutionFactory(code=twofactor_demo.TWO_FACTOR_BANK_CODE, name="みらい信用組合")
    return FIAdminFactory(institution=bank, username="demo-kumiai-admin")


def test_the_demo_enrols_its_staff_and_asks_one_bank_for_two_factor_login(settings, client, kumiai_admin):
    settings.STAFF_2FA_REQUIRED = True
    members_demo.seed()
    twofactor_demo.seed()
    twofactor_demo.seed()  # idempotent
    assert TOTPDevice.objects.filter(confirmed=True).count() == 4
    assert InstitutionSettings.objects.unscoped("test").get(institution=kumiai_admin.institution).two_factor_required

    client.post("/accounts/login/", {"username": "operator", "password": members_demo.DEMO_PASSWORD})
    out = StringIO()
    call_command("demo_totp", "operator", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert client.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302
    assert client.get("/operations/").status_code == 200


def test_demo_totp_refuses_a_real_device(db):
    user = OperatorFactory(username="operator")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with pytest.raises(CommandError):
        call_command("demo_totp", "operator")
    with pytest.raises(CommandError):
        call_command("demo_totp", "someone-else")
