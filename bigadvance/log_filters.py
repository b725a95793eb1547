"""Logging filters named in settings.LOGGING."""

import logging

from django.core.exceptions import PermissionDenied


class DeniedWithoutTraceback(logging.Filter):
    """A 403 is an answer, not a fault: log its one line ("Forbidden (Permission denied): /path") without
    the traceback Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info, record.exc_text = None, None
        return True
