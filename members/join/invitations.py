"""The first password of a new account: an emailed one-time link (INVITATION_EXPIRY_HOURS), never a password
typed or seen by anyone else. Used for an approved application's first user; the console's "invite a user"
(issue 9) calls the same two functions."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from members.models import User
from members.policies import may_manage_account
from ops.notifications import notification_send

from .tokens import invitation_tokens


def invitation_link(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return settings.SITE_URL + reverse("join:invitation", kwargs={"uidb64": uidb64, "token": token})


def invitation_send(*, user: User) -> None:
    """Email `user` (an account without a password yet) a link to set its first password."""
    if user.has_usable_password():
        raise ValidationError(_("このユーザーは既にパスワードを設定済みです。"), code="password_set")
    notification_send(template="invitation", recipients=[user.email], category="invitation",
                      reference=f"invitation:{user.pk}",
                      context={"user": user, "link": invitation_link(user), "company": user.company,
                               "institution": user.institution, "expiry_hours": settings.INVITATION_EXPIRY_HOURS})


@transaction.atomic
def invitation_resend(*, user: User, actor: User) -> None:
    """A new link for an invited person whose link expired or was lost; every earlier link stops working."""
    if not may_manage_account(actor, user):
        raise PermissionDenied(_("このユーザーを管理する権限がありません。"))
    if user.has_usable_password():
        raise ValidationError(_("このユーザーは既にパスワードを設定済みです。"), code="password_set")
    user.set_unusable_password()  # a new random marker: the hash behind every earlier link changes
    user.save(update_fields=["password"])
    invitation_send(user=user)


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """Set the first password from the link (checked by the view); PWD-1 applies. Works once."""
    if user.has_usable_password():
        raise ValidationError(_("このリンクは既に使われています。"), code="used")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
