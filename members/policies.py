"""One answer per action: "may this user do X (to this object)?".

Views, the Django admin (`has_*_permission`), DRF permission classes, commands and `members.tenancy` ask
these functions and decide nothing themselves. Which rows a user sees is `Model.objects.visible_to(user)`
(members/tenancy.py); the object policies below are that same rule asked about one object.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from .models import STAFF_ROLES, FinancialInstitution, InstitutionSettings, MemberCompany, Role, User

TENANT_ROLES = (Role.MEMBER, Role.FI_ADMIN)


def is_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.role == Role.MEMBER)


def is_fi_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.role == Role.FI_ADMIN)


# --- signing in: one rule for the login form, open sessions and API tokens ---------------------------------

def sign_in_refusal(user) -> str | None:
    """Why this account may not use the service now (a Japanese sentence for the login page), or None.

    An FI whose contract ended takes its admins and members with it; a suspended company its members.
    Their data stays (for export and erasure); only access ends.
    """
    if user.role in TENANT_ROLES:
        institution = user.institution
        if institution is None or institution.status != FinancialInstitution.Status.ACTIVE:
            return _("Big Advance のご契約が終了しているため、ログインできません。")
    if user.role == Role.MEMBER:
        company = user.company
        if company is None or company.status != MemberCompany.Status.ACTIVE:
            return _("貴社のご利用は停止されているため、ログインできません。お取引の金融機関にお問い合わせください。")
    return None


def account_may_sign_in(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return sign_in_refusal(user) is None


# --- areas --------------------------------------------------------------------------------------------------

def may_operate_platform(user) -> bool:
    """Operators and the system lead run the whole platform (operations pages, maintenance bypass)."""
    return bool(account_may_sign_in(user) and user.role in (Role.OPERATOR, Role.SYSTEM_LEAD))


def may_use_operators_admin(user) -> bool:
    """The Django admin is the operators' tool: an FI user flagged is_staff by mistake still stays out."""
    return bool(account_may_sign_in(user) and user.is_staff and user.role == Role.OPERATOR)


def may_use_bank_api(user) -> bool:
    """The API (/api/) is the banks' machine interface: FI admins of a running contract, by session or token."""
    return bool(account_may_sign_in(user) and user.role == Role.FI_ADMIN)


# --- tenant objects -----------------------------------------------------------------------------------------

def may_view_company(user, company: MemberCompany) -> bool:
    return _visible(MemberCompany, user, company)


def may_manage_company(user, company: MemberCompany) -> bool:
    """An FI admin manages its own FI's member companies; members only read their own profile."""
    return is_fi_admin(user) and _visible(MemberCompany, user, company)


def may_view_account(user, account: User) -> bool:
    return _visible(User, user, account)


def may_manage_account(user, account: User) -> bool:
    """User IDs are managed by the FI (USR-1): its admins manage its admins' and members' accounts."""
    return is_fi_admin(user) and account.role in TENANT_ROLES and _visible(User, user, account)


def may_manage_account_security(user, account: User) -> bool:
    """Sessions, lockout and forced password reset of a person's account: that person's FI admins."""
    return may_manage_account(user, account)


def may_manage_institution_settings(user, institution: FinancialInstitution | None) -> bool:
    """An FI's own settings (contacts, allow-list, session rules, two-factor login): its admins."""
    return bool(is_fi_admin(user) and account_may_sign_in(user) and institution is not None
                and user.institution_id == institution.pk)


# --- two-factor login -----------------------------------------------------------------------------------------

def must_use_two_factor(user) -> bool:
    """The service company's staff when STAFF_2FA_REQUIRED is on; an FI's admins when their FI asks for it.
    Costs no query: the FI's settings come with the account (members.auth)."""
    if user is None or not user.is_authenticated:
        return False
    if user.role in STAFF_ROLES:
        return bool(settings.STAFF_2FA_REQUIRED)
    if user.role == Role.FI_ADMIN:
        return InstitutionSettings.for_institution(user.institution).two_factor_required
    return False


def may_administer_identity(user) -> bool:
    """FIs, companies, accounts and contacts across tenants: operators, through the services."""
    return may_use_operators_admin(user)


def _visible(model, user, obj) -> bool:
    return obj is not None and obj.pk is not None and model.objects.visible_to(user).filter(pk=obj.pk).exists()
