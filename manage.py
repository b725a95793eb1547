#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bigadvance.settings.local")
    from django.core.management import execute_from_command_line

    from bigadvance.var_dirs import ensure_var_dirs

    ensure_var_dirs()  # the SQLite file, mail and cache folders (loading settings creates none)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
