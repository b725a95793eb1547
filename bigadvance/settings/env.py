"""The one place that reads the environment: every setting comes through here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Local state (SQLite database, mail files, broker folders, cache) lives under var/, made on first use.
for _folder in ("", "mail", "staticfiles", "cache"):
    (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
