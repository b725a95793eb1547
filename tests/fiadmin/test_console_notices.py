"""Notices in the console: publish to all or chosen companies with read counts, and relay a maintenance window or
a critical failure to the bank's members in one click, prefilled (OPS-4)."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Notice
from members.notices import selectors
from ops.calendar import TOKYO
from tests.members.consult_factories import make_banks
from tests.ops.factories import MaintenanceWindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks():
    return make_banks()


def _notices(**lookup):
    return Notice.objects.unscoped("test").filter(**lookup)


@pytest.mark.req("OPS-4")
def test_relay_a_maintenance_notice_in_one_click(client, banks):
    window = MaintenanceWindowFactory(starts_at=datetime(2027, 2, 10, 22, 0, tzinfo=TOKYO),
                                      ends_at=datetime(2027, 2, 11, 1, 0, tzinfo=TOKYO))
    client.force_login(banks.admin)
    listing = client.get("/console/notices/").content.decode()
    assert f'action="/console/notices/relay/maintenance/{window.pk}/"' in listing
    prefilled = client.get(f"/console/notices/relay/maintenance/{window.pk}/").content.decode()
    assert "【メンテナンスのお知らせ】2027年2月10日(水) 22:00 〜 2027年2月11日(木) 01:00" in prefilled
    response = client.post(f"/console/notices/relay/maintenance/{window.pk}/")
    assert response.status_code == 302 and response["Location"] == "/console/notices/"
    notice = _notices(institution=banks.bank).get()
    assert (notice.relay_kind, notice.relay_id) == (Notice.RelayKind.MAINTENANCE, window.pk)
    assert notice.title.startswith("【メンテナンスのお知らせ】")
    assert [n.title for n in selectors.notices_for(banks.member)] == [notice.title]
    assert [n.title for n in selectors.notices_for(banks.stranger)] == []
    listing = client.get("/console/notices/").content.decode()
    assert "転載済み" in listing and f'action="/console/notices/relay/maintenance/{window.pk}/"' not in listing


@pytest.mark.req("OPS-4")
def test_an_edited_relay_keeps_the_admins_text_and_a_second_relay_is_refused(client, banks):
    window = MaintenanceWindowFactory(starts_at=datetime(2027, 3, 1, 22, 0, tzinfo=TOKYO))
    client.force_login(banks.admin)
    client.post(f"/console/notices/relay/maintenance/{window.pk}/", {"title": "メンテナンスのご案内", "body": "本文"})
    assert _notices(institution=banks.bank).get().title == "メンテナンスのご案内"
    again = client.post(f"/console/notices/relay/maintenance/{window.pk}/", follow=True)
    assert "既に会員企業へ転載済み" in again.content.decode()
    assert _notices(institution=banks.bank).count() == 1


@pytest.mark.req("AUTH-1", "OPS-4")
def test_a_window_that_stops_nothing_or_does_not_exist_answers_404(client, banks):
    quiet = MaintenanceWindowFactory(starts_at=datetime(2027, 3, 1, 22, 0, tzinfo=TOKYO), stops_service=False)
    client.force_login(banks.admin)
    for window_id in (quiet.pk, 999999):
        assert client.get(f"/console/notices/relay/maintenance/{window_id}/").status_code == 404
        assert client.post(f"/console/notices/relay/maintenance/{window_id}/").status_code == 404
    assert client.post("/console/notices/relay/incident/999999/").status_code == 404
    assert not _notices(institution=banks.bank).exists()


@pytest.mark.req("SVC-2")
def test_publish_to_chosen_companies_pinned_and_see_the_read_count(client, banks):
    client.force_login(banks.admin)
    response = client.post("/console/notices/new/", {
        "title": "年末年始の窓口", "body": "12月29日から休業します。", "audience": Notice.Audience.CHOSEN,
        "companies": [banks.member.company.pk], "is_pinned": "on"})
    assert response.status_code == 302
    notice = _notices(institution=banks.bank).get()
    assert notice.is_pinned and notice.audience == Notice.Audience.CHOSEN
    assert [n.title for n in selectors.notices_for(banks.neighbour)] == []
    foreign = client.post("/console/notices/new/", {
        "title": "x", "body": "y", "audience": Notice.Audience.CHOSEN, "companies": [banks.stranger.company.pk]})
    assert foreign.status_code == 400 and "貴行・貴庫の会員企業から選んでください。" in foreign.content.decode()


@pytest.mark.req("SVC-2")
def test_the_notice_list_costs_the_same_queries_with_5_and_100_notices(client, banks):
    from members.notices.services import notice_publish

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/console/notices/").status_code == 200
        return len(queries)

    client.force_login(banks.admin)
    for i in range(5):
        notice_publish(actor=banks.admin, title=f"お知らせ{i}", body="本文")
    count()
    few = count()
    for i in range(95):
        notice_publish(actor=banks.admin, title=f"追加{i}", body="本文")
    assert count() == few


@pytest.mark.req("OPS-4", "AUTH-1")
def test_relay_a_released_critical_failure_and_not_one_of_another_bank(client, banks):
    from ops.models import Incident
    from tests.ops.factories import IncidentFactory

    incident = IncidentFactory(title="ログインしにくい状態", severity=Incident.Severity.CRITICAL, released=True,
                               public_message="一部の利用者でログインに時間がかかっています。")
    elsewhere = IncidentFactory(title="他行のみの障害", severity=Incident.Severity.CRITICAL, released=True,
                                affects_all_institutions=False)
    elsewhere.affected_institutions.set([banks.other_bank])
    client.force_login(banks.admin)
    listing = client.get("/console/notices/").content.decode()
    assert "ログインしにくい状態" in listing and "他行のみの障害" not in listing
    assert client.post(f"/console/notices/relay/incident/{elsewhere.pk}/").status_code == 404
    assert client.post(f"/console/notices/relay/incident/{incident.pk}/").status_code == 302
    notice = _notices(institution=banks.bank).get()
    assert notice.title == "【障害のお知らせ】ログインしにくい状態"
