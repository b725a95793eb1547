"""The consultations inbox (SVC-2): unread and overdue counts (CONSULTATION_DUE_BUSINESS_DAYS business days from
waiting_since), reply, internal notes members never see, the admin in charge, closing. AUTH-1: another FI's
consultation answers as a missing one."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.consultations import bank, selectors
from members.models import Consultation, ConsultationNote
from ops.calendar import TOKYO
from tests.factories import FIAdminFactory
from tests.members.consult_factories import make_banks, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks():
    return make_banks()


def test_due_date_and_overdue_count_in_business_days(banks, settings, time_machine):
    settings.CONSULTATION_DUE_BUSINESS_DAYS = 1
    time_machine.move_to(datetime(2027, 2, 5, 10, 0, tzinfo=TOKYO))  # a Friday
    friday = open_consultation(banks.member)
    assert bank.due_date(friday.waiting_since).isoformat() == "2027-02-08"  # the next Monday
    waiting = Consultation.objects.visible_to(banks.admin)
    time_machine.move_to(datetime(2027, 2, 8, 18, 0, tzinfo=TOKYO))
    assert bank.overdue(waiting).count() == 0
    time_machine.move_to(datetime(2027, 2, 9, 9, 0, tzinfo=TOKYO))
    assert list(bank.overdue(waiting)) == [friday]


@pytest.mark.req("SVC-2")
def test_the_admin_replies_notes_assigns_and_closes(client, banks):
    consultation = open_consultation(banks.member)
    colleague = FIAdminFactory(institution=banks.bank, full_name="山田 融資")
    client.force_login(banks.admin)
    listing = client.get("/console/consultations/").content.decode()
    assert consultation.subject in listing and "新着 1 件" in listing
    url = f"/console/consultations/{consultation.pk}/"
    page = client.get(url).content.decode()
    assert "来期の設備投資に向けて" in page and "回答する" in page
    assert "新着" not in client.get("/console/consultations/").content.decode()  # opened: read
    assert client.post(url + "note/", {"body": "来週訪問して確認する"}).status_code == 302
    assert client.post(url + "assign/", {"assignee": colleague.pk}).status_code == 302
    assert client.post(url + "reply/", {"body": "ご相談ありがとうございます。"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ANSWERED and consultation.assigned_to == colleague
    assert ConsultationNote.objects.unscoped("test").get().body == "来週訪問して確認する"
    assert not ConsultationNote.objects.visible_to(banks.member).exists()
    client.force_login(banks.member)
    member_page = client.get(f"/portal/consultations/{consultation.pk}/").content.decode()
    assert "ご相談ありがとうございます。" in member_page and "来週訪問して確認する" not in member_page
    client.force_login(banks.admin)
    assert client.post(url + "close/").status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


@pytest.mark.req("AUTH-1", "SAF-1")
def test_another_fis_consultation_and_admin_answer_as_missing(client, banks):
    foreign = open_consultation(banks.stranger)
    client.force_login(banks.admin)
    for consultation_id in (foreign.pk, 999999):
        base = f"/console/consultations/{consultation_id}/"
        assert client.get(base).status_code == 404
        for action, data in (("reply/", {"body": "x"}), ("note/", {"body": "x"}), ("close/", {}),
                             ("assign/", {"assignee": ""})):
            assert client.post(base + action, data).status_code == 404
    own = open_consultation(banks.member)
    refused = client.post(f"/console/consultations/{own.pk}/assign/", {"assignee": banks.other_admin.pk})
    assert refused.status_code == 400 and "貴行・貴庫の有効な管理者から選んでください。" in refused.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == Consultation.Status.WAITING_BANK


@pytest.mark.req("SVC-2")
def test_the_inbox_costs_the_same_queries_with_5_and_100_consultations(client, banks):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/console/consultations/").status_code == 200
        return len(queries)

    client.force_login(banks.admin)
    for _i in range(5):
        open_consultation(banks.member)
    count()
    few = count()
    for _i in range(95):
        open_consultation(banks.colleague)
    assert count() == few
    assert selectors.unread_total(banks.admin) == 100
