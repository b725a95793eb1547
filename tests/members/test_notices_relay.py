"""OPS-4: a bank relays a maintenance window or a critical failure to its own members as a prefilled notice
(the console's one-click button comes with issue 9; these are the services behind it)."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import Notice
from members.notices import selectors, services
from ops.calendar import TOKYO
from ops.models import Incident, MaintenanceWindow
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

from .consult_factories import make_banks

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(db):
    return make_banks()


def _visible_titles(user) -> list[str]:
    return [notice.title for notice in selectors.notices_for(user)]


@pytest.mark.req("OPS-4")
def test_a_bank_relays_a_maintenance_window_to_its_members_only(banks):
    window = MaintenanceWindowFactory(starts_at=datetime(2027, 2, 10, 22, 0, tzinfo=TOKYO),
                                      ends_at=datetime(2027, 2, 11, 1, 0, tzinfo=TOKYO),
                                      message="データベース更新のため、サービスを停止します。")
    notice = services.notice_relay_maintenance(window=window, actor=banks.admin)
    assert (notice.institution, notice.audience, notice.relay_kind, notice.relay_id) == (
        banks.bank, Notice.Audience.ALL, Notice.RelayKind.MAINTENANCE, window.pk)
    assert notice.title == "【メンテナンスのお知らせ】2027年2月10日(水) 22:00 〜 2027年2月11日(木) 01:00"
    assert "データベース更新のため、サービスを停止します。" in notice.body and notice.body.endswith("デモ銀行")
    assert "ポータルを含むすべての画面が利用できません。" in notice.body
    for member in (banks.member, banks.colleague, banks.neighbour):
        assert _visible_titles(member) == [notice.title]
    assert _visible_titles(banks.stranger) == []
    with pytest.raises(ValidationError) as again:
        services.notice_relay_maintenance(window=window, actor=banks.admin)
    assert "既に会員企業へ転載済み" in str(again.value)
    other = services.notice_relay_maintenance(window=window, actor=banks.other_admin, title="メンテナンスのご案内")
    assert _visible_titles(banks.stranger) == ["メンテナンスのご案内"] and other.institution == banks.other_bank


@pytest.mark.req("OPS-4")
@pytest.mark.parametrize("window_values", [
    {"kind": MaintenanceWindow.Kind.WEEKLY, "stops_service": False},  # a weekly slot nobody switched on
    {"status": MaintenanceWindow.Status.CANCELLED},
    {"status": MaintenanceWindow.Status.COMPLETED},
])
def test_only_a_window_that_stops_something_can_be_relayed(banks, window_values):
    window = MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3), **window_values)
    with pytest.raises(ValidationError):
        services.notice_relay_maintenance(window=window, actor=banks.admin)
    assert Notice.objects.unscoped("test").count() == 0


@pytest.mark.req("OPS-4")
def test_only_a_bank_admin_relays(banks, operator):
    window = MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3))
    for actor in (banks.member, operator):
        with pytest.raises(PermissionDenied):
            services.notice_relay_maintenance(window=window, actor=actor)
    assert Notice.objects.unscoped("test").count() == 0


@pytest.mark.req("OPS-4")
def test_a_released_critical_failure_is_relayed_with_its_public_message(banks):
    incident = IncidentFactory(title="ログインしにくい状態", severity=Incident.Severity.CRITICAL, released=True,
                               public_message="一部の利用者でログインに時間がかかっています。")
    notice = services.notice_relay_incident(incident=incident, actor=banks.admin)
    assert notice.title == "【障害のお知らせ】ログインしにくい状態"
    assert "一部の利用者でログインに時間がかかっています。" in notice.body
    assert _visible_titles(banks.member) == [notice.title] and _visible_titles(banks.stranger) == []


@pytest.mark.req("OPS-4")
@pytest.mark.parametrize("incident_values", [
    {"severity": Incident.Severity.CRITICAL},  # not released by the system lead: the bank does not know it
    {"severity": Incident.Severity.INCIDENT, "released": True},  # an incident never reaches the banks
    {"severity": Incident.Severity.CRITICAL, "released": True, "affects_all_institutions": False},
])
def test_an_incident_the_bank_does_not_see_cannot_be_relayed(banks, incident_values):
    incident = IncidentFactory(**incident_values)
    if not incident.affects_all_institutions:
        incident.affected_institutions.set([banks.other_bank])
    with pytest.raises(ValidationError):
        services.notice_relay_incident(incident=incident, actor=banks.admin)
    assert Notice.objects.unscoped("test").count() == 0
