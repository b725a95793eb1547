"""Operator command for incidents (INC-1..4): thin over ops.services.incidents; acts as the system itself."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import FinancialInstitution
from ops.models import Incident
from ops.services import incidents as services

STEP_CHOICES = [Incident.Status.CONFIRMED, Incident.Status.RECOVERING, Incident.Status.RECOVERY_CONFIRMED]


class Command(BaseCommand):
    help = "障害（重要障害・インシデント）を登録・更新・引き上げ・クローズ・一覧表示する"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        opening = actions.add_parser("open", help="検知した障害を登録する")
        opening.add_argument("--title", required=True)
        opening.add_argument("--severity", required=True, choices=Incident.Severity.values)
        opening.add_argument("--institutions", default="",
                             help="影響する金融機関コード（カンマ区切り、例: 0901,1901）。省略時は全金融機関")
        opening.add_argument("--message", default="", help="金融機関向けの説明")
        update = actions.add_parser("update", help="障害を次の対応段階へ進める")
        update.add_argument("incident_id", type=int, metavar="ID")
        update.add_argument("--status", required=True, choices=STEP_CHOICES)
        update.add_argument("--note", default="")
        update.add_argument("--public", action="store_true", help="記録を影響する金融機関にも公開する")
        raising = actions.add_parser("raise", help="重要障害に引き上げる（金融機関へメール通知）")
        raising.add_argument("incident_id", type=int, metavar="ID")
        raising.add_argument("--note", default="")
        closing = actions.add_parser("close", help="復旧確認後の障害をクローズする")
        closing.add_argument("incident_id", type=int, metavar="ID")
        closing.add_argument("--note", required=True)
        actions.add_parser("list", help="対応中と30日以内にクローズした障害を表示する")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _incident(self, incident_id: int) -> Incident:
        incident = Incident.objects.filter(pk=incident_id).first()
        if incident is None:
            raise CommandError(_("障害 %(id)s は見つかりません。") % {"id": incident_id})
        return incident

    def _open(self, *, title: str, severity: str, institutions: str, message: str, **_options) -> None:
        codes = [code.strip() for code in institutions.split(",") if code.strip()]
        found = list(FinancialInstitution.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {fi.code for fi in found})
        if missing:
            raise CommandError(_("金融機関コードが見つかりません: %(codes)s") % {"codes": ", ".join(missing)})
        incident = services.incident_open(title=title, severity=severity, message=message, actor=None,
                                          institutions=found or None)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} opened ({incident.severity})"))

    def _update(self, *, incident_id: int, status: str, note: str, public: bool, **_options) -> None:
        incident = services.incident_advance(incident=self._incident(incident_id), actor=None, status=status, note=note,
                                             public=public)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} is now {incident.status}"))

    def _raise(self, *, incident_id: int, note: str, **_options) -> None:
        incident = services.incident_raise_severity(incident=self._incident(incident_id), actor=None, note=note)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} raised to {incident.severity}"))

    def _close(self, *, incident_id: int, note: str, **_options) -> None:
        incident = services.incident_close(incident=self._incident(incident_id), actor=None, note=note)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} closed"))

    def _list(self, **_options) -> None:
        since = timezone.now() - timedelta(days=30)
        incidents = Incident.objects.exclude(status=Incident.Status.CLOSED, closed_at__lt=since)
        for incident in incidents:
            detected = timezone.localtime(incident.detected_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{incident.pk}\t{detected}\t{incident.severity}\t{incident.status}\t{incident.title}")
