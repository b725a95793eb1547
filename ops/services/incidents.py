"""Writes on incidents and their timeline (INC-1..4).

An incident walks forward through the four steps of INC-3 (detected -> confirmed -> recovering ->
recovery confirmed) and is then closed; each step leaves a timeline entry. The system lead owns the record
and every communication: only the lead (or the system itself, actor None) moves steps, raises severity,
publishes entries to institutions and closes. Operators fixing the fault open incidents and add internal
notes.

Emails go after commit, through tasks that are safe to rerun: a critical failure reaches the admins and
designated contacts of affected FIs at once inside notification hours (CAL-2), else at the next business
moment (INC-2); an `incident` reaches no FI. The system lead is told of every new incident at once, the
support desk when work starts (confirmation step).
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import FinancialInstitution, MaintenanceContact, Role, User
from ops.calendar import next_business_moment
from ops.models import EmailLog, Incident, IncidentEntry
from ops.notifications import notification_send

logger = logging.getLogger(__name__)
STEPS: tuple[str, ...] = (
    Incident.Status.DETECTED, Incident.Status.CONFIRMED, Incident.Status.RECOVERING,
    Incident.Status.RECOVERY_CONFIRMED, Incident.Status.CLOSED,
)


def _after_commit(notice: str, incident_id: int) -> None:
    def dispatch() -> None:
        from ops.tasks.incidents import incident_notice_send_task as task

        try:
            task.delay(incident_id, notice)
        except Exception:  # the broker may be the very fault being reported: send from here instead
            logger.exception("incident notice could not be queued incident=%s notice=%s", incident_id, notice)
            incident_notice_send(incident_id=incident_id, notice=notice)

    transaction.on_commit(dispatch)


def _require_lead(actor: User | None) -> None:
    """The system lead communicates (INC-3); actor None is the system itself (commands, monitoring)."""
    if actor is not None and actor.role != Role.SYSTEM_LEAD:
        raise ValidationError(_("この操作はシステム統括のみが行えます。"))


def _require_open(incident: Incident) -> None:
    if incident.status == Incident.Status.CLOSED:
        raise ValidationError(_("クローズ済みの障害は変更できません。"))


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def default_owner() -> User | None:
    return User.objects.staff().filter(role=Role.SYSTEM_LEAD, is_active=True).order_by("id").first()


def _validated_owner(owner: User | None) -> User | None:
    if owner is None:
        return default_owner()
    if owner.role != Role.SYSTEM_LEAD or not owner.is_active:
        raise ValidationError(_("連絡責任者には有効なシステム統括を指定してください。"))
    return owner


def _add_entry(incident: Incident, *, text: str, author: User | None, status: str = "",
               visibility: str = IncidentEntry.Visibility.INTERNAL, at: datetime | None = None) -> IncidentEntry:
    return IncidentEntry.objects.create(incident=incident, author=author, status=status, text=text,
                                        visibility=visibility, created_at=at or timezone.now())


@transaction.atomic
def incident_open(
    *,
    title: str,
    severity: str,
    actor: User | None,
    message: str = "",
    institutions: Iterable[FinancialInstitution] | None = None,
    owner: User | None = None,
    source_check: str = "",
    detected_at: datetime | None = None,
) -> Incident:
    """Record a detected fault. `institutions` None means every FI is (or may be) affected."""
    if not title.strip():
        raise ValidationError(_("件名を入力してください。"))
    if severity not in Incident.Severity.values:
        raise ValidationError(_("重要度は「重要障害」か「インシデント」を指定してください。"))
    institutions = list(institutions) if institutions is not None else None
    if institutions is not None and not institutions:
        raise ValidationError(_("影響する金融機関を1つ以上指定してください。"))
    now = detected_at or timezone.now()
    incident = Incident.objects.create(
        title=title.strip(), severity=severity, public_message=message.strip(),
        affects_all_institutions=institutions is None, owner=_validated_owner(owner),
        source_check=source_check, detected_at=now,
    )
    if institutions:
        incident.affected_institutions.set(institutions)
    _add_entry(incident, text=message.strip() or _("障害を検知しました。"), author=actor,
               status=Incident.Status.DETECTED, at=now)
    _after_commit("detected", incident.pk)
    if severity == Incident.Severity.CRITICAL:
        _after_commit("critical", incident.pk)
    return incident


@transaction.atomic
def incident_add_entry(*, incident: Incident, actor: User | None, text: str, public: bool = False) -> IncidentEntry:
    incident = _locked(incident)
    _require_open(incident)
    if public:
        _require_lead(actor)
    if not text.strip():
        raise ValidationError(_("記録する内容を入力してください。"))
    visibility = IncidentEntry.Visibility.INSTITUTIONS if public else IncidentEntry.Visibility.INTERNAL
    return _add_entry(incident, text=text.strip(), author=actor, visibility=visibility)


@transaction.atomic
def incident_advance(*, incident: Incident, actor: User | None, status: str, note: str = "",
                     public: bool = False) -> Incident:
    """Move to the next INC-3 step, never back and never skipping one: each step is recorded."""
    _require_lead(actor)
    incident = _locked(incident)
    _require_open(incident)
    if status not in STEPS or status == Incident.Status.CLOSED:
        raise ValidationError(_("指定された状態には変更できません。"))
    expected = STEPS[STEPS.index(incident.status) + 1]
    if status != expected:
        raise ValidationError(_("状態は「%(current)s」から「%(expected)s」へ順に進めてください。") % {
            "current": incident.get_status_display(), "expected": Incident.Status(expected).label})
    incident.status = status
    incident.save(update_fields=["status"])
    visibility = IncidentEntry.Visibility.INSTITUTIONS if public else IncidentEntry.Visibility.INTERNAL
    label = Incident.Status(status).label
    _add_entry(incident, text=note.strip() or _("状態を「%(status)s」にしました。") % {"status": label},
               author=actor, status=status, visibility=visibility)
    if status == Incident.Status.CONFIRMED:
        _after_commit("confirmed", incident.pk)
    elif status == Incident.Status.RECOVERY_CONFIRMED and incident.severity == Incident.Severity.CRITICAL:
        _after_commit("recovered", incident.pk)
    return incident


@transaction.atomic
def incident_raise_severity(*, incident: Incident, actor: User | None, note: str = "") -> Incident:
    """Make an incident a critical failure: the affected FIs are then told (INC-2), same timing rule."""
    _require_lead(actor)
    incident = _locked(incident)
    _require_open(incident)
    if incident.severity == Incident.Severity.CRITICAL:
        raise ValidationError(_("この障害は既に重要障害です。"))
    incident.severity = Incident.Severity.CRITICAL
    incident.save(update_fields=["severity"])
    _add_entry(incident, text=note.strip() or _("重要度を「重要障害」に引き上げました。"), author=actor,
               status=incident.status)
    _after_commit("critical", incident.pk)
    if incident.status == Incident.Status.RECOVERY_CONFIRMED:
        _after_commit("recovered", incident.pk)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, actor: User | None, note: str) -> Incident:
    _require_lead(actor)
    incident = _locked(incident)
    _require_open(incident)
    if incident.status != Incident.Status.RECOVERY_CONFIRMED:
        raise ValidationError(_("復旧確認を済ませてからクローズしてください。"))
    if not note.strip():
        raise ValidationError(_("クローズの理由・結果を入力してください。"))
    now = timezone.now()
    incident.status, incident.closed_at = Incident.Status.CLOSED, now
    incident.save(update_fields=["status", "closed_at"])
    _add_entry(incident, text=note.strip(), author=actor, status=Incident.Status.CLOSED, at=now)
    return incident


@transaction.atomic
def incident_record_check_result(*, check_name: str, check_label: str, ok: bool, detail: str,
                                 previous_ok: bool | None) -> Incident | None:
    """Monitoring's part: a failing check opens (or re-alerts) its incident, a recovered one notes it."""
    incident = Incident.objects.select_for_update().filter(source_check=check_name).exclude(
        status=Incident.Status.CLOSED).order_by("-detected_at").first()
    if not ok and incident is None:
        return incident_open(
            title=_("監視で異常を検知: %(check)s") % {"check": check_label}, severity=Incident.Severity.INCIDENT,
            actor=None, message=_("監視項目「%(check)s」が異常です（%(detail)s）。") % {
                "check": check_label, "detail": detail}, source_check=check_name)
    if incident is None or ok == previous_ok:
        return incident
    if ok:
        text = _("監視項目「%(check)s」が正常に戻りました（%(detail)s）。")
    else:
        text = _("監視項目「%(check)s」が再び異常です（%(detail)s）。")
    _add_entry(incident, text=text % {"check": check_label, "detail": detail}, author=None)
    return incident


