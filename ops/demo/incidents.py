"""Demo incident: one critical failure walked through all four steps and closed (idempotent)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ops.calendar import TOKYO, add_business_days
from ops.models import Incident, IncidentEntry
from ops.services.incidents import default_owner

DEMO_TITLE = "サービスにログインできない障害（データベース容量逼迫）"
PUBLIC = IncidentEntry.Visibility.INSTITUTIONS
INTERNAL = IncidentEntry.Visibility.INTERNAL

# (minutes after detection, step, visibility, text)
TIMELINE = [
    (0, Incident.Status.DETECTED, INTERNAL,
     "監視（データベース）で接続エラーを検知。画面表示が遅延。一次対応としてアプリケーションサーバーを再起動したが"
     "改善せず、システム統括へエスカレーション。"),
    (8, Incident.Status.CONFIRMED, PUBLIC,
     "全金融機関でログインおよび画面表示ができない状態を確認しました。復旧作業を開始しています。"),
    (23, Incident.Status.RECOVERING, INTERNAL,
     "原因はデータベースのストレージ容量逼迫と判明。不要な一時ファイルを削除し、ストレージを拡張中。"),
    (58, "", PUBLIC, "原因を特定し、復旧作業を進めています。12時頃の復旧を見込んでいます。"),
    (88, Incident.Status.RECOVERY_CONFIRMED, PUBLIC,
     "12時05分にサービスが復旧しました。ログと稼働状況を確認し、ログイン・画面表示が正常に行えることを確認しました。"
     "ご迷惑をおかけし申し訳ございませんでした。"),
    (60 * 24, Incident.Status.CLOSED, INTERNAL,
     "再発防止としてディスク空き容量の監視閾値を見直し、容量の増設計画を登録。クローズ。"),
]


@transaction.atomic
def seed() -> None:
    if Incident.objects.filter(title=DEMO_TITLE).exists():
        return
    day = add_business_days(timezone.localdate(), -10)
    detected_at = datetime(day.year, day.month, day.day, 10, 42, tzinfo=TOKYO)
    owner = default_owner()
    incident = Incident.objects.create(
        title=DEMO_TITLE, severity=Incident.Severity.CRITICAL, status=Incident.Status.CLOSED,
        public_message="Big Advance にログインできない、または画面が表示されない状態が発生しました。",
        affects_all_institutions=True, owner=owner, detected_at=detected_at,
        closed_at=detected_at + timedelta(minutes=TIMELINE[-1][0]),
        fi_notice_due_at=detected_at + timedelta(minutes=8), fi_notified_at=detected_at + timedelta(minutes=8),
        released_at=detected_at + timedelta(minutes=8), released_by=owner,
    )
    for minutes, step, visibility, text in TIMELINE:
        IncidentEntry.objects.create(incident=incident, author=owner, status=step, visibility=visibility, text=text,
                                     created_at=detected_at + timedelta(minutes=minutes))
