"""Writes on membership applications: submit, verify the email, approve (company, first user, invitation),
refuse (the reason is emailed).

Submitting answers nothing about who exists: an unknown or terminated bank, an address that already belongs
to an account or to an open application all leave the caller with the same result as a new application
(None instead of the row, which no page shows); only the address's owner hears about the attempt, by email.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.matching.text import tidy
from members.models import (
    FinancialInstitution,
    MemberCompany,
    MembershipApplication,
    Role,
    ServiceDocument,
    User,
)
from members.models.applications import REFUSAL_REASON_MAX
from members.services import company_create, user_create
from members.terms.state import current_terms
from ops.notifications import notification_send

from .invitations import invitation_send
from .policies import may_decide_application
from .tokens import verification_token

Status = MembershipApplication.Status
APPLICATION_FIELDS = ("company_name", "corporate_number", "representative", "prefecture", "city", "street",
                      "industry", "employees", "contact_name", "email", "branch_name")


def _applications(reason: str):
    return MembershipApplication.objects.unscoped(reason)


def _bank_by_code(code: str) -> FinancialInstitution | None:
    return FinancialInstitution.objects.filter(code=code, status=FinancialInstitution.Status.ACTIVE).first()


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _send_verification(application: MembershipApplication) -> None:
    notification_send(template="application_verify", recipients=[application.email], category="application",
                      reference=f"application:{application.pk}",
                      context={"application": application, "institution": application.institution,
                               "link": _link("join:verify", verification_token(application.pk)),
                               "expiry_hours": settings.JOIN_VERIFICATION_EXPIRY_HOURS})


def _tell_owner_of_attempt(email: str, institution: FinancialInstitution, *, pending: bool) -> None:
    """Someone applied with an address that has an account (or an application under way): only its owner
    hears of it."""
    notification_send(template="application_attempt", recipients=[email], category="application",
                      reference="application:attempt",
                      context={"institution": institution, "pending": pending})


def _drop_expired_unverified(email: str) -> None:
    """An application whose verification link expired was never confirmed and no bank saw it: it gives way."""
    expired_before = timezone.now() - timedelta(hours=settings.JOIN_VERIFICATION_EXPIRY_HOURS)
    _applications("an unconfirmed application for the same address").filter(
        email__iexact=email, status=Status.APPLIED, created_at__lt=expired_before).delete()


@transaction.atomic
def application_submit(*, institution_code: str, terms_document: ServiceDocument, account_confirmed: bool,
                       ip_address: str | None = None, **values) -> MembershipApplication | None:
    """A company applies to its bank (the public form). Returns the new application (status `applied`, a
    verification link emailed), or None when nothing was stored: unknown or terminated bank, an address of
    an existing account or of an open application (its owner is emailed)."""
    unknown = set(values) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"not application fields: {sorted(unknown)}")
    if not account_confirmed:
        raise ValidationError({"account_confirmed": _("お取引店に口座があることを確認してください。")})
    current = current_terms()
    if current is None or current.id != terms_document.pk:
        raise ValidationError({"agree_terms": _(
            "運営規約が更新されました。最新の版をご確認のうえ、あらためて同意してください。")})
    institution = _bank_by_code(institution_code)
    if institution is None:
        return None
    cleaned = {name: tidy(value) if isinstance(value, str) else value for name, value in values.items()}
    email = cleaned["email"] = cleaned.get("email", "").lower()
    if User.objects.unscoped("an applicant's address is checked against every account").filter(
            email__iexact=email).exists():
        _tell_owner_of_attempt(email, institution, pending=False)
        return None
    _drop_expired_unverified(email)
    if _applications("one open application per address").filter(
            email__iexact=email, status__in=MembershipApplication.OPEN_STATUSES).exists():
        _tell_owner_of_attempt(email, institution, pending=True)
        return None
    application = MembershipApplication(institution=institution, terms_document=terms_document,
                                        account_confirmed=True, ip_address=ip_address or None, **cleaned)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same address submitted twice at the same moment
        return None
    _send_verification(application)
    return application


def _fi_admin_addresses(institution: FinancialInstitution) -> list[str]:
    return list(User.objects.unscoped("a bank's admins hear of a new application").filter(
        institution=institution, role=Role.FI_ADMIN, is_active=True).values_list("email", flat=True))


@transaction.atomic
def application_verify_email(*, application_id: int) -> MembershipApplication | None:
    """The applicant opened the link (its token already checked by the caller): the application goes to the
    bank, whose admins are emailed. Opening it again changes nothing."""
    application = (_applications("the application a verification link names").select_for_update()
                   .select_related("institution").filter(pk=application_id).first())
    if application is None:
        return None
    if application.status == Status.APPLIED:
        application.status, application.verified_at = Status.VERIFIED, timezone.now()
        application.save(update_fields=["status", "verified_at"])
        notification_send(template="application_received", recipients=_fi_admin_addresses(application.institution),
                          category="application", reference=f"application:{application.pk}",
                          context={"application": application, "institution": application.institution})
    return application


def _lock_for_decision(application: MembershipApplication, actor: User) -> MembershipApplication:
    if not may_decide_application(actor, application):
        raise PermissionDenied(_("この申込を審査する権限がありません。"))
    application = (_applications("a service re-reads the application it was handed, under a lock")
                   .select_for_update().select_related("institution").get(pk=application.pk))
    if application.status == Status.APPLIED:
        raise ValidationError(_("申込者のメールアドレスの確認が済んでいないため、まだ審査できません。"))
    if application.status != Status.VERIFIED:
        raise ValidationError(_("この申込は既に審査済みです。"), code="decided")
    return application


def login_id_for(email: str) -> str:
    """The first user's login ID: the email's local part in the characters login IDs allow, lower case, with
    -2, -3 … when taken. Derived (not chosen in the public form), so the form never reveals which IDs exist."""
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@", 1)[0].lower()).strip("._-")[:56]
    if len(base) < 3:
        base = f"member-{base}".rstrip("-") if base else "member"
    pattern = re.compile(rf"{re.escape(base)}(-[0-9]+)?")
    taken = {name.lower() for name in User.objects.unscoped("login IDs are unique platform-wide")
             .filter(username__istartswith=base).values_list("username", flat=True)
             if pattern.fullmatch(name.lower())}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def application_approve(*, application: MembershipApplication, actor: User) -> MembershipApplication:
    """The bank accepts the company: the member company and its first user (no password) are created and the
    user is emailed an invitation to set one. A company of the same name at this bank, or an address that
    meanwhile belongs to an account, stops the approval with a Japanese message and changes nothing."""
    application = _lock_for_decision(application, actor)
    if MemberCompany.objects.unscoped("company names are unique per bank").filter(
            institution=application.institution, name=application.company_name).exists():
        raise ValidationError(_("同じ会社名の会員企業が既に登録されています。申込内容をご確認ください。"),
                              code="duplicate_company")
    if User.objects.unscoped("an address belongs to one account").filter(email__iexact=application.email).exists():
        raise ValidationError(_("申込のメールアドレスは既に別のユーザーが使っています。"), code="email_taken")
    company = company_create(
        institution=application.institution, name=application.company_name, industry=application.industry,
        prefecture=application.prefecture, city=application.city, representative=application.representative,
        employees=application.employees, corporate_number=application.corporate_number,
        contact_person=application.contact_name, contact_email=application.email)
    user = user_create(username=login_id_for(application.email), email=application.email,
                       full_name=application.contact_name, role=Role.MEMBER, password=None,
                       institution=application.institution, company=company)
    application.status, application.decided_at, application.decided_by = Status.APPROVED, timezone.now(), actor
    application.company, application.first_user = company, user
    application.save(update_fields=["status", "decided_at", "decided_by", "company", "first_user"])
    invitation_send(user=user)
    return application


@transaction.atomic
def application_refuse(*, application: MembershipApplication, actor: User, reason: str) -> MembershipApplication:
    """The bank declines the company; the applicant is emailed the reason as written."""
    reason = tidy(reason)
    if not reason:
        raise ValidationError({"reason": _("お断りの理由を入力してください（申込者にメールで伝わります）。")})
    if len(reason) > REFUSAL_REASON_MAX:
        raise ValidationError({"reason": _("%(limit)s文字以内で入力してください（現在%(count)s文字）。")
                               % {"limit": f"{REFUSAL_REASON_MAX:,}", "count": f"{len(reason):,}"}})
    application = _lock_for_decision(application, actor)
    application.status, application.decided_at, application.decided_by = Status.REFUSED, timezone.now(), actor
    application.refusal_reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])
    notification_send(template="application_refused", recipients=[application.email], category="application",
                      reference=f"application:{application.pk}",
                      context={"application": application, "institution": application.institution})
    return application
