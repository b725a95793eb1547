"""The local folders the configured settings write into, made by the processes that write there.

Loading settings creates nothing (tests, `check`, imports stay free of side effects); `manage.py` and the
Celery app call `ensure_var_dirs()` before they start: the SQLite file, emails written as files, the file
cache, the file-system broker, beat's schedule, the monitoring spool and the static files root.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def var_dirs() -> list[Path]:
    from django.conf import settings

    folders = [Path(settings.STATIC_ROOT), Path(settings.MONITORING_SPOOL_DIR),
               Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) not in ("", ":memory:"):
        folders.append(Path(database["NAME"]).parent)
    if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        folders.append(Path(settings.EMAIL_FILE_PATH))
    cache = settings.CACHES["default"]
    if cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
        folders.append(Path(cache["LOCATION"]))
    broker = settings.CELERY_BROKER_TRANSPORT_OPTIONS or {}
    folders += [Path(broker[key]) for key in ("data_folder_in", "data_folder_out", "processed_folder") if broker.get(key)]
    return list(dict.fromkeys(folders))


def ensure_var_dirs() -> None:
    try:
        folders = var_dirs()
    except ImproperlyConfigured:  # the command itself reports settings it cannot load
        return
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
