"""Who decides on a membership application: an FI admin of the bank it was sent to, once its email is verified."""

from members.models import MembershipApplication
from members.policies import account_may_sign_in, is_fi_admin


def may_decide_application(user, application: MembershipApplication) -> bool:
    return bool(account_may_sign_in(user) and is_fi_admin(user)
                and application.institution_id == user.institution_id)
