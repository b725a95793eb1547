"""AUTH-1: a property-based run against the published schema (hypothesis, bounded): whatever a bank's system
sends as query parameters or as an invitation body, the API answers 200/201 or a JSON error with a stable code
and a message, never a 500, and never another FI's data."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CompanyFactory, UserFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]

TEXT = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "-1", "true", "東京都", "E", "24", "2026-02-30",
                                                        "'; DROP TABLE x;--", "%00", "9" * 30]))
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture
def world(client, settings, bank, other_bank, write_key):
    settings.BANK_API_THROTTLE_RATE = "100000/min"
    UserFactory(company=CompanyFactory(institution=bank))
    CompanyFactory(institution=other_bank, name="他行ファズ株式会社")
    schema = client.get("/api/schema/", **key_header(write_key)).json()
    lists = {path: [p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"]
             for path, item in schema["paths"].items() if "get" in item and "{" not in path}
    return {"key": write_key, "lists": lists}


def _assert_answer(response, ok=(200,)):
    assert response.status_code in (*ok, 400, 404), (response.status_code, response.content[:300])
    body = response.json()
    if response.status_code not in ok:
        assert set(body) >= {"code", "detail"} and body["detail"], body
    assert "他行ファズ" not in response.content.decode()


@pytest.mark.req("AUTH-1")
@FUZZ
@given(data=st.data())
def test_list_query_parameters(client, world, data):
    path = data.draw(st.sampled_from(sorted(world["lists"])))
    names = world["lists"][path]
    params = data.draw(st.dictionaries(st.sampled_from(names), TEXT, max_size=len(names))) if names else {}
    _assert_answer(client.get(path, params, **key_header(world["key"])))


@pytest.mark.req("AUTH-1")
@FUZZ
@given(body=st.fixed_dictionaries({}, optional={"company": st.one_of(st.integers(), TEXT), "login_id": TEXT,
                                                "email": TEXT, "full_name": TEXT}))
def test_invitation_bodies(client, world, body):
    response = client.post("/api/v1/users/", body, content_type="application/json", **key_header(world["key"]))
    _assert_answer(response, ok=(201,))


def test_an_id_too_large_for_the_database_is_a_400(client, world):
    response = client.get("/api/v1/users/", {"company": 2**63}, **key_header(world["key"]))
    assert response.status_code == 400 and response.json()["code"] == "invalid"
