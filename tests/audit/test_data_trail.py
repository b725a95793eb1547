"""Business models are tracked by django-auditlog from the start: who changed what, when."""

import pytest
from auditlog.models import LogEntry

from members.models import MemberCompany


@pytest.mark.django_db
def test_admin_change_of_a_company_is_logged_with_its_actor(client, operator, bank):
    company = MemberCompany.objects.create(institution=bank, name="株式会社監査", industry="24", prefecture="東京都")
    client.force_login(operator)
    response = client.post(f"/admin/members/membercompany/{company.pk}/change/", {
        "institution": bank.pk, "name": "株式会社監査", "industry": "58", "prefecture": "東京都",
    })
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(company).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == operator
    assert entry.changes_dict["industry"] == ["24", "58"]


@pytest.mark.django_db
def test_password_hash_is_never_in_the_trail(member):
    member.set_password("Another-pass-2027")
    member.save()
    for entry in LogEntry.objects.get_for_object(member):
        assert "password" not in entry.changes_dict
