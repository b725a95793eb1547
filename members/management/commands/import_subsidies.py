"""Operator command: import the subsidy catalogue from a CSV file (all rows or none). Thin over the importer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.subsidies.importer import ACTION_LABELS, COLUMNS, Action, subsidies_import


class Command(BaseCommand):
    help = ("補助金・助成金の一覧を CSV（UTF-8 または Shift_JIS、1行目は列名）から取り込みます。"
            "1行でも誤りがあれば何も取り込みません。列: "
            + " / ".join(f"{column.header}{'（必須）' if column.required else ''}: {column.help}" for column in COLUMNS))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV ファイルのパス")
        parser.add_argument("--dry-run", action="store_true", help="確認だけして、何も書き込まない")

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイルを開けません: {file}（{exc.strerror}）") from exc
        report = subsidies_import(data=data, dry_run=dry_run)
        if report.encoding:
            self.stdout.write(f"文字コード: {report.encoding}")
        for row in report.rows:
            label = ACTION_LABELS[row.action]
            if row.action == Action.ERROR:
                for message in row.errors:
                    self.stdout.write(self.style.ERROR(f"{row.line}行目 {label}: {message}"))
            else:
                self.stdout.write(f"{row.line}行目 OK（{label}）: {row.title}")
        for message in report.file_errors:
            self.stdout.write(self.style.ERROR(f"エラー: {message}"))
        counts = "、".join(f"{ACTION_LABELS[action]} {report.count(action)} 件"
                           for action in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.ERROR))
        if not report.ok:
            raise CommandError(f"誤りがあるため、何も取り込んでいません（{counts}）。直してからもう一度実行してください。")
        if dry_run:
            self.stdout.write(self.style.WARNING(f"確認のみ（--dry-run）: 何も書き込んでいません（{counts}）。"))
        else:
            self.stdout.write(self.style.SUCCESS(f"取り込みました（{counts}）。"))
