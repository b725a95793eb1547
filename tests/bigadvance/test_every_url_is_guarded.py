"""AUTH-1: every URL checks authentication and rights. Walks the whole URL map, so a new view that forgets
its audience check fails here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members.models import Role

PUBLIC = {
    "/healthz", "/readyz", "/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/sent/",
    "/accounts/password/reset/complete/", "/accounts/password/reset/x/x/", "/i18n/setlang/",
    "/c/x/", "/c/x/logo/",  # a member company's public homepage (opt-in), open to the internet
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


def test_the_walk_finds_the_apps():
    assert {"/portal/", "/console/", "/desk/", "/operations/", "/status/", "/api/v1/me/"} <= set(PATHS)


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
