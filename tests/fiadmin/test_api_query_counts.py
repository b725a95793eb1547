"""SVC-2: every list of the API costs the same number of SQL queries with 5 rows and with 100."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CompanyFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.deal_factories import DealFactory
from tests.ops.factories import IncidentFactory, MaintenanceWindowFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]

LISTS = ["/api/v1/companies/", "/api/v1/users/", "/api/v1/deals/", "/api/v1/stats/needs/", "/api/v1/stats/deals/",
         "/api/v1/maintenance/", "/api/v1/incidents/"]


def _add_rows(bank, count: int) -> None:
    for number in range(count):
        company = ProfileCompanyFactory(institution=bank)
        UserFactory(company=company)
        need = NeedFactory(company=company)
        DealFactory(requester_company=company, need=need, receiver_company=CompanyFactory())
        MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=1, hours=number))
        IncidentFactory(severity="critical", released=True)


def _queries(client, key, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": 200}, **key_header(key))
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.req("SVC-2")
def test_list_query_counts_do_not_grow_with_rows(client, bank, read_key, settings):
    settings.BANK_API_THROTTLE_RATE = "1000/min"
    _add_rows(bank, 5)
    client.get("/api/v1/me/", **key_header(read_key))  # warm: the key's last use, maintenance state
    small = {path: _queries(client, read_key, path) for path in LISTS}
    _add_rows(bank, 95)
    client.get("/api/v1/me/", **key_header(read_key))  # warm again: page state may have expired meanwhile
    large = {path: _queries(client, read_key, path) for path in LISTS}
    assert large == small
