"""What every page checks or shows (maintenance state, banners), kept in each process for a few seconds.

Every request needs the same few rows: is a window stopping the service, which banners to show. Each such
value is loaded once per process and kept for its `ttl`, so a page pays no database or cache round-trip
for it. A change drops the copies: `page_state_changed()` (called by the services and, through model
signals, by every save of a window, an incident, an incident's entry or a service document) expires this process's values at
once and turns a version token in the shared cache, which every other process compares at most once a
second. Values that only time changes (a window starting, a banner ageing out) are filtered against the
clock by their callers, so they need no invalidation.

When a load fails because the database is down, the last value this process knew is served again (and
retried after `ttl`); only a process that never loaded the value sees the DatabaseError.
"""

import logging
import math
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "bigadvance:page-state:version"
VERSION_CHECK_SECONDS = 1.0
T = TypeVar("T")


class PageState:
    def __init__(self) -> None:
        self._values: dict[str, tuple[float, Any]] = {}
        self._version: object = None
        self._version_checked_at = -math.inf

    def get(self, name: str, load: Callable[[], T], *, ttl: float) -> T:
        """`load()`'s value, from this process's memory while younger than `ttl` seconds."""
        now = time.time()
        self._follow_version(now)
        kept = self._values.get(name)
        if kept is not None and 0 <= now - kept[0] < ttl:
            return kept[1]
        try:
            value = load()
        except DatabaseError:
            if kept is None:
                raise
            logger.warning("page state %s could not be read; the last known value is used", name)
            self._values[name] = (now, kept[1])  # try the database again after ttl, not on every request
            return kept[1]
        self._values[name] = (now, value)
        return value

    def expire(self) -> None:
        """Reload every value on its next use; the old one stays as the last known should the load fail."""
        self._values = {name: (-math.inf, value) for name, (_, value) in self._values.items()}

    def forget(self) -> None:
        """Drop everything, last known values included (tests start from an empty process)."""
        self._values = {}
        self._version, self._version_checked_at = None, -math.inf

    def changed(self) -> None:
        self.expire()
        version = uuid.uuid4().hex
        try:
            cache.set(VERSION_KEY, version, timeout=None)
        except Exception:  # the cache is down: other processes still reload once their values expire
            logger.warning("page state version could not be written")
            return
        self._version = version

    def _follow_version(self, now: float) -> None:
        if 0 <= now - self._version_checked_at < VERSION_CHECK_SECONDS:
            return
        self._version_checked_at = now
        try:
            version = cache.get(VERSION_KEY)
        except Exception:  # the cache is down: values still expire after their ttl
            return
        if version != self._version:
            self._version = version
            self.expire()


page_state = PageState()


def page_state_changed() -> None:
    """Make every process reload what pages show, now and again once the current transaction commits.

    Before the commit another process could still read the old rows and keep them for `ttl`; the second
    turn after the commit clears that.
    """
    page_state.changed()
    transaction.on_commit(page_state.changed, robust=True)


def _model_changed(**kwargs) -> None:
    page_state_changed()


def watch_page_models() -> None:
    """Every save or delete of a model whose rows pages show (admin, shell, services) changes the state."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from members.models import ServiceDocument
    from ops.models import Incident, IncidentEntry, MaintenanceWindow

    for model in (MaintenanceWindow, Incident, IncidentEntry, ServiceDocument):
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"page-state-save-{model.__name__}")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"page-state-delete-{model.__name__}")
    m2m_changed.connect(_model_changed, sender=Incident.affected_institutions.through,
                        dispatch_uid="page-state-incident-institutions")
