"""商談 through both banks (issue 7 item 5): request → the requester's bank → the receiver's bank → the
receiver's answer → meeting → outcome; each step emails the next actor; one approval within one bank."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.deals import services
from members.models import Deal, DealAttachment, DealBankDecision, DealEvent
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory

from .deal_factories import emails_to, make_world, request, soon, upload


def _form_dates(*moments) -> dict:
    return {f"preferred_at_{n}": moment.strftime("%Y/%m/%d %H:%M") for n, moment in enumerate(moments, start=1)}


@pytest.mark.req("SVC-1", "AUTH-1")
@pytest.mark.django_db
def test_a_deal_across_two_banks_goes_through_both_banks_to_an_outcome(client):
    world = make_world()
    demo_admin, shinkin_admin = world.requester_admin, world.receiver_admin

    # The request, from the need's page.
    client.force_login(world.requester)
    assert client.get(f"/portal/needs/{world.need.pk}/").content.decode().count(
        f'href="/portal/needs/{world.need.pk}/deal/"') == 1
    response = client.post(f"/portal/needs/{world.need.pk}/deal/", {
        "message": "御社の冷凍倉庫を\n部品の保管に使えないでしょうか。", **_form_dates(soon(7), soon(9, 10))})
    deal = Deal.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"] == f"/portal/deals/{deal.pk}/"
    assert deal.status == Deal.Status.REQUESTED and deal.requester_company == world.requester.company
    assert deal.preferred_dates == [soon(7), soon(9, 10)]
    [mail] = emails_to(demo_admin.email, "deal_approval_requested")
    assert "商談申込の承認をお願いします" in mail.subject and "株式会社北斗精機" in mail.body
    assert not emails_to(shinkin_admin.email) and not emails_to(world.receiver.email)

    # Not yet visible to the receiving side; nobody but デモ銀行's admin can approve it now.
    client.force_login(world.receiver)
    assert client.get(f"/portal/deals/{deal.pk}/").status_code == 404
    third_bank_admin = FIAdminFactory(institution=InstitutionFactory(name="第三地方銀行"))
    for outsider in (shinkin_admin, third_bank_admin, world.requester, world.receiver):
        with pytest.raises(PermissionDenied):
            services.deal_approve_by_bank(deal=deal, actor=outsider, note="")
    assert Deal.objects.unscoped("test").get().status == Deal.Status.REQUESTED

    # デモ銀行 approves, with an internal note the members never see.
    services.deal_approve_by_bank(deal=deal, actor=demo_admin, note="社長とは旧知。前向きに支援したい。")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REQUESTER_BANK_APPROVED
    decision = DealBankDecision.objects.unscoped("test").get()
    assert (decision.decided_by, decision.institution, decision.side) == (
        demo_admin, world.requester_bank, DealBankDecision.Side.REQUESTER) and decision.decided_at
    [mail] = emails_to(shinkin_admin.email, "deal_approval_requested")
    assert "サンプル信用金庫 管理者各位" in mail.body and "社長とは旧知" not in mail.body
    with pytest.raises(ValidationError):  # the same bank cannot approve twice
        services.deal_approve_by_bank(deal=deal, actor=demo_admin, note="")
    with pytest.raises(PermissionDenied):
        services.deal_approve_by_bank(deal=deal, actor=third_bank_admin, note="")

    # サンプル信用金庫 approves: the request reaches the receiver.
    services.deal_approve_by_bank(deal=deal, actor=shinkin_admin, note="倉庫の空きは確認済み")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.BANKS_APPROVED
    [mail] = emails_to(world.receiver.email, "deal_received")
    assert "ご回答をお願いします" in mail.body and "部品の保管に使えないでしょうか" in mail.body

    # The receiver sees it (without either bank's note) and accepts.
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    assert "部品の保管に使えないでしょうか" in page and "旧知" not in page and "確認済み" not in page
    assert "御社の冷凍倉庫を<br>部品の保管" in page  # line breaks kept
    assert client.post(f"/portal/deals/{deal.pk}/accept/").status_code == 302
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ACCEPTED
    assert emails_to(world.requester.email, "deal_accepted")

    # A message and a file in the deal room.
    client.force_login(world.requester)
    response = client.post(f"/portal/deals/{deal.pk}/messages/", {"body": "資料をお送りします。", "file": upload()})
    assert response.status_code == 302
    [mail] = emails_to(world.receiver.email, "deal_message")
    assert "新しいメッセージ" in mail.subject
    client.force_login(world.receiver)
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    attachment = DealAttachment.objects.unscoped("test").get(deal=deal)
    assert "資料をお送りします。" in page and f'href="/deal-files/{deal.pk}/{attachment.pk}/"' in page
    download = client.get(f"/deal-files/{deal.pk}/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    client.force_login(demo_admin)  # the banks of the two companies can read the room
    assert client.get(f"/deal-files/{deal.pk}/{attachment.pk}/").status_code == 200

    # Met, then the outcome.
    client.force_login(world.receiver)
    assert client.post(f"/portal/deals/{deal.pk}/met/").status_code == 302
    assert emails_to(world.requester.email, "deal_met")
    client.force_login(world.requester)
    assert client.post(f"/portal/deals/{deal.pk}/outcome/", {"outcome": "won", "note": "年間契約を締結"}).status_code == 302
    deal.refresh_from_db()
    assert (deal.status, deal.outcome) == (Deal.Status.COMPLETED, Deal.Outcome.WON)
    for address in (world.receiver.email, demo_admin.email, shinkin_admin.email):
        [mail] = emails_to(address, "deal_outcome")
        assert "「成約」" in mail.body
    assert list(DealEvent.objects.unscoped("test").filter(deal=deal).values_list("kind", flat=True)) == [
        DealEvent.Kind.REQUESTED, DealEvent.Kind.BANK_APPROVED, DealEvent.Kind.BANK_APPROVED, DealEvent.Kind.ACCEPTED,
        DealEvent.Kind.MET, DealEvent.Kind.OUTCOME]
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    assert "デモ銀行 金融機関が承認しました" in page and "サンプル信用金庫 金融機関が承認しました" in page


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_within_one_bank_a_single_approval_lets_the_request_through():
    world = make_world(cross_bank=False)
    deal = request(world)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.BANKS_APPROVED and not deal.is_cross_bank
    assert DealBankDecision.objects.unscoped("test").count() == 1
    assert emails_to(world.receiver.email, "deal_received")
    with pytest.raises(ValidationError):
        services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    services.deal_accept(deal=deal, actor=world.receiver)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_bank_that_refuses_gives_a_reason_the_requester_reads_and_the_request_stops():
    world = make_world()
    deal = request(world)
    with pytest.raises(ValidationError) as error:
        services.deal_refuse_by_bank(deal=deal, actor=world.requester_admin, reason=" ", note="")
    assert "理由" in str(error.value)
    services.deal_refuse_by_bank(deal=deal, actor=world.requester_admin, reason="先方の業況を確認中のため",
                                 note="与信判断中（行内限り）")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.REFUSED and not deal.is_open
    [mail] = emails_to(world.requester.email, "deal_refused")
    assert "先方の業況を確認中のため" in mail.body and "行内限り" not in mail.body
    assert not emails_to(world.receiver_admin.email) and not emails_to(world.receiver.email)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_receiver_may_decline_and_the_requester_may_withdraw_with_a_reason(client):
    world = make_world(cross_bank=False)
    deal = request(world)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    client.force_login(world.receiver)
    response = client.post(f"/portal/deals/{deal.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400 and "理由を入力してください。" in response.content.decode()
    assert Deal.objects.unscoped("test").get().status == Deal.Status.BANKS_APPROVED
    client.post(f"/portal/deals/{deal.pk}/decline/", {"decline-reason": "今期は<b>受付</b>を停止中です"})
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DECLINED
    assert "今期は<b>受付</b>を停止中です" in emails_to(world.requester.email, "deal_declined")[0].body
    client.force_login(world.requester)
    page = client.get(f"/portal/deals/{deal.pk}/").content.decode()
    assert "今期は&lt;b&gt;受付&lt;/b&gt;を停止中です" in page  # shown as text, never run

    second = request(world)  # a closed request no longer blocks a new one
    client.post(f"/portal/deals/{second.pk}/withdraw/", {"withdraw-reason": "社内で再検討します"})
    second.refresh_from_db()
    assert second.status == Deal.Status.WITHDRAWN
    assert emails_to(world.requester_admin.email, "deal_withdrawn")  # the bank that held the step


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_continuing_outcome_can_be_settled_later():
    world = make_world(cross_bank=False)
    deal = request(world)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    services.deal_accept(deal=deal, actor=world.receiver)
    services.deal_mark_met(deal=deal, actor=world.requester)
    services.deal_record_outcome(deal=deal, actor=world.receiver, outcome="continuing", note="来月に再訪")
    deal = services.deal_record_outcome(deal=deal, actor=world.requester, outcome="lost", note="")
    assert (deal.status, deal.outcome) == (Deal.Status.COMPLETED, Deal.Outcome.LOST) and deal.closed_at
    with pytest.raises(ValidationError):
        services.deal_record_outcome(deal=deal, actor=world.requester, outcome="won", note="")
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.deal_record_outcome(deal=deal, actor=stranger, outcome="won", note="")


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_deal_emails_carry_typed_text_as_written_and_never_in_the_subject():
    world = make_world(cross_bank=False)
    hostile = 'A&B <b>"試作"</b>'
    world.need.title = hostile
    world.need.save(update_fields=["title"])
    deal = request(world, message=hostile)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    services.deal_decline(deal=deal, actor=world.receiver, reason=hostile)
    logs = [*emails_to(world.requester_admin.email), *emails_to(world.receiver.email),
            *emails_to(world.requester.email)]
    assert {log.template for log in logs} == {"deal_approval_requested", "deal_received", "deal_declined"}
    for log in logs:
        assert hostile in log.body and "&amp;" not in log.body and "&lt;" not in log.body
        assert "A&B" not in log.subject and log.subject.startswith("[Big Advance] ")
