"""Login and logout: record the session (and apply the FI's session timeout); a sign-in that needs no second
factor is complete at the password (members.twofactor completes the others after the code)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from ..policies import must_use_two_factor
from .sessions import session_forget, session_started, sign_in_completed


@receiver(user_logged_in, dispatch_uid="security-session-started")
def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session_started(request=request, user=user)
    if not must_use_two_factor(user):
        sign_in_completed(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="security-session-ended")
def on_logout(sender, request, user, **kwargs) -> None:
    if request is not None:
        session_forget(request)
