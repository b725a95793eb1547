from . import emails, incidents, maintenance  # noqa: F401
