"""AUTH-1: every URL checks authentication and rights. Walks the whole URL map, so a new view that forgets
its audience check fails here; the API (/api/) is walked for every role too: it admits FI API keys and FI
admins only."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members.models import Role

PUBLIC = {
    "/healthz", "/readyz", "/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/sent/",
    "/accounts/password/reset/complete/", "/accounts/password/reset/x/x/", "/i18n/setlang/",
    "/c/x/", "/c/x/logo/",  # a member company's public homepage (opt-in), open to the internet
    "/join/x/", "/join/sent/", "/join/verify/x/", "/join/invitation/x/x/",  # applying to a bank, the first password
}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x", None: "x"}


def _paths(patterns=None, prefix="") -> list[str]:
    paths = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("^") or "admin" in route:  # Django admin guards itself (is_staff)
                continue
            paths.extend(_paths(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern) and not route.startswith("^"):
            paths.append("/" + PARAMETER.sub(lambda m: SAMPLE.get(m.group(1), "x"), prefix + route))
    return sorted(set(paths))


PATHS = _paths()
PRIVATE = [p for p in PATHS if p not in PUBLIC]
# Pages (HTML for people) under /api/: they follow the page rules (login redirect, the 403 page).
API_PAGES = {"/api/docs/"}
API = [p for p in PATHS if p.startswith("/api/") and p not in API_PAGES]


def test_the_walk_finds_the_apps():
    assert {"/portal/", "/console/", "/desk/", "/operations/", "/status/", "/api/v1/me/"} <= set(PATHS)
    assert "/api/v1/me/" in API


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("path", PRIVATE)
def test_anonymous_requests_never_see_a_private_page(client, path):
    for response in (client.get(path), client.post(path)):
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), path
        else:
            assert response.status_code in (401, 403, 405), (path, response.status_code)


ROLE_HOME = {Role.MEMBER: "/portal/", Role.FI_ADMIN: "/console/", Role.SUPPORT: "/desk/",
             Role.OPERATOR: "/operations/"}


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_each_role_is_refused_the_other_roles_areas(client, role, member, fi_admin, support_staff, operator):
    user = {Role.MEMBER: member, Role.FI_ADMIN: fi_admin, Role.SUPPORT: support_staff, Role.OPERATOR: operator}[role]
    client.force_login(user)
    for other_role, home in ROLE_HOME.items():
        areas = [p for p in PRIVATE if p.startswith(home)]
        for path in areas:
            status = client.get(path).status_code
            if other_role == role:
                assert status in (200, 404, 405), (path, status)
            else:
                assert status == 403, (path, status)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("path", API)
def test_the_api_answers_anonymous_callers_with_json_401(client, path):
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 401, (path, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"] == "not_authenticated" and response.json()["detail"]
        assert response["WWW-Authenticate"] == "Api-Key"


API_ROLES = {Role.MEMBER: "member", Role.FI_ADMIN: "fi_admin", Role.SUPPORT: "support_staff",
             Role.SYSTEM_LEAD: "system_lead", Role.OPERATOR: "operator"}


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(API_ROLES))
@pytest.mark.parametrize("credential", ["session", "token"])
def test_the_api_admits_fi_admins_only_by_session_and_by_token(request, client, role, credential):
    from rest_framework.authtoken.models import Token

    user = request.getfixturevalue(API_ROLES[role])
    headers = {}
    if credential == "session":
        client.force_login(user)
    else:
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    for path in API:
        response = client.get(path, **headers)
        if role == Role.FI_ADMIN:
            assert response.status_code in (200, 404, 405), (path, response.status_code)
        else:
            assert response.status_code == 403, (path, role, response.status_code)
            assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_the_api_admits_an_fi_api_key_everywhere(client, fi_admin):
    from fiadmin.services import api_key_create
    from fiadmin.services import api_key_expiry_bounds as bounds

    _row, key = api_key_create(institution=fi_admin.institution, name="walk", scope="read",
                               expires_on=bounds()[1], created_by=fi_admin)
    for path in API:
        status = client.get(path, HTTP_AUTHORIZATION=f"Api-Key {key}").status_code
        assert status in (200, 404, 405), (path, status)


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("role", list(API_ROLES))
def test_pages_under_api_are_for_fi_admins_only(request, client, role):
    client.force_login(request.getfixturevalue(API_ROLES[role]))
    for path in API_PAGES:
        assert client.get(path).status_code == (200 if role == Role.FI_ADMIN else 403), path