# --- Notices. Each runs after commit in a task; rerunning one never mails twice. ---------------------------

NOTICE_TEMPLATES = {"detected": "incident_detected", "confirmed": "incident_confirmed",
                    "critical": "incident_critical", "recovered": "incident_recovered"}


def _institution_recipients(incident: Incident) -> list[str]:
    institutions = FinancialInstitution.objects.filter(status=FinancialInstitution.Status.ACTIVE)
    if not incident.affects_all_institutions:
        institutions = institutions.filter(pk__in=incident.affected_institutions.values("pk"))
    admins = User.objects.unscoped("incident notices go to affected FIs").filter(
        role=Role.FI_ADMIN, is_active=True, institution__in=institutions)
    contacts = MaintenanceContact.objects.unscoped("incident notices go to affected FIs").filter(
        institution__in=institutions)
    return [*admins.values_list("email", flat=True), *contacts.values_list("email", flat=True)]


def _staff_recipients(notice: str, incident: Incident) -> list[str]:
    if notice == "confirmed":
        return list(User.objects.staff().filter(role=Role.SUPPORT, is_active=True).values_list("email", flat=True))
    if incident.owner_id and incident.owner.is_active:
        return [incident.owner.email]
    return list(User.objects.staff().filter(role=Role.SYSTEM_LEAD, is_active=True).values_list("email", flat=True))


