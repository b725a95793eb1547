"""Run every monitoring check once (MON-1), as beat does; exits non-zero when a check fails."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ops.services.monitoring import health_checks_run


class Command(BaseCommand):
    help = ("監視を1回実行して結果を記録し、異常があれば障害を登録・更新する。"
            "異常があれば終了コード1（メンテナンス中で抑止した項目は除く）。")

    def handle(self, *args, **options) -> None:
        results = health_checks_run()
        for result in results:
            state = "OK" if result.ok else ("MUTED" if result.muted else "NG")
            self.stdout.write(f"{result.check_name}\t{state}\t{result.detail}")
        failed = [result.check_name for result in results if not result.ok and not result.muted]
        if failed:
            raise CommandError(_("監視で異常を検知しました: %(checks)s") % {"checks": ", ".join(failed)})
