from axes.signals import user_locked_out
from django.dispatch import receiver


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    from audit.services import lockout_record

    lockout_record(login_id=username or "", ip_address=ip_address)
