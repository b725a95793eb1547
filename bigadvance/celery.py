"""The Celery app. Periodic schedules are code: `CELERY_BEAT_SCHEDULE` in `bigadvance/schedules.py`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bigadvance.settings.local")

app = Celery("bigadvance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_var_folders(sender: Celery, **kwargs) -> None:
    # The embedded file-system broker needs its folders before the first message, beat its schedule's.
    from bigadvance.var_dirs import ensure_var_dirs

    ensure_var_dirs()
