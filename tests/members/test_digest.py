"""Email preferences (issue 8 item 7): per kind, at once or one digest at 10:00 on business days (ops.calendar);
every member email links to the settings page."""

from datetime import datetime

import pytest
from django.utils import timezone

from bigadvance.schedules import BEAT_SCHEDULE
from members import notify
from members.consultations import services as consultation_services
from members.deals import services as deal_services
from members.models import Consultation, Delivery, DigestItem, NotificationKind, NotificationPreference
from members.notices import services as notice_services
from ops.calendar import TOKYO
from ops.models import EmailLog
from tests.factories import UserFactory
from tests.members.deal_factories import make_world, request

from .consult_factories import emails_to

pytestmark = pytest.mark.django_db

FRIDAY_AFTERNOON = datetime(2027, 3, 5, 15, 0, tzinfo=TOKYO)  # a business day
SATURDAY_TEN = datetime(2027, 3, 6, 10, 0, tzinfo=TOKYO)
MONDAY_TEN = datetime(2027, 3, 8, 10, 0, tzinfo=TOKYO)  # the next business day


def _digest_everything(user) -> None:
    notify.notification_preferences_save(user=user, choices=dict.fromkeys(NotificationKind.values, Delivery.DIGEST))


@pytest.fixture
def world(db, settings):
    settings.SITE_URL = "https://ba.example.jp"
    return make_world()


def test_a_digest_member_gets_one_email_at_ten_on_the_next_business_day(world, time_machine):
    time_machine.move_to(FRIDAY_AFTERNOON, tick=False)
    member = world.requester
    _digest_everything(member)
    consultation = consultation_services.consultation_open(actor=member, category="financing", subject="運転資金",
                                                           body="ご相談です。")
    deal = request(world)
    deal_services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    deal_services.deal_approve_by_bank(deal=deal, actor=world.receiver_admin, note="")
    deal_services.deal_accept(deal=deal, actor=world.receiver)  # the requester is told: a deal step
    consultation_services.consultation_reply(consultation=consultation, actor=world.requester_admin, body="回答です。")
    notice = notice_services.notice_publish(actor=world.requester_admin, title="セミナーのご案内", body="本文")
    notice_services.notices_email_due()
    assert emails_to(member.email) == []  # nothing at once: all three kinds wait for the digest
    assert emails_to(world.receiver.email)  # people on "at once" (the default) are emailed at once
    assert DigestItem.objects.unscoped("test").filter(user=member).count() == 3

    time_machine.move_to(FRIDAY_AFTERNOON.replace(hour=16), tick=False)
    assert notify.digests_send() == 0  # today's digest went at 10:00, before these events
    time_machine.move_to(SATURDAY_TEN, tick=False)
    assert notify.digests_send() == 0  # not a business day
    time_machine.move_to(MONDAY_TEN, tick=False)
    assert notify.digests_send() == 1
    [digest] = emails_to(member.email)
    assert digest.template == "digest_daily" and digest.subject == "[Big Advance] 通知のまとめ（3件）"
    assert digest.scheduled_for == timezone.now()
    for line in (f"商談の申込が承諾されました（商談番号 {deal.pk}）",
                 f"金融機関から相談への回答が届きました（相談番号 {consultation.pk}）", "お取引の金融機関からのお知らせ",
                 f"https://ba.example.jp/portal/deals/{deal.pk}/",
                 f"https://ba.example.jp/portal/consultations/{consultation.pk}/",
                 f"https://ba.example.jp/portal/notices/{notice.pk}/",
                 "https://ba.example.jp/portal/settings/notifications/", "2027/03/05 15:00"):
        assert line in digest.body, line
    assert notify.digests_send() == 0 and len(emails_to(member.email)) == 1  # once, however often beat runs


