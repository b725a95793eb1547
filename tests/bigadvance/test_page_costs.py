"""Every page pays only for itself (issue 6, item 20): what each page reads, and that the layout parts kept per
process stay correct for each language and menu. The benchmark itself is `make bench-pages` (not a test)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bigadvance.page_state import page_state
from members.models import ServiceDocument
from members.selectors import current_documents
from ops.models import Incident, IncidentEntry
from tests.factories import CompanyFactory, InstitutionFactory, UserFactory
from tests.ops.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> list[str]:
    client.get(url)  # the first request of a process loads the shared state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _own(queries: list[str]) -> list[str]:
    """The page's own queries: not the session's and the account's, which every signed-in request makes."""
    return [sql for sql in queries if "django_session" not in sql and 'WHERE "members_user"."id" = ' not in sql]


def _post_documents():
    now = timezone.now()
    for kind, versions in [(ServiceDocument.Kind.SERVICE_SPECIFICATION, ["1.0", "2.0"]),
                           (ServiceDocument.Kind.OPERATING_TERMS, ["1.0"]),
                           (ServiceDocument.Kind.LICENSE_AGREEMENT, ["1.0", "1.1"])]:
        for age, version in enumerate(reversed(versions)):
            ServiceDocument.objects.create(kind=kind, version=version, body="本文", change_summary="変更",
                                           posted_at=now - timedelta(days=30 * (age + 1)))


# --- the account ------------------------------------------------------------------------------------------

def test_the_account_is_read_without_search_columns_and_its_company_fi_costs_nothing(client, member):
    client.force_login(member)
    with CaptureQueriesContext(connection) as captured:
        request_user = client.get("/portal/").wsgi_request.user
    account_sql = next(q["sql"] for q in captured.captured_queries if 'WHERE "members_user"."id" = ' in q["sql"])
    assert "match_terms" not in account_sql and "search_vector" not in account_sql and "ORDER BY" not in account_sql
    with CaptureQueriesContext(connection) as captured:
        assert request_user.company.institution.name == member.institution.name
    assert captured.captured_queries == []


def test_current_documents_are_one_query_for_every_kind(django_assert_num_queries):
    _post_documents()
    page_state.forget()
    with django_assert_num_queries(1):
        documents = current_documents()
    assert [(d.kind, d.version) for d in documents] == [("specification", "2.0"), ("terms", "1.0"), ("license", "1.1")]


def test_the_documents_page_makes_no_query_of_its_own(client, member):
    _post_documents()
    client.force_login(member)
    assert _own(_queries(client, "/documents/")) == []
    page = client.get("/documents/").content.decode()
    assert "ver. 2.0" in page and "ver. 1.1" in page and "ver. 1.0" in page


def test_a_version_posted_for_later_applies_when_its_time_comes(client, member, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _post_documents()
    ServiceDocument.objects.create(kind=ServiceDocument.Kind.SERVICE_SPECIFICATION, version="3.0", body="本文",
                                   change_summary="予告", posted_at=timezone.now() + timedelta(hours=1))
    client.force_login(member)
    assert "ver. 3.0" not in client.get("/documents/").content.decode()
    time_machine.shift(timedelta(hours=2))
    assert "ver. 3.0" in client.get("/documents/").content.decode()  # no save in between: the clock decides


def test_the_status_page_reads_no_incident_of_its_own(client, member):
    incident = IncidentFactory(title="公開済みの重要障害", severity=Incident.Severity.CRITICAL, released=True)
    IncidentEntry.objects.create(incident=incident, text="復旧作業中です", visibility="institutions",
                                 created_at=timezone.now())
    client.force_login(member)
    queries = _queries(client, "/status/")
    assert not [sql for sql in queries if "ops_incident" in sql]
    page = client.get("/status/").content.decode()
    assert "公開済みの重要障害" in page and "復旧作業中です" in page


def test_a_new_public_entry_shows_on_the_status_page_at_once(client, member):
    incident = IncidentFactory(title="重要障害", severity=Incident.Severity.CRITICAL, released=True)
    client.force_login(member)
    assert "新しい経過" not in client.get("/status/").content.decode()
    IncidentEntry.objects.create(incident=incident, text="新しい経過", visibility="institutions",
                                 created_at=timezone.now())
    assert "新しい経過" in client.get("/status/").content.decode()


def test_the_status_page_and_banners_show_each_fi_only_its_own_incidents(client, member, bank):
    other = InstitutionFactory(name="別の銀行", code="0909")
    theirs = IncidentFactory(title="別の銀行だけの障害", severity=Incident.Severity.CRITICAL, released=True,
                             affects_all_institutions=False)
    theirs.affected_institutions.add(other)
    ours = IncidentFactory(title="自行の障害", severity=Incident.Severity.CRITICAL, released=True,
                           affects_all_institutions=False)
    ours.affected_institutions.add(bank)
    client.force_login(UserFactory(company=CompanyFactory(institution=other)))
    assert "別の銀行だけの障害" in client.get("/status/").content.decode()
    client.force_login(member)
    page = client.get("/status/").content.decode()
    assert "自行の障害" in page and "別の銀行だけの障害" not in page


def test_the_incident_list_reads_affected_fis_only_for_incidents_that_name_them(client, operator, bank):
    IncidentFactory(title="全行に影響")
    client.force_login(operator)
    assert not [sql for sql in _queries(client, "/operations/incidents/") if "affected_institutions" in sql]
    named = IncidentFactory(title="一部の銀行", affects_all_institutions=False)
    named.affected_institutions.add(bank)
    assert bank.name in client.get("/operations/incidents/").content.decode()


# --- layout parts kept per process ---------------------------------------------------------------------------

def _templates(response) -> set[str]:
    return {template.name for template in response.templates}


def test_layout_parts_are_rendered_once_per_process(client):
    first = _templates(client.get("/accounts/login/"))
    assert {"includes/layout/head.html", "includes/layout/language_menu.html",
            "registration/login_fields.html"} <= first
    again = _templates(client.get("/accounts/login/"))
    assert not {name for name in again if name.startswith("includes/layout/")}
    assert "registration/login_fields.html" not in again


def test_a_login_form_with_errors_is_rendered_for_its_request(client):
    client.get("/accounts/login/")
    page = client.post("/accounts/login/", {"username": "<誰か>", "password": "違う"}).content.decode()
    assert 'value="&lt;誰か&gt;"' in page and "ログインIDまたはパスワードが正しくありません" in page
    assert 'value=""' in client.get("/accounts/login/").content.decode()  # the empty form is not the other's


def test_layout_parts_follow_the_language_and_the_menu(client, member, operator):
    client.force_login(member)
    japanese = client.get("/portal/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    english = client.get("/portal/").content.decode()
    assert ">ポータル</a>" in japanese and ">Portal</a>" in english and ">ポータル</a>" not in english
    client.force_login(operator)
    client.post("/i18n/setlang/", {"language": "ja", "next": "/operations/"})
    operations = client.get("/operations/").content.decode()
    assert "/operations/maintenance/" in operations and "/portal/needs/" not in operations
