"""Writes on institutions, member companies and accounts."""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from ops.notifications import notification_send

from .models import FinancialInstitution, MaintenanceContact, MemberCompany, Role, ServiceDocument, User


@transaction.atomic
def institution_create(*, code: str, name: str, kind: str, contacts: list[tuple[str, str]] | None = None) -> FinancialInstitution:
    institution = FinancialInstitution(code=code, name=name, kind=kind)
    institution.full_clean()
    institution.save()
    for contact_name, email in contacts or []:
        contact = MaintenanceContact(institution=institution, name=contact_name, email=email)
        contact.full_clean()
        contact.save()
    return institution


@transaction.atomic
def company_create(*, institution: FinancialInstitution, name: str, industry: str, prefecture: str,
                   **profile) -> MemberCompany:
    company = MemberCompany(institution=institution, name=name, industry=industry, prefecture=prefecture, **profile)
    company.full_clean()
    company.save()
    return company


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    institution: FinancialInstitution | None = None,
    company: MemberCompany | None = None,
) -> User:
    """Create one named person's account. The password passes every PWD-1 rule or nothing is saved."""
    user = User(username=username.strip(), email=email.strip().lower(), full_name=full_name.strip(), role=role,
                institution=institution, company=company, is_staff=role == Role.OPERATOR)
    user.full_clean(exclude=["password"])
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> None:
    """Set a new password (a staff account's change is announced to the system lead by members.signals)."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])


def _fi_admin_addresses() -> list[str]:
    return list(User.objects.filter(role=Role.FI_ADMIN, is_active=True,
                                    institution__status=FinancialInstitution.Status.ACTIVE)
                .values_list("email", flat=True))


@transaction.atomic
def document_post(*, kind: str, version: str, body: str, change_summary: str, posted_by: User | None = None,
                  posted_at: datetime | None = None, notify: bool = True) -> ServiceDocument:
    """Post a new version; it applies from now. FI admins are emailed after commit (DOC-1)."""
    document = ServiceDocument(kind=kind, version=version.strip(), body=body, change_summary=change_summary.strip(),
                               posted_by=posted_by, posted_at=posted_at or timezone.now())
    document.full_clean()
    document.save()
    if notify:
        notification_send(template="document_posted", recipients=_fi_admin_addresses(),
                          context={"document": document}, category="document", reference=f"document:{document.pk}")
    return document