def notice_reference(incident_id: int, notice: str) -> str:
    return f"incident:{incident_id}:{notice}"


@transaction.atomic
def incident_notice_send(*, incident_id: int, notice: str) -> int:
    """Send one notice of one incident if it was never sent; returns how many emails were sent or held."""
    if notice not in NOTICE_TEMPLATES:
        raise ValueError(f"unknown incident notice {notice!r}")
    incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
    reference = notice_reference(incident_id, notice)
    if incident is None or EmailLog.objects.filter(reference=reference).exists():
        return 0
    to_institutions = notice in ("critical", "recovered")
    if to_institutions and (incident.severity != Incident.Severity.CRITICAL
                            or (notice == "critical" and incident.fi_notice_due_at is not None)):
        return 0
    now = timezone.now()
    not_before = next_business_moment(now) if to_institutions else None
    recipients = _institution_recipients(incident) if to_institutions else _staff_recipients(notice, incident)
    entries = incident.entries.filter(visibility=IncidentEntry.Visibility.INSTITUTIONS)
    logs = notification_send(template=NOTICE_TEMPLATES[notice], recipients=recipients, category="incident",
                             reference=reference, not_before=not_before,
                             context={"incident": incident, "public_entries": entries, "notify_at": not_before})
    if notice == "critical":
        incident.fi_notice_due_at = not_before
        incident.fi_notified_at = now if not_before <= now else None
        incident.save(update_fields=["fi_notice_due_at", "fi_notified_at"])
    return len(logs)


def incident_notices_mark_sent(*, now: datetime | None = None) -> int:
    """Record when held FI notices actually went (they are sent by `notifications_send_due`)."""
    now = now or timezone.now()
    marked = 0
    waiting = Incident.objects.filter(fi_notified_at__isnull=True, fi_notice_due_at__lte=now)
    for incident in waiting:
        logs = EmailLog.objects.filter(reference=notice_reference(incident.pk, "critical"))
        if logs.filter(status=EmailLog.Status.PENDING).exists():
            continue
        sent_at = logs.aggregate(last=Max("sent_at"))["last"] or incident.fi_notice_due_at
        marked += Incident.objects.filter(pk=incident.pk, fi_notified_at__isnull=True).update(fi_notified_at=sent_at)
    return marked
