"""How often the public application form may be submitted: per client address and per email, per window.

Counted in the shared cache (one fixed window from the first submission), so every process applies the
same limits. A cache outage lets submissions through rather than refusing honest applicants.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _count(kind: str, value: str) -> int:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    key = f"join-throttle:{kind}:{digest}"
    window = settings.JOIN_THROTTLE_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def submission_allowed(*, ip_address: str | None, email: str) -> bool:
    """Count one submission; False once the address or the email has used up its submissions in the window."""
    allowed = True
    for kind, value, limit in (("ip", ip_address, settings.JOIN_THROTTLE_PER_IP),
                               ("email", email, settings.JOIN_THROTTLE_PER_EMAIL)):
        if not value:
            continue
        try:
            allowed = _count(kind, value) <= limit and allowed
        except Exception:  # the cache is down
            logger.warning("join throttle could not be counted kind=%s", kind)
    return allowed
