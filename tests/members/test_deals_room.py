"""The deal room (issue 7 item 6): messages and attachments between the two companies, read by their banks;
files checked by content and served only through the permission-checked view; unread counts; bounded queries."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.deals import room, selectors
from members.models import DealAttachment, DealMessage
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory
from tests.matching.factories import ProfileCompanyFactory, image_bytes

from .deal_factories import EXE_BYTES, DealFactory, accepted_deal, emails_to, make_world, upload


def _ooxml(main_part: str | None, *, content_types: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        if main_part:
            archive.writestr(main_part, "<document/>")
        archive.writestr("readme.txt", "x")
    return buffer.getvalue()


@pytest.fixture
def room_world(db):
    world = make_world()
    deal = accepted_deal(world)
    message = room.deal_message_post(deal=deal, actor=world.requester, body="見積書です。", upload=upload())
    return world, deal, DealAttachment.objects.unscoped("test").get(message=message)


@pytest.mark.req("AUTH-1", "SAF-1")
@pytest.mark.django_db
def test_an_attachment_url_never_returns_the_file_to_anyone_outside_the_deal(client, room_world):
    world, deal, attachment = room_world
    url = f"/deal-files/{deal.pk}/{attachment.pk}/"
    for insider in (world.requester, world.receiver, world.requester_admin, world.receiver_admin):
        client.force_login(insider)
        assert client.get(url).status_code == 200, insider
    other_company = UserFactory(company=ProfileCompanyFactory(institution=world.requester_bank))
    other_bank_admin = FIAdminFactory(institution=InstitutionFactory(name="第三地方銀行"))
    for bank_admin in (world.requester_admin, world.receiver_admin):  # the banks read the room (console later)
        assert [m.body for m in selectors.room_messages(bank_admin, selectors.deal_for(bank_admin, deal.pk))] == [
            "見積書です。"]
    for outsider in (other_company, other_bank_admin):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 404 and not getattr(response, "streaming", False)
        assert client.get(f"/deal-files/{deal.pk}/999999/").status_code == 404  # the same answer as missing
    client.force_login(world.requester)
    assert client.get(f"/deal-files/{deal.pk + 1}/{attachment.pk}/").status_code == 404  # wrong deal in the URL
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not getattr(response, "streaming", False)
    assert attachment.file.name.startswith("deal-attachments/") and ".pdf" not in attachment.file.name
    assert client.get(f"/media/{attachment.file.name}").status_code in (302, 404)  # no public URL


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("name, content, message", [
    ("見積書.pdf", EXE_BYTES, "ファイルの中身がこれらの形式ではありません"),
    ("資料.docx", _ooxml(None), "ファイルの中身がこれらの形式ではありません"),  # a plain ZIP renamed
    ("資料.xlsx", _ooxml("xl/workbook.xml", content_types=False), "ファイルの中身がこれらの形式ではありません"),
    ("page.html", b"<html><script>alert(1)</script></html>", "ファイルの中身がこれらの形式ではありません"),
    ("大きな資料.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "10MB以下"),
    ("空.pdf", b"", "空のファイル"),
])
def test_a_file_whose_content_is_not_allowed_or_too_big_is_refused_and_nothing_is_stored(client, name, content,
                                                                                         message):
    world = make_world()
    deal = accepted_deal(world)
    client.force_login(world.requester)
    response = client.post(f"/portal/deals/{deal.pk}/messages/", {"body": "添付します", "file": upload(name, content)})
    page = response.content.decode()
    assert response.status_code == 400 and message in page and 'id="id_file_error"' in page
    assert not DealMessage.objects.unscoped("test").exists() and not DealAttachment.objects.unscoped("test").exists()
    assert not default_storage.exists("deal-attachments") or not default_storage.listdir("deal-attachments")[1]


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
@pytest.mark.parametrize("name, content, content_type, stored_name", [
    ("提案書.docx", _ooxml("word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "提案書.docx"),
    ("見積.xlsx", _ooxml("xl/workbook.xml"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "見積.xlsx"),
    ("旧形式.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/vnd.ms-excel", "旧形式.xls"),
    ("写真.jpg", image_bytes("PNG"), "image/png", "写真.jpg.png"),  # the content decides the type
    ("工場.webp", image_bytes("WEBP"), "image/webp", "工場.webp"),
])
def test_office_files_and_images_are_accepted_and_served_with_the_type_of_their_content(client, name, content,
                                                                                       content_type, stored_name):
    world = make_world()
    deal = accepted_deal(world)
    client.force_login(world.requester)
    response = client.post(f"/portal/deals/{deal.pk}/messages/", {"body": "", "file": upload(name, content,
                                                                                             "text/html")})
    assert response.status_code == 302
    attachment = DealAttachment.objects.unscoped("test").get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (stored_name, content_type,
                                                                                    len(content))
    download = client.get(f"/deal-files/{deal.pk}/{attachment.pk}/")
    assert download["Content-Type"] == content_type and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == content


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_unread_counts_are_per_person_and_a_lively_room_sends_one_email(client):
    world = make_world()
    deal = accepted_deal(world)
    colleague = UserFactory(company=world.receiver.company, email="colleague@aoba.example.jp")
    room.deal_message_post(deal=deal, actor=world.requester, body="1通目")
    room.deal_message_post(deal=deal, actor=world.requester, body="2通目")
    assert len(emails_to(world.receiver.email, "deal_message")) == 1  # not one per message
    assert selectors.deals_for(world.receiver).get().unread == 2
    assert selectors.deals_for(world.requester).get().unread == 0  # one's own messages are read
    client.force_login(world.receiver)
    assert "2 件" in client.get("/portal/deals/").content.decode()
    client.get(f"/portal/deals/{deal.pk}/")
    assert selectors.deals_for(world.receiver).get().unread == 0
    assert selectors.deals_for(colleague).get().unread == 2  # the colleague has not read them
    assert selectors.unread_total(colleague) == 2
    room.deal_message_post(deal=deal, actor=world.requester, body="3通目")
    assert len(emails_to(world.receiver.email, "deal_message")) == 2  # caught up, so told again
    assert len(emails_to(colleague.email, "deal_message")) == 1


def _queries(client, path: str) -> int:
    client.get(path)  # warm the per-process caches (maintenance state) and write the read marker
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_deal_list_costs_the_same_queries_with_5_and_100_deals(client):
    world = make_world()
    counts = []
    for total in (5, 100):
        existing = DealMessage.objects.unscoped("test").count()
        for _ in range(total - (0 if not counts else 5)):
            deal = DealFactory(requester_company=world.requester.company, requester_institution=world.requester_bank)
            DealMessage.objects.create(deal=deal, author=world.receiver, author_company=deal.receiver_company,
                                       body="こんにちは")
        assert DealMessage.objects.unscoped("test").count() > existing
        client.force_login(world.requester)
        counts.append(_queries(client, "/portal/deals/"))
    assert counts[0] == counts[1]


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_deal_page_costs_the_same_queries_with_5_and_100_messages(client):
    world = make_world()
    deal = accepted_deal(world)
    counts = []
    for total in (5, 100):
        already = DealMessage.objects.unscoped("test").filter(deal=deal).count()
        for n in range(already, total):
            author = world.requester if n % 2 else world.receiver
            message = DealMessage.objects.create(deal=deal, author=author, author_company=author.company,
                                                 body=f"{n}通目")
            if n % 10 == 0:
                DealAttachment.objects.create(deal=deal, message=message, file=f"deal-attachments/{deal.pk}/x{n}",
                                              original_name=f"資料{n}.pdf", content_type="application/pdf", size=10)
        client.force_login(world.requester)
        counts.append(_queries(client, f"/portal/deals/{deal.pk}/"))
    assert counts[0] == counts[1]
