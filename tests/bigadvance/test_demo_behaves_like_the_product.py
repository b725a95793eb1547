"""Item 19: the demo (`make run`) answers the product's Japanese pages; the admin and the API's browsable
page refuse like every other page; a refusal is one log line."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils.log import configure_logging

ROOT = Path(__file__).resolve().parents[2]
DENIED = "アクセスが拒否されました"


def _local_settings(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings as s; " + "; ".join(f"print(s.{name})" for name in names)
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment.update(DJANGO_SETTINGS_MODULE="bigadvance.settings.local", **env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names):]


def test_make_run_shows_the_product_pages_unless_debug_is_asked_for():
    assert _local_settings("DEBUG", "WHITENOISE_USE_FINDERS", "WHITENOISE_AUTOREFRESH") == ["False", "True", "True"]
    assert _local_settings("DEBUG", DEBUG="true") == ["True"]


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off_as_the_demo_runs(settings):
    from django.test import Client

    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = True  # what bigadvance.settings.local sets
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/app.css")
    assert response.status_code == 200
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and "ページが見つかりません" in page.content.decode()


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "fi_admin", "support_staff"])
@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/members/user/"])
def test_a_signed_in_non_operator_gets_the_japanese_403_from_the_admin(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert DENIED in page and "管理画面は運用担当者だけが利用できます。" in page


@pytest.mark.django_db
def test_operators_still_use_the_admin_and_strangers_get_its_login(client, operator):
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.force_login(operator)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_browsable_api_refuses_a_stranger_with_the_japanese_403(client):
    response = client.get("/api/v1/me/", HTTP_ACCEPT="text/html")
    page = response.content.decode()
    assert response.status_code == 401 and "ログインしてからご利用ください。" in page
    assert "Django REST framework" not in page
    json = client.get("/api/v1/me/", HTTP_ACCEPT="application/json")
    assert json.status_code == 401 and json.json()["detail"]


@pytest.mark.django_db
@pytest.mark.urls("tests.bigadvance.api_forbidden_urls")
def test_the_browsable_api_refuses_a_member_with_the_japanese_403(client, member):
    client.force_login(member)
    response = client.get("/api/v1/staff-only/", HTTP_ACCEPT="text/html")
    page = response.content.decode()
    assert response.status_code == 403 and DENIED in page and member.full_name in page
    assert "Django REST framework" not in page
    assert client.get("/api/v1/staff-only/", HTTP_ACCEPT="application/json").status_code == 403


@pytest.fixture
def logging_as_configured(settings):
    """The project's logging set up as a process with DEBUG=true would have it; restored afterwards."""
    settings.DEBUG = True
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    yield
    settings.DEBUG = False
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


@pytest.mark.django_db
def test_a_403_is_logged_once_without_a_traceback(client, member, logging_as_configured, capsys):
    # the handlers are built inside the test, so they write to the captured stderr
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)
    client.force_login(member)
    assert client.get("/operations/").status_code == 403
    for handler in logging.getLogger().handlers:
        handler.flush()
    err = capsys.readouterr().err
    assert err.count("Forbidden (Permission denied): /operations/") == 1, err
    assert "Traceback" not in err
