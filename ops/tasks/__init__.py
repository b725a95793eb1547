"""Celery tasks of ops. Thin: ids in, one service call, retry with backoff, idempotent."""

from .emails import *  # noqa: F401,F403
from .incidents import *  # noqa: F401,F403
from .maintenance import *  # noqa: F401,F403
