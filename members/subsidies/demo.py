"""The demo subsidy catalogue (demo only): demo_subsidies.csv, imported through the same importer operators use.

The file's dates are written as seen on REFERENCE_DATE; the seed moves them by the days since, so on any day
the demo shows programmes open, closing within days (highlighted on the portal home of 株式会社北斗精機 in
新潟県 and of 株式会社あおば物流 in 宮城県), not open yet and closed. Idempotent: rows carry a 管理ID.
"""

import csv
import io
from datetime import date
from pathlib import Path

from django.utils import timezone

from .importer import HEADER_OF, decode, subsidies_import

CATALOGUE = Path(__file__).with_name("demo_subsidies.csv")
REFERENCE_DATE = date(2026, 12, 1)
DATE_COLUMNS = (HEADER_OF["starts_on"], HEADER_OF["ends_on"])


def shifted_catalogue(today: date) -> bytes:
    """The demo file with its dates moved from REFERENCE_DATE to `today`."""
    text, _encoding = decode(CATALOGUE.read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
    writer.writeheader()
    shift = today - REFERENCE_DATE
    for row in reader:
        for column in DATE_COLUMNS:
            if row.get(column):
                row[column] = (date.fromisoformat(row[column]) + shift).isoformat()
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def seed(*, today: date | None = None) -> None:
    report = subsidies_import(data=shifted_catalogue(today or timezone.localdate()))
    if not report.ok:
        problems = report.file_errors + [f"{row.line}: {error}" for row in report.rows for error in row.errors]
        raise RuntimeError("demo subsidy catalogue: " + "; ".join(problems))
