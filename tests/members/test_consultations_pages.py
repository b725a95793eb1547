"""SUP-1 on every portal page (the bank is the member's contact; the operator's desk is never offered), and the
new pages' query counts do not grow with their rows (issue 8 acceptance)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from members.consultations import services as consultation_services
from members.models import Consultation, Notice
from members.notices import services as notice_services
from tests.factories import CompanyFactory

from .consult_factories import ConsultationFactory, NoticeFactory, make_banks, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(db):
    return make_banks()


def _portal_pages(ids: dict[str, int]) -> list[str]:
    """Every page of the portal, with the ids of objects the member may see where a page takes one."""
    resolver = get_resolver()
    portal = next(entry for entry in resolver.url_patterns if str(entry.pattern) == "portal/")
    pages = []
    for entry in portal.url_patterns:
        if isinstance(entry, URLPattern):
            route = str(entry.pattern)
            pages.append("/portal/" + re.sub(r"<int:(\w+)>", lambda m: str(ids.get(m.group(1), 1)), route))
    return pages


@pytest.mark.req("SUP-1")
def test_no_portal_page_offers_a_way_to_the_operators_support_desk(client, banks, operator):
    consultation = open_consultation(banks.member)
    notice = notice_services.notice_publish(actor=operator, title="運営事務局からのお知らせ", body="本文")
    client.force_login(banks.member)
    pages = _portal_pages({"consultation_id": consultation.pk, "notice_id": notice.pk})
    assert "/portal/help/" in pages and f"/portal/consultations/{consultation.pk}/" in pages
    for url in pages:
        body = client.get(url).content.decode()
        assert "/desk/" not in body and "mailto:" not in body, url
        assert "サポートデスク" not in body, url


@pytest.mark.req("SUP-1")
def test_the_help_page_says_the_bank_is_the_contact_for_everything(client, banks):
    client.force_login(banks.member)
    page = client.get("/portal/help/").content.decode()
    assert "すべて デモ銀行 が窓口です" in page
    assert "運営事務局では、会員企業の皆さまからのお問い合わせを直接お受けしていません" in page
    assert 'href="/portal/consultations/new/"' in page and 'href="/portal/consultations/"' in page


@pytest.mark.req("SUP-1", "AUTH-1")
def test_a_member_opening_the_desk_gets_the_403_page(client, banks):
    client.force_login(banks.member)
    response = client.get("/desk/")
    assert response.status_code == 403
    assert "この画面を利用する権限がありません。" in response.content.decode()


@pytest.mark.req("AUTH-1")
def test_the_bank_admin_and_staff_get_the_403_page_on_the_portals_new_pages(client, banks, support_staff):
    consultation = open_consultation(banks.member)
    for user in (banks.admin, support_staff):
        client.force_login(user)
        for url in ("/portal/consultations/", f"/portal/consultations/{consultation.pk}/", "/portal/notices/",
                    "/portal/help/", "/portal/settings/notifications/"):
            assert client.get(url).status_code == 403, (user, url)


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_every_new_list_and_thread_costs_the_same_whatever_its_length(client, banks, operator, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the layout's per-process state stays fresh throughout
    counts = {}
    for rows in (5, 100):
        Consultation.objects.unscoped("test").all().delete()
        Notice.objects.unscoped("test").all().delete()
        ConsultationFactory.create_batch(rows, company=banks.member.company)
        NoticeFactory.create_batch(rows, institution=banks.bank)
        NoticeFactory.create_batch(rows)  # the operator's
        thread = open_consultation(banks.member)
        for number in range(rows):
            consultation_services.consultation_reply(consultation=thread, actor=banks.admin if number % 2 else
                                                     banks.member, body=f"メッセージ {number}")
        client.force_login(banks.member)
        counts[rows] = [_count(client, url) for url in (
            "/portal/consultations/", f"/portal/consultations/{thread.pk}/", "/portal/notices/",
            "/portal/settings/notifications/")]
        client.force_login(operator)
        counts[rows].append(_count(client, "/operations/notices/"))
    assert counts[5] == counts[100], counts


def test_a_company_with_no_consultations_sees_what_to_do_next(client, banks):
    other = CompanyFactory(institution=banks.bank)
    ConsultationFactory(company=other)
    client.force_login(banks.member)
    page = client.get("/portal/consultations/").content.decode()
    assert "まだ相談はありません。" in page and 'href="/portal/consultations/new/"' in page
