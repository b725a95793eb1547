"""The links emailed during joining: the applicant's email verification and the invited user's password link."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

VERIFICATION_SALT = "members.join.verification"


def verification_token(application_id: int) -> str:
    return signing.dumps({"application": application_id}, salt=VERIFICATION_SALT, compress=True)


def verification_max_age() -> timedelta:
    return timedelta(hours=settings.JOIN_VERIFICATION_EXPIRY_HOURS)


def application_id_from_token(token: str) -> int | None:
    """The application a verification link names, or None when it was altered or has expired."""
    try:
        payload = signing.loads(token, salt=VERIFICATION_SALT, max_age=verification_max_age())
    except signing.BadSignature:  # SignatureExpired is one
        return None
    application_id = payload.get("application") if isinstance(payload, dict) else None
    return application_id if isinstance(application_id, int) else None


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt and lifetime (INVITATION_EXPIRY_HOURS).

    The hash covers the stored password, so the link works once: setting the first password (or a new
    invitation, which draws a new unusable password) makes every earlier link invalid. It only ever opens
    the door to a first password: an account that has one is refused.
    """

    key_salt = "members.join.InvitationTokenGenerator"

    def _now(self) -> datetime:
        """UTC, not the process's local time: the link's age does not depend on the server's time zone."""
        return timezone.now().replace(tzinfo=None)

    def check_token(self, user, token) -> bool:
        if not (user and token) or user.has_usable_password():
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.INVITATION_EXPIRY_HOURS * 3600


invitation_tokens = InvitationTokenGenerator()
