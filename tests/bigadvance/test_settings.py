"""SEC-5: production enforces HTTPS, HSTS and secure cookies, and refuses to start without a real secret."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3J9-vX2q!pL8#wR5zT1@mN6^bH4&cF7*dG0(sY9)eU2_aQ8+iO3=lK5~jP1hV6"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(DJANGO_SETTINGS_MODULE="bigadvance.settings.production", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.req("SEC-5")
def test_production_passes_check_deploy_with_no_issue():
    result = _manage("check", "--deploy", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="ba.example.jp")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.req("SEC-5")
@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret(key):
    result = _manage("check", SECRET_KEY=key, ALLOWED_HOSTS="ba.example.jp")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.req("SEC-5")
def test_production_security_settings():
    code = ("from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.DEBUG)")
    result = _manage("shell", "--no-imports", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="ba.example.jp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == ["True", "31536000", "True", "True", "False"]


@pytest.mark.req("SEC-5")
@pytest.mark.django_db
def test_http_requests_are_redirected_to_https_except_probes(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    secure = client.get("/accounts/login/", secure=True)
    assert secure.status_code == 200 and "max-age=31536000" in secure["Strict-Transport-Security"]


def _local_setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="bigadvance.settings.local", **env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_mail_goes_to_files_by_default_smtp_from_email_url_or_ses():
    env = {"EMAIL_URL": "", "EMAIL_USE_SES": "false"}
    assert _local_setting("EMAIL_BACKEND", **env).endswith("filebased.EmailBackend")
    assert _local_setting("EMAIL_HOST", **dict(env, EMAIL_URL="smtp://mail.example.jp:25")) == "mail.example.jp"
    assert _local_setting("EMAIL_BACKEND", **dict(env, EMAIL_USE_SES="true")) == "django_ses.SESBackend"


def test_uploads_go_to_s3_when_a_bucket_is_configured():
    assert "FileSystemStorage" in _local_setting("STORAGES['default']['BACKEND']", AWS_STORAGE_BUCKET_NAME="")
    assert "S3Storage" in _local_setting("STORAGES['default']['BACKEND']", AWS_STORAGE_BUCKET_NAME="ba-media")


def test_embedded_defaults_need_no_server():
    env = {"DATABASE_URL": "", "REDIS_URL": "", "CELERY_BROKER_URL": ""}
    assert _local_setting("DATABASES['default']['ENGINE']", **env) == "django.db.backends.sqlite3"
    assert _local_setting("CELERY_BROKER_URL", **env) == "filesystem://localhost/"


def test_embedded_sqlite_runs_in_wal_mode(tmp_path):
    code = ("from django.db import connection; cursor = connection.cursor(); "
            "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])")
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="bigadvance.settings.local",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"


def test_loading_settings_creates_no_folder(tmp_path):
    """Issue 6, item 15: the settings of a checkout in an empty place load without making var/ or anything."""
    shutil.copytree(ROOT / "bigadvance", tmp_path / "bigadvance", ignore=shutil.ignore_patterns("__pycache__"))
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    code = ("import bigadvance.settings.local, bigadvance.settings.test; "
            "from django.conf import settings; print(settings.DATABASES['default']['NAME'], settings.EMAIL_FILE_PATH,"
            " settings.CACHES, settings.CELERY_BROKER_TRANSPORT_OPTIONS, settings.MONITORING_SPOOL_DIR)")
    environment = {k: v for k, v in os.environ.items() if k not in (
        "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_FILE_PATH", "STATIC_ROOT", "MONITORING_SPOOL_DIR")}
    environment.update(PYTHONPATH=str(tmp_path), DJANGO_SETTINGS_MODULE="bigadvance.settings.local",
                       PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "var" / "db.sqlite3") in result.stdout  # the copy was loaded, not the checkout
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before
    assert not (tmp_path / "var").exists()


def test_manage_py_makes_the_folders_its_settings_write_into(tmp_path):
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="bigadvance.settings.local", REDIS_URL="",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'state' / 'db.sqlite3'}", EMAIL_URL="",
                       EMAIL_USE_SES="false", EMAIL_FILE_PATH=str(tmp_path / "mail"),
                       MONITORING_SPOOL_DIR=str(tmp_path / "spool"), STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for folder in ("state", "mail", "spool", "static"):
        assert (tmp_path / folder).is_dir(), folder


def test_sessions_are_cached_when_redis_is_configured():
    """Issue 6, item 20: with Redis, a request reads its session from the cache, not the database."""
    redis = _local_setting("SESSION_ENGINE", REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis == "bigadvance.sessions"
    assert _local_setting("SESSION_ENGINE", REDIS_URL="") == "django.contrib.sessions.backends.db"