def test_events_after_ten_wait_for_the_next_business_days_digest(world, time_machine):
    member = world.requester
    _digest_everything(member)
    time_machine.move_to(MONDAY_TEN.replace(hour=9), tick=False)
    notice_services.notice_publish(actor=world.requester_admin, title="朝のお知らせ", body="本文")
    notice_services.notices_email_due()
    time_machine.move_to(MONDAY_TEN.replace(minute=30), tick=False)
    notice_services.notice_publish(actor=world.requester_admin, title="昼のお知らせ", body="本文")
    notice_services.notices_email_due()
    assert notify.digests_send() == 1  # the 09:00 one only
    assert "（1件）" in emails_to(member.email)[0].subject
    time_machine.move_to(MONDAY_TEN.replace(day=9), tick=False)
    assert notify.digests_send() == 1
    assert len(emails_to(member.email)) == 2


def test_the_digest_runs_in_chunks_and_skips_people_who_left(world, time_machine):
    time_machine.move_to(FRIDAY_AFTERNOON, tick=False)
    people = [world.requester] + [UserFactory(company=world.requester.company) for _ in range(4)]
    for person in people:
        _digest_everything(person)
    notice_services.notice_publish(actor=world.requester_admin, title="お知らせ", body="本文")
    notice_services.notices_email_due()
    people[1].is_active = False
    people[1].save()
    time_machine.move_to(MONDAY_TEN, tick=False)
    assert notify.digests_send(chunk_size=2) == 4
    assert emails_to(people[1].email) == []
    assert DigestItem.objects.unscoped("test").filter(sent_at__isnull=True).count() == 0


def test_the_settings_page_saves_a_choice_per_kind(client, world):
    member = world.requester
    client.force_login(member)
    page = client.get("/portal/settings/notifications/").content.decode()
    assert "商談の進捗" in page and "金融機関からの相談への回答" in page and "お知らせ" in page
    response = client.post("/portal/settings/notifications/", {
        "deal": "immediate", "consultation": "digest", "notice": "sometimes"})
    assert response.status_code == 400 and "受け取り方を選んでください。" in response.content.decode()
    assert NotificationPreference.objects.unscoped("test").count() == 0
    response = client.post("/portal/settings/notifications/", {
        "deal": "immediate", "consultation": "digest", "notice": "digest"})
    assert response.status_code == 302
    assert notify.notification_preferences_for(member) == {
        "deal": "immediate", "consultation": "digest", "notice": "digest"}
    assert notify.notification_preferences_for(world.receiver) == dict.fromkeys(NotificationKind.values, "immediate")


def test_member_emails_link_to_the_settings_and_bank_emails_do_not(world):
    deal = request(world)
    [to_bank] = emails_to(world.requester_admin.email, "deal_approval_requested")
    assert "settings/notifications" not in to_bank.body  # the banks' admins have no such page
    deal_services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    deal_services.deal_approve_by_bank(deal=deal, actor=world.receiver_admin, note="")
    [to_member] = emails_to(world.receiver.email, "deal_received")
    assert "https://ba.example.jp/portal/settings/notifications/" in to_member.body
    assert f"https://ba.example.jp/portal/deals/{deal.pk}/" in to_member.body
    consultation = consultation_services.consultation_open(actor=world.requester, category="other", subject="件名",
                                                           body="本文")
    consultation_services.consultation_reply(consultation=consultation, actor=world.requester_admin, body="回答")
    for template in ("consultation_replied",):
        [email] = emails_to(world.requester.email, template)
        assert "https://ba.example.jp/portal/settings/notifications/" in email.body
    assert not any("settings/notifications" in log.body for log in EmailLog.objects.filter(
        recipient=world.requester_admin.email))
    assert Consultation.objects.unscoped("test").count() == 1


def test_beat_runs_the_digest_through_the_business_day_and_the_notice_emails_every_minute():
    assert BEAT_SCHEDULE["digests-send"]["task"] == "members.notices.tasks.digests_send_task"
    assert BEAT_SCHEDULE["notices-email-due"]["schedule"] == 60.0
    schedule = BEAT_SCHEDULE["digests-send"]["schedule"]
    assert 10 in schedule.hour and 0 in schedule.minute
