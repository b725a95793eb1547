"""Operator command for incidents (INC-1..4): thin over ops.services.incidents.

It acts as the staff member named by `--by LOGIN_ID`, or as the system itself without it. The system, like an
operator, opens incidents and walks the working steps; what only the system lead may do (release to the
banks, confirm recovery, raise, close) needs `--by` naming an active system lead. Whoever can run commands
is trusted to name themselves, as in the Django admin.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from bigadvance.tokyo import format_tokyo
from members.models import FinancialInstitution, User
from ops.models import Incident
from ops.services import incidents as services

STEP_CHOICES = [Incident.Status.CONFIRMED, Incident.Status.RECOVERING, Incident.Status.RECOVERY_CONFIRMED]
BY_HELP = "操作する運用担当者・システム統括のログインID（省略時はシステムとして操作）"
LEAD_HELP = "操作するシステム統括のログインID"


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
        opening.add_argument("--by", default="", metavar="LOGIN_ID", help=BY_HELP)
        update = actions.add_parser("update", help="障害を次の対応段階へ進める（復旧確認はシステム統括）")
        update.add_argument("incident_id", type=int, metavar="ID")
        update.add_argument("--status", required=True, choices=STEP_CHOICES)
        update.add_argument("--note", default="")
        update.add_argument("--public", action="store_true",
                            help="記録を影響する金融機関にも公開する（システム統括以外は公開まで保留）")
        update.add_argument("--by", default="", metavar="LOGIN_ID", help=BY_HELP)
        raising = actions.add_parser("raise", help="重要障害に引き上げる（公開済みなら金融機関へメール通知）")
        raising.add_argument("incident_id", type=int, metavar="ID")
        raising.add_argument("--note", default="")
        raising.add_argument("--by", required=True, metavar="LOGIN_ID", help=LEAD_HELP)
        release = actions.add_parser("release", help="障害を金融機関へ公開する（公開待ちの記録もすべて公開）")
        release.add_argument("incident_id", type=int, metavar="ID")
        release.add_argument("--by", required=True, metavar="LOGIN_ID", help=LEAD_HELP)
        closing = actions.add_parser("close", help="復旧確認後の障害をクローズする")
        closing.add_argument("incident_id", type=int, metavar="ID")
        closing.add_argument("--note", required=True)
        closing.add_argument("--by", required=True, metavar="LOGIN_ID", help=LEAD_HELP)
        actions.add_parser("list", help="対応中と30日以内にクローズした障害を表示する")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _actor(self, login_id: str) -> User | None:
        if not login_id:
            return None
        user = User.objects.staff().filter(username__iexact=login_id.strip(), is_active=True).first()
        if user is None:
            raise CommandError(_("有効な運用担当者・システム統括のログインIDを指定してください: %(login_id)s") % {
                "login_id": login_id})
        return user

    def _incident(self, incident_id: int) -> Incident:
        incident = Incident.objects.filter(pk=incident_id).first()
        if incident is None:
            raise CommandError(_("障害 %(id)s は見つかりません。") % {"id": incident_id})
        return incident

    def _open(self, *, title: str, severity: str, institutions: str, message: str, by: str, **_options) -> None:
        codes = [code.strip() for code in institutions.split(",") if code.strip()]
        found = list(FinancialInstitution.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {fi.code for fi in found})
        if missing:
            raise CommandError(_("金融機関コードが見つかりません: %(codes)s") % {"codes": ", ".join(missing)})
        incident = services.incident_open(title=title, severity=severity, message=message, actor=self._actor(by),
                                          institutions=found or None)
        released = "released" if incident.is_released else "held until the system lead releases it"
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} opened ({incident.severity}, {released})"))

    def _update(self, *, incident_id: int, status: str, note: str, public: bool, by: str, **_options) -> None:
        incident = services.incident_advance(incident=self._incident(incident_id), actor=self._actor(by),
                                             status=status, note=note, public=public)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} is now {incident.status}"))

    def _raise(self, *, incident_id: int, note: str, by: str, **_options) -> None:
        incident = services.incident_raise_severity(incident=self._incident(incident_id), actor=self._actor(by),
                                                    note=note)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} raised to {incident.severity}"))

    def _release(self, *, incident_id: int, by: str, **_options) -> None:
        incident = services.incident_release(incident=self._incident(incident_id), actor=self._actor(by))
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} released to the institutions"))

    def _close(self, *, incident_id: int, note: str, by: str, **_options) -> None:
        incident = services.incident_close(incident=self._incident(incident_id), actor=self._actor(by), note=note)
        self.stdout.write(self.style.SUCCESS(f"incident {incident.pk} closed"))

    def _list(self, **_options) -> None:
        since = timezone.now() - timedelta(days=30)
        incidents = Incident.objects.exclude(status=Incident.Status.CLOSED, closed_at__lt=since)
        for incident in incidents:
            released = "released" if incident.is_released else "held"
            self.stdout.write(f"{incident.pk}\t{format_tokyo(incident.detected_at)}\t{incident.severity}\t"
                              f"{incident.status}\t{released}\t{incident.title}")
