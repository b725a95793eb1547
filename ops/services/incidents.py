"""Writes on incidents and their timeline (INC-1..4).

An incident walks forward through the four steps of INC-3 (detected -> confirmed -> recovering ->
recovery confirmed) and is then closed; each step leaves a timeline entry.

Who does what (INC-3: the operators fixing a fault are not the ones who communicate):
- operators (and the system itself, actor None: monitoring, commands) open incidents of either severity,
  record notes and walk the working steps (confirmed, recovering). A note they want shown to FIs is held.
- only the system lead releases an incident to the banks (`incident_release`), confirms recovery (the step
  that tells stakeholders), raises severity and closes. An incident the lead opens is released at once.
- nothing reaches the banks before release: no email to FIs, no status page entry, no banner, no public
  entry. A critical failure's FI email goes on release if it was not sent yet.

A notice's emails are written to the outbox in the same transaction as the change (a broker outage loses
none) and leave after commit; sending a notice twice writes nothing. A critical failure reaches the admins and
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
from ops.signals import incident_step_reached

logger = logging.getLogger(__name__)
STEPS: tuple[str, ...] = (
    Incident.Status.DETECTED, Incident.Status.CONFIRMED, Incident.Status.RECOVERING,
    Incident.Status.RECOVERY_CONFIRMED, Incident.Status.CLOSED,
)
LEAD_STEPS: tuple[str, ...] = (Incident.Status.RECOVERY_CONFIRMED,)


def _after_commit(notice: str, incident_id: int) -> None:
    """Write the notice's emails now; they leave after commit, or with beat's sweep if the broker is down."""
    incident_notice_send(incident_id=incident_id, notice=notice)


def is_lead(actor: User | None) -> bool:
    """The system lead communicates (INC-3). Actor None is the system itself (monitoring, commands): not the lead."""
    return actor is not None and actor.role == Role.SYSTEM_LEAD and actor.is_active


def _require_lead(actor: User | None) -> None:
    if not is_lead(actor):
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


def _visibility(actor: User | None, public: bool) -> str:
    """A note meant for FIs is shown when the lead writes it, held for the lead's release otherwise."""
    if not public:
        return IncidentEntry.Visibility.INTERNAL
    return IncidentEntry.Visibility.INSTITUTIONS if is_lead(actor) else IncidentEntry.Visibility.HELD


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
    """Record a detected fault. `institutions` None means every FI is (or may be) affected.

    Opened by the system lead, it is released to the banks at once; opened by anyone else, it is held.
    """
    if not title.strip():
        raise ValidationError(_("件名を入力してください。"))
    if severity not in Incident.Severity.values:
        raise ValidationError(_("重要度は「重要障害」か「インシデント」を指定してください。"))
    institutions = list(institutions) if institutions is not None else None
    if institutions is not None and not institutions:
        raise ValidationError(_("影響する金融機関を1つ以上指定してください。"))
    now = detected_at or timezone.now()
    opened_by_lead = is_lead(actor)
    incident = Incident.objects.create(
        title=title.strip(), severity=severity, public_message=message.strip(),
        affects_all_institutions=institutions is None, owner=_validated_owner(owner),
        source_check=source_check, detected_at=now,
        released_at=timezone.now() if opened_by_lead else None, released_by=actor if opened_by_lead else None,
    )
    if institutions:
        incident.affected_institutions.set(institutions)
    _add_entry(incident, text=message.strip() or _("障害を検知しました。"), author=actor,
               status=Incident.Status.DETECTED, at=now)
    _after_commit("detected", incident.pk)
    if incident.is_released:
        _notify_institutions_if_critical(incident)
    return incident


@transaction.atomic
def incident_add_entry(*, incident: Incident, actor: User | None, text: str, public: bool = False) -> IncidentEntry:
    """A timeline note. `public` asks to show it to the affected FIs: at once from the lead, else on release."""
    incident = _locked(incident)
    _require_open(incident)
    if not text.strip():
        raise ValidationError(_("記録する内容を入力してください。"))
    return _add_entry(incident, text=text.strip(), author=actor, visibility=_visibility(actor, public))


