"""The one place that reads the environment: every setting comes through here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state (SQLite database, mail files, broker folders, cache) lives under var/. Loading settings
# creates nothing: the processes that write there make their folders (bigadvance/var_dirs.py).
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
