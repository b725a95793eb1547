from axes.signals import user_locked_out
from django.contrib.auth.hashers import get_hasher, identify_hasher, is_password_usable
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import STAFF_ROLES, User


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    from audit.services import lockout_record

    lockout_record(login_id=username or "", ip_address=ip_address)


def _is_hash_upgrade(stored: str, user: User) -> bool:
    """Django rehashing the same password at login (new algorithm or work factor) is not a change."""
    if user._password is not None:  # set_password() was called: a new password
        return False
    try:
        hasher = identify_hasher(stored)
    except ValueError:
        return False
    return hasher.algorithm != get_hasher().algorithm or hasher.must_update(stored)


def _has_password(encoded: str | None) -> bool:
    return bool(encoded) and is_password_usable(encoded)


def _password_change(user: User) -> str | None:
    """"set" (a first password), "changed", "disabled", or None when the stored password stays what it was."""
    stored = None if user._state.adding else (
        User.objects.unscoped("compare the stored password hash").filter(pk=user.pk)
        .values_list("password", flat=True).first())
    if stored == user.password or (stored and _is_hash_upgrade(stored, user)):
        return None
    if not _has_password(user.password):
        return "disabled" if _has_password(stored) else None
    return "changed" if _has_password(stored) else "set"


@receiver(pre_save, sender=User)
def notice_password_change(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Compare with the stored hash, whatever path the save came by: pages, reset link, admin, commands (ACC-1)."""
    if raw or (update_fields is not None and "password" not in update_fields):
        return
    instance._password_change = _password_change(instance) if instance.role in STAFF_ROLES else None


@receiver(post_save, sender=User)
def announce_staff_password_change(sender, instance: User, raw: bool = False, **kwargs) -> None:
    change = getattr(instance, "_password_change", None)
    if raw or change is None:
        return
    instance._password_change = None
    from audit.services import staff_password_change_record

    staff_password_change_record(user=instance, change=change)
