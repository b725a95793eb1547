"""Read the support mailbox now (beat does it every minute), or feed saved emails (.eml) into the intake."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from support.imap import MailboxNotConfigured, mailbox_fetch
from support.services.intake import inbound_mail_process


class Command(BaseCommand):
    help = "サポート窓口のメールを取り込みます（IMAP、または --file でメールファイルを指定）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", action="append", default=[], metavar="PATH",
                            help="取り込むメールファイル（.eml、RFC 5322 形式）。複数指定できます。")
        parser.add_argument("--limit", type=int, default=None, help="IMAP から一度に取り込む最大件数")

    def handle(self, *args, **options) -> None:
        if options["file"]:
            for name in options["file"]:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"メールファイルが見つかりません: {name}")
                result = inbound_mail_process(raw=path.read_bytes())
                record = result.record
                state = record.get_outcome_display() if result.new else "取り込み済み（処理しませんでした）"
                ticket = f" {record.ticket.reference}" if record.ticket_id else ""
                self.stdout.write(f"{path.name}: {state}{ticket}")
            return
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit には1以上の数を指定してください。")
        try:
            summary = mailbox_fetch(limit=options["limit"])
        except MailboxNotConfigured as exc:
            raise CommandError("SUPPORT_IMAP_URL が設定されていません（例: imaps://user:pass@imap.example.jp/INBOX）。"
                               "メールファイルは --file で取り込めます。") from exc
        self.stdout.write(self.style.SUCCESS(
            f"取り込み {summary.processed} 件、取り込み済み {summary.already_done} 件、失敗 {summary.failed} 件"))
