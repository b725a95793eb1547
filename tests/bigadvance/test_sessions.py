"""Cached sessions (bigadvance/sessions.py, used when REDIS_URL is set): read from the cache, written through
to the database, and still working while the cache is down."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "bigadvance.sessions"


@pytest.fixture
def cache_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    for method in ("get", "set", "delete", "has_key"):
        monkeypatch.setattr(cache, method, down)


def test_a_signed_in_page_reads_its_session_from_the_cache(cached_sessions, client, fi_admin,
                                                          django_assert_num_queries):
    client.force_login(fi_admin)
    client.get("/api/v1/me/")
    with django_assert_num_queries(1):  # the user only; the session comes from the cache
        assert client.get("/api/v1/me/").status_code == 200


def test_a_cache_outage_does_not_sign_anyone_out(cached_sessions, client, member, cache_down):
    client.force_login(member)
    assert client.get("/portal/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/portal/").status_code == 302  # logged out: back to the login page


def test_logout_ends_the_cached_copy_too(cached_sessions, client, member):
    client.force_login(member)
    session_key = client.session.session_key
    client.get("/portal/")
    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    client.post("/accounts/logout/")
    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is None
