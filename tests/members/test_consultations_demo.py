"""The demo has consultations in every state, notices from the operator and both banks, and a member on the
digest; seeding twice changes nothing (issue 8)."""

import pytest

from members import demo, demo_consultations
from members.models import Consultation, ConsultationMessage, Notice, NotificationPreference


@pytest.mark.django_db
def test_the_demo_has_consultations_and_notices_and_seeding_again_changes_nothing():
    demo.seed()
    demo_consultations.seed()
    consultations = Consultation.objects.unscoped("test")
    counts = (consultations.count(), ConsultationMessage.objects.unscoped("test").count(),
              Notice.objects.unscoped("test").count(), NotificationPreference.objects.unscoped("test").count())
    assert set(consultations.values_list("status", flat=True)) == set(Consultation.Status.values)
    assert set(consultations.values_list("institution__name", flat=True)) == {"デモ銀行", "サンプル信用金庫"}
    notices = Notice.objects.unscoped("test")
    assert notices.filter(institution__isnull=True).exists() and notices.filter(institution__code="1901").exists()
    assert not notices.filter(emailed_at__isnull=True).exists()  # the seed mails nobody about old notices
    demo_consultations.seed()
    assert counts == (consultations.count(), ConsultationMessage.objects.unscoped("test").count(),
                      Notice.objects.unscoped("test").count(),
                      NotificationPreference.objects.unscoped("test").count())
