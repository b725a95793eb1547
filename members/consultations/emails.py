"""Who is emailed when a consultation moves, with which template (templates/emails/consultation_*).

A person is emailed about a message from the other side when they had read the other side's previous
message (or there was none): one email per unread stretch, however many messages follow. The bank's admins
are emailed directly (ops.notifications); members through `members.notify.member_notify`, which honours
their choice of at once or the daily digest.
"""

from django.urls import reverse

from members.models import (
    Consultation,
    ConsultationMessage,
    ConsultationReadMarker,
    FinancialInstitution,
    MemberCompany,
    NotificationKind,
    Role,
    User,
)
from members.notify import member_notify
from ops.notifications import notification_send

CATEGORY = "consultation"


def _caught_up(consultation: Consultation, people: dict[int, str], previous_id: int) -> dict[int, str]:
    read = dict(ConsultationReadMarker.objects.unscoped("whether the other side read the previous message")
                .filter(consultation=consultation, user_id__in=list(people))
                .values_list("user_id", "last_read_message_id"))
    return {pk: email for pk, email in people.items() if read.get(pk, 0) >= previous_id}


def bank_admins(institution_id: int) -> dict[int, str]:
    return dict(User.objects.unscoped("consultation emails go to the bank's admins")
                .filter(institution_id=institution_id, role=Role.FI_ADMIN, is_active=True,
                        institution__status=FinancialInstitution.Status.ACTIVE)
                .values_list("pk", "email"))


def company_participants(consultation: Consultation) -> dict[int, str]:
    """The company's active people who wrote in the thread; all of the company's people if none is left."""
    people = (User.objects.unscoped("consultation emails go to the company's people")
              .filter(company_id=consultation.company_id, role=Role.MEMBER, is_active=True,
                      company__status=MemberCompany.Status.ACTIVE,
                      institution__status=FinancialInstitution.Status.ACTIVE))
    writers = (ConsultationMessage.objects.unscoped("who wrote in this thread")
               .filter(consultation=consultation, side=ConsultationMessage.Side.MEMBER).values("author_id"))
    participants = dict(people.filter(pk__in=writers).values_list("pk", "email"))
    return participants or dict(people.values_list("pk", "email"))


def to_bank(consultation: Consultation, message: ConsultationMessage, *, previous_member_id: int) -> None:
    """A new consultation (template consultation_opened) or a member's follow-up (consultation_member_replied)."""
    template = "consultation_opened" if previous_member_id == 0 else "consultation_member_replied"
    recipients = _caught_up(consultation, bank_admins(consultation.institution_id), previous_member_id)
    if recipients:
        notification_send(template=template, recipients=recipients.values(), category=CATEGORY,
                          reference=f"consultation:{consultation.pk}",
                          context={"consultation": consultation, "message": message})


def to_members(consultation: Consultation, message: ConsultationMessage, *, previous_bank_id: int) -> None:
    """The bank answered (consultation_replied)."""
    recipients = _caught_up(consultation, company_participants(consultation), previous_bank_id)
    member_notify(recipients=recipients, kind=NotificationKind.CONSULTATION, template="consultation_replied",
                  category=CATEGORY, reference=f"consultation:{consultation.pk}",
                  link=reverse("portal:consultation_detail", args=[consultation.pk]),
                  context={"consultation": consultation, "message": message})
