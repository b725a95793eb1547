"""The demo has a deal in every state between the demo companies of both banks, and seeding twice changes
nothing (issue 7 item 7)."""

import pytest
from django.db.models import F

from members import demo, demo_deals
from members.models import Deal, DealAttachment, DealMessage


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_the_demo_has_deals_in_every_state_and_seeding_again_changes_nothing():
    demo.seed()
    demo_deals.seed()
    deals = Deal.objects.unscoped("test")
    counts = (deals.count(), DealMessage.objects.unscoped("test").count(),
              DealAttachment.objects.unscoped("test").count())
    assert set(deals.values_list("status", flat=True)) == set(Deal.Status.values)
    assert set(deals.exclude(outcome="").values_list("outcome", flat=True)) == set(Deal.Outcome.values)
    assert deals.filter(requester_institution__name="デモ銀行", receiver_institution__name="サンプル信用金庫").exists()
    assert deals.filter(requester_institution=F("receiver_institution")).exists()  # within one bank too
    demo_deals.seed()
    assert counts == (deals.count(), DealMessage.objects.unscoped("test").count(),
                      DealAttachment.objects.unscoped("test").count())


