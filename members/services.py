"""Writes on institutions, member companies and accounts (the only way identity changes: pages, the Django
admin and commands call these)."""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
def institution_terminate(*, institution: FinancialInstitution) -> FinancialInstitution:
    """End the contract: from the next request its admins and members are signed out and refused, its API
    tokens refused (members.policies.account_may_sign_in). Its data stays for export and erasure."""
    if institution.status != FinancialInstitution.Status.TERMINATED:
        institution.status = FinancialInstitution.Status.TERMINATED
        institution.terminated_at = timezone.now()
        institution.save(update_fields=["status", "terminated_at"])
    return institution


@transaction.atomic
def institution_reinstate(*, institution: FinancialInstitution) -> FinancialInstitution:
    """Undo a termination made by mistake: its people may sign in again."""
    if institution.status != FinancialInstitution.Status.ACTIVE:
        institution.status = FinancialInstitution.Status.ACTIVE
        institution.terminated_at = None
        institution.save(update_fields=["status", "terminated_at"])
    return institution


def _contact_save(contact: MaintenanceContact) -> MaintenanceContact:
    contact.name, contact.email = contact.name.strip(), contact.email.strip().lower()
    if (MaintenanceContact.objects.unscoped("an FI's contact addresses are unique")
            .filter(institution=contact.institution_id, email__iexact=contact.email).exclude(pk=contact.pk).exists()):
        raise ValidationError({"email": _("このメールアドレスは既に連絡先に登録されています。")})
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def maintenance_contact_add(*, institution: FinancialInstitution, name: str, email: str) -> MaintenanceContact:
    return _contact_save(MaintenanceContact(institution=institution, name=name, email=email))


@transaction.atomic
def maintenance_contact_update(*, contact: MaintenanceContact, name: str, email: str) -> MaintenanceContact:
    contact.name, contact.email = name, email
    return _contact_save(contact)


@transaction.atomic
def maintenance_contact_remove(*, contact: MaintenanceContact) -> None:
    contact.delete()


@transaction.atomic
def company_create(*, institution: FinancialInstitution, name: str, industry: str, prefecture: str,
                   **profile) -> MemberCompany:
    company = MemberCompany(institution=institution, name=name, industry=industry, prefecture=prefecture, **profile)
    company.full_clean()
    company.save()
    return company


COMPANY_PROFILE_FIELDS = ("name", "name_kana", "industry", "prefecture", "city", "representative", "employees",
                          "founded_year", "description", "is_published")


@transaction.atomic
def company_update(*, company: MemberCompany, **profile) -> MemberCompany:
    """Change a company's profile; its FI and status change only through their own services."""
    unknown = set(profile) - set(COMPANY_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    for field, value in profile.items():
        setattr(company, field, value)
    company.full_clean()
    company.save(update_fields=[*profile] or None)
    return company


@transaction.atomic
def company_suspend(*, company: MemberCompany) -> MemberCompany:
    """Suspend a company: its members are refused from their next request; its data stays."""
    if company.status != MemberCompany.Status.SUSPENDED:
        company.status = MemberCompany.Status.SUSPENDED
        company.save(update_fields=["status"])
    return company


@transaction.atomic
def company_reinstate(*, company: MemberCompany) -> MemberCompany:
    if company.status != MemberCompany.Status.ACTIVE:
        company.status = MemberCompany.Status.ACTIVE
        company.save(update_fields=["status"])
    return company


@transaction.atomic
def company_end_membership(*, company: MemberCompany) -> MemberCompany:
    """The bank ends a company's membership: suspended (its users are refused), unpublished (its profile and
    needs leave matching) and every user deactivated, so resuming later is a deliberate act per user.
    Its data stays for the records (deals and consultations with other parties keep their history)."""
    company_suspend(company=company)
    if company.is_published:
        company.is_published = False
        company.save(update_fields=["is_published"])
    User.objects.unscoped("the users of a company the caller may manage").filter(
        company=company, is_active=True).update(is_active=False)
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
def user_update(*, user: User, full_name: str, email: str) -> User:
    """Change a person's name and address; login ID, role and tenant never change (create a new account)."""
    user.full_name, user.email = full_name.strip(), email.strip().lower()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email"])
    return user


@transaction.atomic
def user_set_active(*, user: User, is_active: bool) -> User:
    """Stop or resume one account (a person who left keeps their history, never their access)."""
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> None:
    """Set a new password (a staff account's change is announced to the system lead by members.signals)."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])


def _fi_admin_addresses() -> list[str]:
    return list(User.objects.unscoped("service documents are announced to every FI")
                .filter(role=Role.FI_ADMIN, is_active=True, institution__status=FinancialInstitution.Status.ACTIVE)
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