@transaction.atomic
def incident_advance(*, incident: Incident, actor: User | None, status: str, note: str = "",
                     public: bool = False) -> Incident:
    """Move to the next INC-3 step, never back and never skipping one: each step is recorded.

    Anyone working the incident walks the working steps; recovery confirmation tells the stakeholders, so it
    is the lead's.
    """
    if status in LEAD_STEPS:
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
    label = Incident.Status(status).label
    _add_entry(incident, text=note.strip() or _("状態を「%(status)s」にしました。") % {"status": label},
               author=actor, status=status, visibility=_visibility(actor, public))
    incident_step_reached.send(sender=Incident, incident=incident, status=status, actor=actor)
    if status == Incident.Status.CONFIRMED:
        _after_commit("confirmed", incident.pk)
    elif status == Incident.Status.RECOVERY_CONFIRMED and incident.is_released \
            and incident.severity == Incident.Severity.CRITICAL:
        _after_commit("recovered", incident.pk)
    return incident


@transaction.atomic
def incident_raise_severity(*, incident: Incident, actor: User | None, note: str = "") -> Incident:
    """Make an incident a critical failure: the affected FIs are told (INC-2, same timing rule) once released."""
    _require_lead(actor)
    incident = _locked(incident)
    _require_open(incident)
    if incident.severity == Incident.Severity.CRITICAL:
        raise ValidationError(_("この障害は既に重要障害です。"))
    incident.severity = Incident.Severity.CRITICAL
    incident.save(update_fields=["severity"])
    _add_entry(incident, text=note.strip() or _("重要度を「重要障害」に引き上げました。"), author=actor,
               status=incident.status)
    if incident.is_released:
        _notify_institutions_if_critical(incident)
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
def incident_release(*, incident: Incident, actor: User | None,
                     entries: Iterable[IncidentEntry] | None = None) -> Incident:
    """The system lead hands the incident to the banks (INC-3): from now on the affected FIs see it.

    The held notes listed in `entries` (all of them when None) are shown to FIs, the others stay internal.
    A critical failure's FI email goes now (same timing rule, INC-2), and its recovery notice too when
    recovery is already confirmed. Releasing again publishes notes held since.
    """
    _require_lead(actor)
    incident = _locked(incident)
    _require_open(incident)
    held = list(incident.entries.filter(visibility=IncidentEntry.Visibility.HELD))
    chosen = {entry.pk for entry in held} if entries is None else {entry.pk for entry in entries}
    if not chosen <= {entry.pk for entry in held}:
        raise ValidationError(_("公開待ちではない記録が指定されています。"))
    if incident.is_released and not held:
        raise ValidationError(_("この障害は既に金融機関へ公開済みで、公開待ちの記録もありません。"))
    for entry in held:  # one save each, so the audit trail records every decision
        shown = entry.pk in chosen
        entry.visibility = IncidentEntry.Visibility.INSTITUTIONS if shown else IncidentEntry.Visibility.INTERNAL
        entry.save(update_fields=["visibility"])
    if incident.is_released:
        text = _("公開待ちの記録 %(count)s 件を金融機関へ公開しました。") % {"count": len(chosen)}
    else:
        incident.released_at, incident.released_by = timezone.now(), actor
        incident.owner = incident.owner or actor
        incident.save(update_fields=["released_at", "released_by", "owner"])
        text = _("金融機関へ公開しました。")
        _notify_institutions_if_critical(incident)
    _add_entry(incident, text=text, author=actor)
    return incident


def _notify_institutions_if_critical(incident: Incident) -> None:
    if incident.severity == Incident.Severity.CRITICAL:
        _after_commit("critical", incident.pk)
        if incident.status == Incident.Status.RECOVERY_CONFIRMED:
            _after_commit("recovered", incident.pk)


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
    if to_institutions and not incident.is_released:  # the lead has not handed it to the banks (INC-3)
        return 0
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
    if notice == "critical":  # notified once delivered: incident_notices_mark_sent
        incident.fi_notice_due_at = not_before
        incident.save(update_fields=["fi_notice_due_at"])
    return len(logs)


def incident_notices_mark_sent(*, now: datetime | None = None) -> int:
    """Record when the FI notice of a critical failure was delivered to every recipient (after each delivery)."""
    now = now or timezone.now()
    marked = 0
    waiting = Incident.objects.filter(fi_notified_at__isnull=True, fi_notice_due_at__lte=now)
    for incident in waiting:
        logs = EmailLog.objects.filter(reference=notice_reference(incident.pk, "critical"))
        if logs.exclude(status=EmailLog.Status.SENT).exists():
            continue
        sent_at = logs.aggregate(last=Max("sent_at"))["last"] or incident.fi_notice_due_at
        marked += Incident.objects.filter(pk=incident.pk, fi_notified_at__isnull=True).update(fi_notified_at=sent_at)
    return marked
