"""Which sessions each account has open, kept next to the session store so they can be listed and ended.

A row is written at login (`user_logged_in`) and touched by the middleware at most once per interval, so a
signed-in page usually costs no query for it. The touch also applies the FI's session rules: an idle timeout
(the session ends after that many minutes without a request) within the platform's lifetime of
SESSION_COOKIE_AGE from login. Ending a session deletes it through the configured SessionStore, so a session
cached in Redis (bigadvance.sessions) ends too, and its row.
"""

import time
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ..models import InstitutionSettings, User, UserSession
from .addresses import client_ip
from .lockouts import failures_clear

SESSION_MARK = "_ba_session"  # {"key": session key recorded, "touched": epoch, "started": epoch}
TOUCH_SECONDS = 300
OWN_RECORD = "the session's own record"

BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"), ("curl/", "curl"), ("python-requests", "Python"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device_summary(user_agent: str) -> str:
    """"Chrome / Windows": enough for a person to recognise their own device, nothing more is kept."""
    agent = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in agent), "")
    system = next((name for marker, name in SYSTEMS if marker in agent), "")
    return " / ".join(part for part in (browser, system) if part)


def _device(request) -> str:
    return device_summary(request.META.get("HTTP_USER_AGENT", ""))[:100]


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


def touch_interval(rules: InstitutionSettings) -> int:
    """Seconds between two writes of a session's last use: a tenth of the idle timeout, at most 5 minutes,
    so the timeout ends a session at most that much early."""
    if rules.session_timeout_minutes:
        return min(TOUCH_SECONDS, rules.session_timeout_seconds // 10)
    return TOUCH_SECONDS


def _expiry(rules: InstitutionSettings, *, started: float, now: float) -> datetime:
    lifetime_end = started + settings.SESSION_COOKIE_AGE
    idle_end = now + rules.session_timeout_seconds if rules.session_timeout_minutes else lifetime_end
    return datetime.fromtimestamp(min(lifetime_end, idle_end), tz=timezone.get_current_timezone())


def session_started(*, request, user: User) -> UserSession:
    """At the password: apply the FI's session timeout and record the session."""
    session = request.session
    if session.session_key is None:
        session.save()
    key, now = session.session_key, time.time()
    rules = InstitutionSettings.for_institution(user.institution)
    session.set_expiry(_expiry(rules, started=now, now=now))
    session[SESSION_MARK] = {"key": key, "touched": now, "started": now}
    rows = UserSession.objects.unscoped(OWN_RECORD)
    rows.filter(user=user, expires_at__lte=timezone.now()).delete()
    record, _ = rows.update_or_create(session_key=key, defaults={
        "user": user, "ip_address": client_ip(request), "device": _device(request),
        "last_seen_at": timezone.now(), "expires_at": session.get_expiry_date(),
    })
    return record


def sign_in_completed(*, request, user: User) -> None:
    """The password, and the second factor when one is owed, were accepted: the failed attempts are forgotten,
    and under the FI's one-session rule the ID's other sessions end (not at the password alone, so someone who
    only has the password cannot sign the owner out)."""
    failures_clear(user)
    if InstitutionSettings.for_institution(user.institution).single_session:
        sessions_end(user=user, keep_session_key=request.session.session_key)


def session_touch(request) -> None:
    """On a signed-in request: nothing, unless the interval passed or the session's key changed (a password
    change cycles it); then one UPDATE (an INSERT for a session older than this record)."""
    session, user = request.session, request.user
    key, now = session.session_key, time.time()
    mark = session.get(SESSION_MARK) or {}
    rules = InstitutionSettings.for_institution(user.institution)
    if key is None or (mark.get("key") == key and 0 <= now - mark.get("touched", 0) < touch_interval(rules)):
        return
    started = mark.get("started", now)
    session.set_expiry(_expiry(rules, started=started, now=now))
    session[SESSION_MARK] = {"key": key, "touched": now, "started": started}
    rows = UserSession.objects.unscoped(OWN_RECORD)
    changes = {"session_key": key, "last_seen_at": timezone.now(), "expires_at": session.get_expiry_date()}
    if not rows.filter(session_key=mark.get("key", key), user=user).update(**changes) and session.exists(key):
        rows.update_or_create(session_key=key, defaults={
            **changes, "user": user, "ip_address": client_ip(request), "device": _device(request)})


def session_forget(request) -> None:
    """At logout: the session is flushed by Django; its row goes too."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.unscoped(OWN_RECORD).filter(session_key=key).delete()


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every open session of `user` (but `keep_session_key`): they are signed out at their next request."""
    rows = UserSession.objects.unscoped("ending an account's sessions").filter(user_id=user.pk)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    store = _store()
    for key in keys:
        store.delete(key)
    UserSession.objects.unscoped("ending an account's sessions").filter(session_key__in=keys).delete()
    return len(keys)


def sessions_prune() -> int:
    """Delete the records of sessions that expired (the session store forgets them by itself)."""
    deleted, _ = UserSession.objects.unscoped("expired session records").filter(expires_at__lte=timezone.now()).delete()
    return deleted


def open_sessions(viewer, account: User) -> QuerySet[UserSession]:
    """The account's sessions that have not expired, newest use first, as `viewer` may see them."""
    return (UserSession.objects.visible_to(viewer)
            .filter(user=account, expires_at__gt=timezone.now())
            .order_by("-last_seen_at"))
