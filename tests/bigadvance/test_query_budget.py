"""Every page pays only for itself (issue 6, item 20): the shared layout (header, navigation, banners) and
maintenance mode cost no query once a process knows the state; a page's own panels cost one query each."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bigadvance.page_state import VERSION_KEY
from members.models import ServiceDocument
from ops.models import HealthCheckResult, Incident
from ops.services import incidents as incident_services
from tests.factories import CompanyFactory, UserFactory
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

pytestmark = pytest.mark.django_db

BANNER_TABLES = ("ops_maintenancewindow", "ops_incident", "members_servicedocument")


@pytest.fixture
def banners(db):
    """One banner of each kind: a planned window, an open critical failure, a newly posted document."""
    MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=3), message="来週のリリース作業")
    IncidentFactory(title="ログインしにくい状態", severity=Incident.Severity.CRITICAL, released=True)
    # the licence agreement: a new version of the operating terms would send everyone to accept it first
    ServiceDocument.objects.create(kind=ServiceDocument.Kind.LICENSE_AGREEMENT, version="2.0", body="本文",
                                   change_summary="第5条を改定", posted_at=timezone.now() - timedelta(hours=1))


def _queries(client, url: str) -> list[str]:
    client.get(url)  # the first request of a process loads the shared state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _banner_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in BANNER_TABLES)]


def test_the_anonymous_login_page_makes_no_query(client, banners, django_assert_num_queries):
    client.get("/accounts/login/")
    with django_assert_num_queries(0):
        page = client.get("/accounts/login/").content.decode()
    assert "来週のリリース作業" in page  # the maintenance banner is there, from memory


def test_a_signed_in_page_pays_no_query_for_its_banners(client, member, banners):
    client.force_login(member)
    queries = _queries(client, "/portal/")
    assert _banner_queries(queries) == []
    # session (unless cached), user, the company with its FI, the colleagues and the home's panels (one or two
    # queries each: deals waiting, recommendations, own needs, subsidies; maintenance comes from memory)
    assert len(queries) <= 14
    page = client.get("/portal/").content.decode()
    assert "来週のリリース作業" in page and "ログインしにくい状態" in page and "第5条" not in page
    assert "ソフトウェア使用許諾契約書 ver. 2.0" in page


def test_the_layout_costs_no_query_beyond_session_and_user(client, support_staff, banners):
    client.force_login(support_staff)
    queries = _queries(client, "/accounts/password/change/")  # a page with no panels of its own
    assert all("django_session" in sql or "members_user" in sql for sql in queries), queries


def test_the_status_page_reuses_the_banner_state_for_its_windows(client, member, banners):
    client.force_login(member)
    queries = _queries(client, "/status/")
    assert not [sql for sql in queries if "ops_maintenancewindow" in sql]
    assert "来週のリリース作業" in client.get("/status/").content.decode()


def test_a_change_shows_at_once_in_this_process(client, member, system_lead, banners):
    client.force_login(member)
    assert "新しい重要障害" not in client.get("/portal/").content.decode()
    incident_services.incident_open(title="新しい重要障害", severity=Incident.Severity.CRITICAL, actor=system_lead)
    assert "新しい重要障害" in client.get("/portal/").content.decode()


def test_a_change_made_by_another_process_shows_within_a_second(client, member, banners, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(member)
    client.get("/portal/")
    Incident.objects.update(title="別プロセスで更新した件名")  # no signal here: as if another process wrote it
    time_machine.shift(timedelta(seconds=2))
    assert "別プロセスで更新した件名" not in client.get("/portal/").content.decode()  # kept in memory
    cache.set(VERSION_KEY, "turned-by-another-process")  # what page_state_changed() does there
    time_machine.shift(timedelta(seconds=2))
    assert "別プロセスで更新した件名" in client.get("/portal/").content.decode()


def test_the_operations_home_costs_one_query_per_panel_whatever_the_checks(client, operator, monkeypatch):
    client.force_login(operator)
    counts = {}
    for check_count in (3, 12):
        names = [f"check-{check_count}-{number}" for number in range(check_count)]
        monkeypatch.setattr("ops.monitoring_checks.CHECKS", dict.fromkeys(names))
        for name in names:
            HealthCheckResult.objects.create(check_name=name, ok=False, detail=f"{name} は古い結果",
                                             checked_at=timezone.now() - timedelta(minutes=5))
            HealthCheckResult.objects.create(check_name=name, ok=not name.endswith("-1"), detail=f"{name} の詳細",
                                             checked_at=timezone.now())
        counts[check_count] = len(_queries(client, "/operations/"))
        page = client.get("/operations/").content.decode()
        assert f"check-{check_count}-1 の詳細" in page  # the newest result of the failing check
        assert "古い結果" not in page and f"check-{check_count}-2 の詳細" not in page
    assert counts[3] == counts[12]


@pytest.mark.parametrize(("url", "budget"), [("/portal/", 14), ("/status/", 2), ("/documents/", 2)])  # 2: session, user
def test_member_pages_stay_within_their_query_budget(client, member, banners, url, budget):
    client.force_login(member)
    assert len(_queries(client, url)) <= budget


def test_console_lists_do_not_grow_with_their_rows(client, fi_admin, bank, django_assert_num_queries):
    client.force_login(fi_admin)
    for _ in range(3):
        UserFactory(company=CompanyFactory(institution=bank))
    few = _queries(client, "/console/accounts/")
    for _ in range(10):
        UserFactory(company=CompanyFactory(institution=bank))
    with django_assert_num_queries(len(few)):
        client.get("/console/accounts/")
