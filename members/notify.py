"""How member users are emailed: at once, or in one daily digest, as each person chose per kind (issue 8 item 7).

Every notification code that emails member users (deal steps, consultation answers, notices) calls
`member_notify`. It reads the recipients' preferences in one query: those on "at once" get the email through
`ops.notifications.notification_send` now; those on the digest get a `DigestItem` (the subject line their own
email would have had, and a link). `digests_send` runs from beat on business days from 10:00 (ops.calendar)
and sends each digest user one email with everything that waited since their last digest. Every member
email ends with a link to the settings page (templates/emails/member_settings_footer.txt).

Emails to FI admins do not come here: they have no such preferences.
"""

import logging
from collections.abc import Mapping
from datetime import datetime
from datetime import time as clock

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Delivery, DigestItem, NotificationKind, NotificationPreference, User
from members.policies import account_may_sign_in, is_member
from ops.calendar import TOKYO, is_business_day, to_tokyo
from ops.notifications import notification_send, render_email

logger = logging.getLogger(__name__)
DIGEST_AT = clock(10, 0)
DIGEST_CATEGORY = "digest"
DIGEST_MAX_ITEMS_LISTED = 50  # a digest lists this many items and counts the rest
CHUNK_SIZE = 200
SUBJECT_PREFIX = "[Big Advance]"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path else ""


def settings_page_url() -> str:
    return absolute_url(reverse("portal:notification_settings"))


def notification_preferences_for(user: User) -> dict[str, str]:
    """Each kind's delivery for `user` ("at once" where nothing was chosen)."""
    chosen = dict(NotificationPreference.objects.visible_to(user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}


@transaction.atomic
def notification_preferences_save(*, user: User, choices: Mapping[str, str]) -> dict[str, str]:
    """Store a member's choice per kind; an unknown kind or delivery changes nothing."""
    if not is_member(user):
        raise PermissionDenied(_("メール通知の設定は会員企業のユーザーが行います。"))
    if not set(choices) <= set(NotificationKind.values) or not set(choices.values()) <= set(Delivery.values):
        raise ValidationError(_("通知の種類と受け取り方を選び直してください。"))
    for kind, delivery in choices.items():
        NotificationPreference.objects.visible_to(user).update_or_create(user=user, kind=kind,
                                                                         defaults={"delivery": delivery})
    return notification_preferences_for(user)


def digest_users(user_ids, kind: str) -> set[int]:
    """Which of these users chose the digest for `kind`."""
    return set(NotificationPreference.objects.unscoped("the recipients' own preferences, read by the notifier")
               .filter(user_id__in=list(user_ids), kind=kind, delivery=Delivery.DIGEST)
               .values_list("user_id", flat=True))


def member_notify(*, recipients: Mapping[int, str], kind: str, template: str, context: dict, category: str,
                  reference: str = "", link: str = "") -> None:
    """Email member users (`recipients`: user id → address) about one event, each as they chose for `kind`.

    `link` is the portal path of the thing the email is about; emails and digest lines carry it as a full URL.
    Runs in the caller's transaction, like `notification_send`: a rolled-back change notifies no one.
    """
    if not recipients:
        return
    context = {**context, "notification_settings_url": settings_page_url(), "link_url": absolute_url(link)}
    later = digest_users(recipients, kind)
    now_addresses = [address for pk, address in recipients.items() if pk not in later]
    if now_addresses:
        notification_send(template=template, recipients=now_addresses, context=context, category=category,
                          reference=reference)
    if later:
        subject, _body = render_email(template, context)
        title = subject.removeprefix(SUBJECT_PREFIX).strip()[:255]
        DigestItem.objects.bulk_create([
            DigestItem(user_id=pk, kind=kind, title=title, link=link[:200], reference=reference[:100])
            for pk in sorted(later)
        ])


def digest_cutoff(now: datetime) -> datetime | None:
    """The moment up to which items go into today's digests, or None when no digest goes now: before 10:00 or
    on a day that is not a business day. Items after the cutoff wait for the next business day's digest."""
    local = to_tokyo(now)
    if not is_business_day(local.date()) or local.time() < DIGEST_AT:
        return None
    return datetime.combine(local.date(), DIGEST_AT, tzinfo=TOKYO)


def digests_send(*, now: datetime | None = None, chunk_size: int = CHUNK_SIZE) -> int:
    """Send every digest that is due; returns how many emails were written. Safe to rerun and to run in
    several processes (each user's items are claimed in their own transaction)."""
    now = now or timezone.now()
    cutoff = digest_cutoff(now)
    if cutoff is None:
        return 0
    sent, after = 0, 0
    while True:
        user_ids = list(DigestItem.objects.unscoped("the digest job reads every user's waiting items")
                        .filter(sent_at__isnull=True, created_at__lt=cutoff, user_id__gt=after)
                        .order_by("user_id").values_list("user_id", flat=True).distinct()[:chunk_size])
        for user_id in user_ids:
            sent += digest_send(user_id=user_id, cutoff=cutoff, now=now)
        if len(user_ids) < chunk_size:
            return sent
        after = user_ids[-1]


@transaction.atomic
def digest_send(*, user_id: int, cutoff: datetime, now: datetime) -> int:
    """One user's digest: every item waiting from before `cutoff`, in one email; 1 if an email was written."""
    waiting = (DigestItem.objects.unscoped("the digest job claims one user's waiting items")
               .filter(user_id=user_id, sent_at__isnull=True, created_at__lt=cutoff))
    items = list(waiting.select_for_update().order_by("created_at", "pk"))
    if not items:
        return 0
    claimed = waiting.filter(pk__in=[item.pk for item in items]).update(sent_at=now)
    if claimed != len(items):  # another process took some of them meanwhile: it sends them
        transaction.set_rollback(True)
        return 0
    user = (User.objects.unscoped("the digest's recipient").select_related("company", "institution")
            .get(pk=user_id))
    if not (is_member(user) and account_may_sign_in(user)):  # left the service: nothing to tell them
        return 0
    for item in items:
        item.link_url = absolute_url(item.link)
    notification_send(
        template="digest_daily", recipients=[user.email], category=DIGEST_CATEGORY,
        reference=f"digest:{user_id}:{to_tokyo(cutoff):%Y-%m-%d}",
        context={"user": user, "items": items[:DIGEST_MAX_ITEMS_LISTED],
                 "more": max(0, len(items) - DIGEST_MAX_ITEMS_LISTED), "total": len(items),
                 "notification_settings_url": settings_page_url()})
    return 1
