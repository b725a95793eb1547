"""Reads on membership applications for the bank's admins (the console, issue 9), scoped by `visible_to`:
another bank's application answers 404 exactly as a missing one."""

from django.db.models import QuerySet

from members.models import MembershipApplication
from members.permissions import get_for_user_or_404

Status = MembershipApplication.Status


def applications_visible_to(user) -> QuerySet[MembershipApplication]:
    """An FI admin: its bank's applications whose email was confirmed (unconfirmed ones are not applications
    yet), newest first. Anyone else: none."""
    return (MembershipApplication.objects.visible_to(user).exclude(status=Status.APPLIED)
            .select_related("terms_document", "decided_by", "company").order_by("-created_at"))


def applications_waiting(user) -> QuerySet[MembershipApplication]:
    """Those waiting for the bank's decision, oldest first."""
    return applications_visible_to(user).filter(status=Status.VERIFIED).order_by("verified_at", "pk")


def application_for(user, application_id) -> MembershipApplication:
    return get_for_user_or_404(
        MembershipApplication.objects.exclude(status=Status.APPLIED).select_related("terms_document", "institution"),
        user, pk=application_id)
