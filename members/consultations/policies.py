"""May this user do X to this consultation? Views, services and (later) the console ask here.

Each answer builds on `Consultation.objects.visible_to(user)`: who cannot see a consultation can do nothing with
it. A member writes for its own company; an FI admin answers for its own bank.
"""

from members.models import Consultation
from members.policies import account_may_sign_in, is_fi_admin, is_member


def may_open_consultation(user) -> bool:
    return bool(is_member(user) and account_may_sign_in(user))


def may_view_consultation(user, consultation: Consultation) -> bool:
    return bool(consultation.pk and Consultation.objects.visible_to(user).filter(pk=consultation.pk).exists())


def side_of(user, consultation: Consultation) -> str | None:
    """The side `user` writes for in this consultation (member or bank), or None."""
    if is_member(user) and user.company_id == consultation.company_id:
        return "member"
    if is_fi_admin(user) and user.institution_id == consultation.institution_id:
        return "bank"
    return None


def may_write(user, consultation: Consultation) -> bool:
    """Reply or close: the company's members and the bank's admins, while the consultation is open."""
    return (not consultation.is_closed and side_of(user, consultation) is not None
            and may_view_consultation(user, consultation))
