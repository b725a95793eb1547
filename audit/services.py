"""Recording security events and telling the system lead about them in the same step."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.models import Role, User
from ops.notifications import notification_send

from .models import SecurityEvent


def _system_lead_addresses() -> list[str]:
    return list(User.objects.staff().filter(role=Role.SYSTEM_LEAD, is_active=True).values_list("email", flat=True))


@transaction.atomic
def security_event_record(
    *, kind: str, login_id: str, ip_address: str | None = None, detail: str = ""
) -> SecurityEvent:
    user = (User.objects.unscoped("a security event names the account it concerns")
            .filter(username__iexact=login_id).select_related("institution").first())
    event = SecurityEvent.objects.create(
        kind=kind, login_id=login_id[:150], user=user, institution=user.institution if user else None,
        ip_address=ip_address or None, detail=detail,
    )
    notification_send(template="security_event", recipients=_system_lead_addresses(), context={"event": event},
                      category="security", reference=f"security_event:{event.pk}")
    return event


def lockout_record(*, login_id: str, ip_address: str | None = None) -> SecurityEvent | None:
    """Record a lockout once per lock: attempts refused while the lock holds are not new events."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKOUT, login_id__iexact=login_id,
                                    created_at__gte=since).exists():
        return None
    return security_event_record(kind=SecurityEvent.Kind.LOCKOUT, login_id=login_id, ip_address=ip_address,
                                 detail="login ID locked after repeated login failures")
