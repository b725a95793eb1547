"""Operator command for maintenance windows: schedule, start, end, list, generate-weekly. Thin over services."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bigadvance.tokyo import parse_tokyo
from ops.features import FEATURES
from ops.models import MaintenanceWindow
from ops.selectors.maintenance import window_list
from ops.services import maintenance as services

TIME_FORMAT = "%Y-%m-%d %H:%M"


def tokyo_time(text: str) -> datetime:
    try:
        return parse_tokyo(text, TIME_FORMAT)
    except ValueError as exc:
        raise CommandError(f"日時は「YYYY-MM-DD HH:MM」（日本時間）で指定してください: {text}") from exc


class Command(BaseCommand):
    help = "メンテナンスの登録・開始・終了・一覧・定期メンテナンスの生成（時刻は日本時間）。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        schedule = actions.add_parser("schedule", help="リリース作業・臨時メンテナンスを登録し告知する")
        schedule.add_argument("--kind", required=True, choices=[MaintenanceWindow.Kind.ADHOC,
                                                                 MaintenanceWindow.Kind.RELEASE])
        schedule.add_argument("--start", required=True, help="開始日時 YYYY-MM-DD HH:MM")
        schedule.add_argument("--end", required=True, help="終了予定日時 YYYY-MM-DD HH:MM")
        schedule.add_argument("--message", required=True, help="お知らせ文")
        schedule.add_argument("--features", default="",
                              help="一部機能だけを止める場合、カンマ区切りの機能コード（" + ", ".join(FEATURES) + "）")
        schedule.add_argument("--emergency", action="store_true", help="5営業日前の告知ができない緊急の作業")
        schedule.add_argument("--reason", default="", help="緊急の理由")
        start = actions.add_parser("start", help="今すぐサービスを停止する（緊急の臨時メンテナンス）")
        start.add_argument("--minutes", type=int, required=True, help="停止する分数")
        start.add_argument("--reason", required=True, help="緊急の理由")
        start.add_argument("--message", default="", help="お知らせ文")
        actions.add_parser("end", help="実施中のメンテナンスを今すぐ終了する")
        actions.add_parser("list", help="予定・実施中・最近のメンテナンスを表示する")
        actions.add_parser("generate-weekly", help="今後の定期メンテナンス枠を作成する")

    def handle(self, *args, action: str, **options) -> None:
        handler = getattr(self, "handle_" + action.replace("-", "_"))
        try:
            handler(**options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

    def handle_schedule(self, *, kind, start, end, message, features, emergency, reason, **_) -> None:
        window = services.maintenance_schedule(
            kind=kind, starts_at=tokyo_time(start), ends_at=tokyo_time(end), message=message,
            features=features.split(","), is_emergency=emergency, emergency_reason=reason,
        )
        self.stdout.write(self.style.SUCCESS(f"登録しました: #{window.pk} {self._describe(window)}"))

    def handle_start(self, *, minutes, reason, message, **_) -> None:
        window = services.maintenance_start_now(minutes=minutes, reason=reason, message=message)
        self.stdout.write(self.style.WARNING(f"サービスを停止しました: #{window.pk} {self._describe(window)}"))

    def handle_end(self, **_) -> None:
        ended = services.maintenance_end_active()
        if not ended:
            raise CommandError("実施中のメンテナンスはありません。")
        for window in ended:
            self.stdout.write(self.style.SUCCESS(f"終了しました: #{window.pk} {self._describe(window)}"))

    def handle_list(self, **_) -> None:
        windows = list(window_list())
        if not windows:
            self.stdout.write("メンテナンスの予定はありません。")
        for window in windows:
            self.stdout.write(f"#{window.pk} {self._describe(window)}")

    def handle_generate_weekly(self, **_) -> None:
        created = services.maintenance_weekly_generate()
        self.stdout.write(self.style.SUCCESS(f"定期メンテナンス枠を{len(created)}件作成しました。"))

    @staticmethod
    def _describe(window: MaintenanceWindow) -> str:
        starts, ends = timezone.localtime(window.starts_at), timezone.localtime(window.ends_at)
        stop = "停止あり" if window.stops_service else "停止なし"
        return (f"{starts:{TIME_FORMAT}}〜{ends:{TIME_FORMAT}} {window.get_kind_display()} "
                f"[{window.get_status_display()}] {stop} {window.message[:40]}")
