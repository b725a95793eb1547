"""A request left waiting is reminded once after DEAL_REMINDER_BUSINESS_DAYS business days (ops.calendar) and
expires DEAL_EXPIRY_BUSINESS_DAYS business days later; the beat job is idempotent and works in chunks."""

from datetime import datetime

import pytest

from members.deals import services
from members.models import Deal
from ops.calendar import TOKYO
from tests.matching.factories import NeedFactory

from .deal_factories import emails_to, make_world, request


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_a_waiting_request_is_reminded_once_then_expires_counted_in_business_days(settings):
    settings.DEAL_REMINDER_BUSINESS_DAYS, settings.DEAL_EXPIRY_BUSINESS_DAYS = 5, 5
    world = make_world()
    deal = request(world)
    # Requested on Friday 24 Dec 2027: 29 Dec - 3 Jan are closed and 10 Jan 2028 is 成人の日.
    Deal.objects.unscoped("test").filter(pk=deal.pk).update(waiting_since=_at("2027-12-24T15:00"))
    admin = world.requester_admin.email

    assert services.deals_remind_and_expire(now=_at("2028-01-05T10:00")) == {"reminded": 0, "expired": 0}
    assert services.deals_remind_and_expire(now=_at("2028-01-06T09:00")) == {"reminded": 1, "expired": 0}
    assert services.deals_remind_and_expire(now=_at("2028-01-06T18:00")) == {"reminded": 0, "expired": 0}
    [mail] = emails_to(admin, "deal_reminder")
    assert "2027年12月24日(金) 15:00 からご回答をお待ちしている" in mail.body  # Japan time

    assert services.deals_remind_and_expire(now=_at("2028-01-13T23:00")) == {"reminded": 0, "expired": 0}
    assert services.deals_remind_and_expire(now=_at("2028-01-14T09:00")) == {"reminded": 0, "expired": 1}
    assert services.deals_remind_and_expire(now=_at("2028-01-20T09:00")) == {"reminded": 0, "expired": 0}
    deal.refresh_from_db()
    assert deal.status == Deal.Status.EXPIRED and not deal.is_open
    assert len(emails_to(admin, "deal_reminder")) == 1
    assert emails_to(world.requester.email, "deal_expired") and emails_to(admin, "deal_expired")


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_each_step_restarts_the_wait_and_the_reminder_goes_to_whoever_holds_it(settings):
    settings.DEAL_REMINDER_BUSINESS_DAYS = 2
    world = make_world()
    deal = request(world)
    services.deal_approve_by_bank(deal=deal, actor=world.requester_admin, note="")
    Deal.objects.unscoped("test").filter(pk=deal.pk).update(waiting_since=_at("2028-02-01T10:00"))  # Tuesday
    assert services.deals_remind_and_expire(now=_at("2028-02-02T10:00"))["reminded"] == 0
    assert services.deals_remind_and_expire(now=_at("2028-02-03T10:00"))["reminded"] == 1
    assert emails_to(world.receiver_admin.email, "deal_reminder")
    assert not emails_to(world.requester_admin.email, "deal_reminder")
    services.deal_approve_by_bank(deal=deal, actor=world.receiver_admin, note="")
    deal.refresh_from_db()
    assert deal.reminded_at is None and deal.status == Deal.Status.BANKS_APPROVED


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_job_works_through_every_chunk(settings):
    settings.DEAL_REMINDER_BUSINESS_DAYS = 1
    world = make_world(cross_bank=False)
    deals = [request(world, need=NeedFactory(company=world.receiver.company)) for _ in range(5)]
    Deal.objects.unscoped("test").update(waiting_since=_at("2028-02-01T10:00"))
    assert services.deals_remind_and_expire(now=_at("2028-02-02T10:00"), batch_size=2) == {
        "reminded": len(deals), "expired": 0}
