"""Every page's shared layout (header, navigation, banners) costs a small, fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CompanyFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/portal/", "/status/", "/documents/"])
def test_member_pages_stay_within_their_query_budget(client, member, url, django_assert_max_num_queries):
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_console_lists_do_not_grow_with_their_rows(client, fi_admin, bank, django_assert_num_queries):
    client.force_login(fi_admin)
    for _ in range(3):
        UserFactory(company=CompanyFactory(institution=bank))
    client.get("/console/accounts/")  # warms the per-process maintenance-state cache
    with CaptureQueriesContext(connection) as few:
        client.get("/console/accounts/")
    for _ in range(10):
        UserFactory(company=CompanyFactory(institution=bank))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/console/accounts/")
