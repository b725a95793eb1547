"""A bank's system registers a membership application for a company that holds an account with it (SVC-2)."""

import pytest
from django.core import mail

from members.join.selectors import applications_visible_to
from members.join.services import application_verify_email
from members.models import MembershipApplication
from tests.factories import UserFactory
from tests.fiadmin.conftest import key_header
from tests.members.join_factories import TermsFactory

pytestmark = [pytest.mark.django_db, pytest.mark.req("SVC-2")]

APPLICATION = {"company_name": "株式会社燕テック", "corporate_number": "", "representative": "燕 太郎",
               "prefecture": "新潟県", "city": "燕市", "street": "大曲1-2-3", "industry": "24", "employees": 30,
               "contact_name": "燕 花子", "email": "hanako@tsubame-tech.example.jp", "branch_name": "燕支店"}


def _post(client, key, body):
    return client.post("/api/v1/applications/", body, content_type="application/json", **key_header(key))


def test_a_bank_registers_an_application_that_waits_for_the_email_check(client, bank, write_key,
                                                                      django_capture_on_commit_callbacks):
    TermsFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, write_key, APPLICATION)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "applied" and response.json()["company_name"] == "株式会社燕テック"
    application = MembershipApplication.objects.unscoped("test").get()
    assert application.institution == bank and application.account_confirmed and application.terms_document_id
    [message] = mail.outbox
    assert message.to == ["hanako@tsubame-tech.example.jp"]


def test_bad_input_an_address_in_use_and_a_read_key_change_nothing(client, bank, write_key, read_key):
    TermsFactory()
    bad = _post(client, write_key, {**APPLICATION, "prefecture": "火星", "employees": -1})
    assert bad.status_code == 400 and {"prefecture", "employees"} <= set(bad.json()["fields"])
    UserFactory(email="taken@example.jp")
    taken = _post(client, write_key, {**APPLICATION, "email": "Taken@example.jp"})
    assert taken.status_code == 400 and "既に使われて" in taken.json()["fields"]["email"][0]
    assert _post(client, read_key, APPLICATION).status_code == 403
    assert not MembershipApplication.objects.unscoped("test").exists()


def test_the_registered_application_reaches_only_this_banks_console(client, bank, other_bank, write_key,
                                                                    fi_admin, other_fi_admin):
    TermsFactory()
    _post(client, write_key, APPLICATION)
    application = MembershipApplication.objects.unscoped("test").get()
    application_verify_email(application_id=application.pk)
    assert list(applications_visible_to(fi_admin)) == [application]
    assert list(applications_visible_to(other_fi_admin)) == []
