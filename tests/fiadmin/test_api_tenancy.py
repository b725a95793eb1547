"""AUTH-1 / USR-1: one FI's key never reads another FI's data; another FI's object answers exactly like a
missing one (404, same body), for reads and for writes, by every list and detail endpoint of the schema."""

import pytest

from members.models import MemberCompany, User
from tests.factories import FIAdminFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.deal_factories import DealFactory
from tests.ops.factories import IncidentFactory

from .conftest import key_header

pytestmark = [pytest.mark.django_db]

FOREIGN = "他行専用ゼブラ"  # in every name of the other FI's rows


@pytest.fixture
def two_fis(bank, other_bank):
    own_company = ProfileCompanyFactory(institution=bank, name="自行の会社")
    UserFactory(company=own_company, username="own-member", email="own@example.jp")
    NeedFactory(company=own_company, title="自行のニーズ")
    foreign_company = ProfileCompanyFactory(institution=other_bank, name=f"{FOREIGN}株式会社")
    second_foreign = ProfileCompanyFactory(institution=other_bank, name=f"{FOREIGN}第二株式会社")
    foreign_user = UserFactory(company=foreign_company, username="zebra-member", full_name=f"{FOREIGN} 太郎",
                               email="zebra@example.jp")
    FIAdminFactory(institution=other_bank, username="zebra-admin", full_name=f"{FOREIGN} 管理者",
                   email="zebra-admin@example.jp")
    DealFactory(need=NeedFactory(company=foreign_company, title=f"{FOREIGN}のニーズ"), requester_company=second_foreign)
    incident = IncidentFactory(title=f"{FOREIGN}の障害", severity="critical", released=True,
                               affects_all_institutions=False)
    incident.affected_institutions.add(other_bank)
    return {"companies": foreign_company, "users": foreign_user}


def _operations(client, key) -> list[tuple[str, str]]:
    schema = client.get("/api/schema/", **key_header(key)).json()
    return [(path, method.upper()) for path, item in schema["paths"].items() for method in item]


@pytest.mark.req("AUTH-1", "USR-1")
def test_every_list_shows_only_the_callers_fi(client, two_fis, read_key):
    lists = [path for path, method in _operations(client, read_key) if method == "GET" and "{" not in path]
    assert {"/api/v1/companies/", "/api/v1/users/", "/api/v1/deals/", "/api/v1/incidents/"} <= set(lists)
    for path in lists:
        response = client.get(path, **key_header(read_key))
        assert response.status_code == 200, path
        assert FOREIGN not in response.content.decode(), path
        assert "zebra" not in response.content.decode(), path
    companies = client.get("/api/v1/companies/", **key_header(read_key)).json()["results"]
    assert [company["name"] for company in companies] == ["自行の会社"]


@pytest.mark.req("AUTH-1", "USR-1")
def test_another_fis_object_answers_like_a_missing_one(client, two_fis, make_key, bank):
    key = make_key(bank, scope="read_write")
    missing = max(MemberCompany.objects.unscoped("test").order_by("-pk").first().pk,
                  User.objects.unscoped("test").order_by("-pk").first().pk) + 1000
    operations = [(path, method) for path, method in _operations(client, key) if "{" in path]
    assert len(operations) >= 6
    for path, method in operations:
        resource = path.split("/")[3]
        foreign_path = path.replace("{id}", str(two_fis[resource].pk))
        missing_path = path.replace("{id}", str(missing))
        call = client.get if method == "GET" else client.post
        foreign, absent = call(foreign_path, **key_header(key)), call(missing_path, **key_header(key))
        assert foreign.status_code == absent.status_code == 404, (path, method)
        assert foreign.json() == absent.json() == {"code": "not_found", "detail": "見つかりません。"}
    company, user = two_fis["companies"], two_fis["users"]
    company.refresh_from_db()
    user.refresh_from_db()
    assert company.status == MemberCompany.Status.ACTIVE and user.is_active


@pytest.mark.req("AUTH-1", "USR-1")
def test_inviting_into_another_fis_company_is_refused_like_a_missing_one(client, two_fis, write_key):
    data = {"login_id": "intruder", "email": "intruder@example.jp", "full_name": "侵入 太郎"}
    foreign = client.post("/api/v1/users/", {**data, "company": two_fis["companies"].pk},
                          content_type="application/json", **key_header(write_key))
    missing = client.post("/api/v1/users/", {**data, "company": 999999},
                          content_type="application/json", **key_header(write_key))
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert foreign.json()["fields"] == {"company": ["この ID の会員企業は見つかりません。"]}
    assert not User.objects.unscoped("test").filter(username="intruder").exists()


@pytest.mark.req("AUTH-1")
def test_an_fi_admins_session_sees_the_same_as_its_fis_key(client, two_fis, fi_admin, read_key):
    by_key = client.get("/api/v1/companies/", **key_header(read_key)).json()
    client.force_login(fi_admin)
    assert client.get("/api/v1/companies/").json() == by_key

