"""Helpers for the subsidy tests: programmes saved through the service, CSV files as operators write them."""

import csv
import io
from datetime import date, timedelta

from django.utils import timezone

from members.models import Subsidy
from members.subsidies import services
from members.subsidies.importer import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def today() -> date:
    return timezone.localdate()


def make_subsidy(**changes) -> Subsidy:
    """A published nationwide programme for every industry, open from 30 days ago to 60 days ahead."""
    values = {"title": f"テスト補助金{Subsidy.objects.count() + 1}", "organiser": "中小企業庁",
              "summary": "設備投資を支援します。", "starts_on": today() - timedelta(days=30),
              "ends_on": today() + timedelta(days=60), "url": "https://example.go.jp/hojo", "amount_text": "上限100万円"}
    values.update(changes)
    return services.subsidy_save(values=services.SubsidyValues(**values))


def csv_row(**cells) -> dict:
    row = {"管理ID": "", "名称": "ものづくり補助金", "実施機関": "中小企業庁", "概要": "設備投資を支援します。",
           "対象地域": "全国", "対象業種": "", "補助額・補助率": "上限1,250万円（補助率1/2）",
           "受付開始日": (today() - timedelta(days=10)).isoformat(),
           "受付終了日": (today() + timedelta(days=20)).isoformat(), "公式URL": "https://portal.monodukuri-hojo.jp/",
           "公開": "公開"}
    row.update(cells)
    return row


def csv_bytes(rows: list[dict], *, encoding: str = "utf-8", headers: list[str] | None = None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=headers or HEADERS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)
