"""Operator command for the outbox: list failed emails, retry them, or give them up. Thin over ops.notifications."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops import notifications
from ops.models import EmailLog


class Command(BaseCommand):
    help = "送信に失敗したメールの一覧・再送・取り消し"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("failed", help="送信に失敗したメールを表示する")
        retry = actions.add_parser("retry", help="送信に失敗したメールを再送する（ID 省略時はすべて）")
        retry.add_argument("ids", nargs="*", type=int, metavar="ID")
        cancel = actions.add_parser("cancel", help="送信に失敗したメールの送信を取り消す")
        cancel.add_argument("ids", nargs="+", type=int, metavar="ID")

    def handle(self, *args, action: str, ids: list[int] | None = None, **options) -> None:
        if action == "failed":
            failed = EmailLog.objects.filter(status=EmailLog.Status.FAILED).order_by("created_at", "id")
            for log in failed:
                created = timezone.localtime(log.created_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"#{log.pk} {created} {log.recipient} {log.subject} ({log.error[:80]})")
            self.stdout.write(f"送信失敗: {failed.count()} 件")
            return
        if ids:
            unknown = set(ids) - set(EmailLog.objects.filter(pk__in=ids, status=EmailLog.Status.FAILED)
                                     .values_list("pk", flat=True))
            if unknown:
                raise CommandError("送信失敗のメールではありません: " + ", ".join(f"#{i}" for i in sorted(unknown)))
        if action == "retry":
            count = notifications.emails_retry(ids=ids or None)
            self.stdout.write(self.style.SUCCESS(f"再送します: {count} 件"))
        else:
            count = notifications.emails_cancel(ids=ids)
            self.stdout.write(self.style.SUCCESS(f"送信を取り消しました: {count} 件"))
