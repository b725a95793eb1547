"""The service specification's version history as posted documents (DOC-1), for the demo."""

from datetime import datetime
from zoneinfo import ZoneInfo

from .models import ServiceDocument
from .services import document_post

TOKYO = ZoneInfo("Asia/Tokyo")

SPEC_BODY = """本仕様書は、株式会社ココペリが Big Advance サービスを契約金融機関に提供する条件を定めます。

1 はじめに — 本仕様書の適用、用語の定義（平日：土・日曜日・祝日および年末年始（12月29日から1月3日）を除いた日）、関連文書。
2 サービスの内容・範囲 — 金融機関の取引先の課題を様々な機能で解決するWEBプラットフォーム。推奨ブラウザ：Microsoft Edge、Firefox、Google Chrome、Safari の最新版。
4 サービス提供時間と計画停止 — 365日 0:00〜24:00（毎週月曜22:00〜24:00の計画停止を除く）。お問い合わせは管理者からのみ受け付け、応対時間帯は平日10時〜17時。メンテナンスは原則5営業日前までに通知。
5 運用監視サービス — 重要障害・インシデントの区分、障害時運用、監視項目。
6 セキュリティ — パスワードは8文字以上、ユーザ名と同一不可。ユーザIDは一人一ID。
7 監査協力基準。"""

VERSIONS = [
    ("1.0", datetime(2018, 10, 1, 9, 0, tzinfo=TOKYO), "初版"),
    ("2.0", datetime(2019, 6, 11, 9, 0, tzinfo=TOKYO),
     "1-1 内容変更時の取り扱い変更\n1-2 パートナー企業定義削除\n1-3 「Big Advance運営規約」追加\n"
     "2-2 機能一覧削除\n3-2 金融機関側作業削除\n5-6 要員教育削除\n他 他変更"),
]


def seed() -> None:
    for version, posted_at, summary in VERSIONS:
        kind = ServiceDocument.Kind.SERVICE_SPECIFICATION
        if not ServiceDocument.objects.filter(kind=kind, version=version).exists():
            document_post(kind=kind, version=version, body=SPEC_BODY, change_summary=summary,
                          posted_at=posted_at, notify=False)
