"""Who sees what (SUP-1): an FI admin only its own FI's tickets and never the desk's internal notes; support staff
and the system lead every ticket; members have no path to the desk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from support.models import Ticket, TicketAttachment, TicketEntry
from support.services import tickets as services
from tests.factories import FIAdminFactory

from .helpers import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tickets(fi_admin, other_fi_admin):
    mine = services.ticket_open(actor=fi_admin, subject="第一テスト銀行の問い合わせ", body="内容A")
    theirs = services.ticket_open(actor=other_fi_admin, subject="第二テスト信金の問い合わせ", body="内容B")
    return mine, theirs


@pytest.mark.req("SUP-1")
def test_an_fi_admin_sees_only_its_own_fis_tickets(client, bank, fi_admin, two_tickets):
    mine, theirs = two_tickets
    colleague = FIAdminFactory(institution=bank)
    assert set(Ticket.objects.visible_to(colleague)) == {mine}  # the whole FI's, not only one's own
    client.force_login(fi_admin)
    page = client.get("/console/inquiries/").content.decode()
    assert mine.subject in page and theirs.subject not in page
    assert client.get(f"/console/inquiries/{theirs.pk}/").status_code == 404
    assert client.get(f"/console/inquiries/{mine.pk}/").status_code == 200
    assert client.get(f"/console/inquiries/?q={theirs.reference}").content.decode().count(theirs.subject) == 0


@pytest.mark.req("SUP-1")
@pytest.mark.parametrize("who", ["support_staff", "system_lead"])
def test_support_staff_and_the_system_lead_see_every_ticket(client, request, who, two_tickets):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/desk/").content.decode()
    for ticket in two_tickets:
        assert ticket.subject in page
        assert client.get(f"/desk/tickets/{ticket.pk}/").status_code == 200


@pytest.mark.req("SUP-1")
def test_members_have_no_path_to_the_desk(client, member, two_tickets):
    client.force_login(member)
    for path in ("/desk/", "/console/inquiries/", "/console/inquiries/new/", f"/console/inquiries/{two_tickets[0].pk}/"):
        assert client.get(path).status_code == 403, path
    assert not Ticket.objects.visible_to(member).exists()


@pytest.mark.req("SUP-1")
def test_internal_notes_and_their_files_never_reach_the_bank(client, fi_admin, support_staff, two_tickets):
    mine, _theirs = two_tickets
    services.ticket_note(ticket=mine, actor=support_staff, body="社内: 先方の設定ミスの可能性が高い",
                         upload=SimpleUploadedFile("調査メモ.pdf", PDF_BYTES))
    services.ticket_escalate(ticket=mine, actor=support_staff, note="社内: 仕様確認が必要")
    note_file = TicketAttachment.objects.unscoped("test").get()
    client.force_login(fi_admin)
    page = client.get(f"/console/inquiries/{mine.pk}/").content.decode()
    assert "社内:" not in page and "調査メモ.pdf" not in page
    assert client.get(f"/console/inquiries/{mine.pk}/files/{note_file.pk}/").status_code == 404
    assert not TicketEntry.objects.visible_to(fi_admin).filter(is_internal=True).exists()
    client.force_login(support_staff)
    desk_page = client.get(f"/desk/tickets/{mine.pk}/").content.decode()
    assert "社内: 先方の設定ミスの可能性が高い" in desk_page and "調査メモ.pdf" in desk_page
    download = client.get(f"/desk/tickets/{mine.pk}/files/{note_file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.req("SUP-1")
def test_only_fi_admins_open_inquiries_in_the_console(client, fi_admin, support_staff):
    client.force_login(support_staff)
    assert client.get("/console/inquiries/new/").status_code == 403
    client.force_login(fi_admin)
    response = client.post("/console/inquiries/new/", {
        "subject": "会員の一括登録", "body": "CSVで会員企業を一括登録できますか。",
        "file": SimpleUploadedFile("会員一覧.pdf", PDF_BYTES)})
    ticket = Ticket.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"] == f"/console/inquiries/{ticket.pk}/"
    assert (ticket.institution, ticket.channel) == (fi_admin.institution, "web")
    page = client.get(response["Location"]).content.decode()
    assert ticket.reference in page and "会員一覧.pdf" in page and "新規" in page


def test_the_console_form_refuses_bad_input_and_keeps_it(client, fi_admin):
    client.force_login(fi_admin)
    response = client.post("/console/inquiries/new/", {"subject": "", "body": "本文だけ",
                                                       "file": SimpleUploadedFile("a.pdf", b"MZ not a pdf")})
    page = response.content.decode()
    assert response.status_code == 400 and "件名を入力してください" in page and "本文だけ" in page
    assert not Ticket.objects.unscoped("test").exists()
