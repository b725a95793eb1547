"""A removed authenticator app (Django admin, a new enrolment) ends its owner's sessions: a session verified
with it is trusted by the session alone (members.twofactor.middleware), so it must not outlive the device."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

_kept_session: ContextVar[str | None] = ContextVar("twofactor_kept_session", default=None)


@contextmanager
def keeping_session(session_key: str | None) -> Iterator[None]:
    """Devices removed inside end every session of their owner but this one (the person replacing them)."""
    token = _kept_session.set(session_key)
    try:
        yield
    finally:
        _kept_session.reset(token)


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="twofactor-totp-removed")
@receiver(post_delete, sender=StaticDevice, dispatch_uid="twofactor-static-removed")
def device_removed(sender, instance, **kwargs) -> None:
    from ..models import User
    from ..security.sessions import sessions_end

    if not instance.confirmed:
        return
    user = User.objects.unscoped("a removed device's owner").filter(pk=instance.user_id).first()
    if user is not None:
        sessions_end(user=user, keep_session_key=_kept_session.get())
