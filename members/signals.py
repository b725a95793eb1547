from axes.signals import user_locked_out
from django.dispatch import receiver


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    from audit.models import SecurityEvent
    from audit.services import security_event_record

    security_event_record(kind=SecurityEvent.Kind.LOCKOUT, login_id=username or "", ip_address=ip_address,
                          detail="AXES lockout after repeated login failures")
