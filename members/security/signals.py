"""Login and logout: record the session (and apply the FI's session rules); a sign-in that needs no second
factor is complete at the password, so its failed attempts are cleared now (members.twofactor clears them
after the code otherwise)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from ..policies import must_use_two_factor
from .lockouts import failures_clear
from .sessions import session_forget, session_started


@receiver(user_logged_in, dispatch_uid="security-session-started")
def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session_started(request=request, user=user)
    if not must_use_two_factor(user):
        failures_clear(user)


@receiver(user_logged_out, dispatch_uid="security-session-ended")
def on_logout(sender, request, user, **kwargs) -> None:
    if request is not None:
        session_forget(request)
