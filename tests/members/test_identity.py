"""USR-1: one ID per named person, managed per FI."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from members.models import Role, User
from members.services import user_create
from tests.factories import CompanyFactory, UserFactory


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_login_id_and_email_are_unique_ignoring_case(bank):
    UserFactory(username="yamada", email="yamada@example.jp")
    with pytest.raises(ValidationError) as err:
        user_create(username="YAMADA", email="other@example.jp", full_name="山田 二郎", role=Role.FI_ADMIN,
                    password="Sora-to-umi-88", institution=bank)
    assert "username" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        user_create(username="yamada2", email="Yamada@Example.jp", full_name="山田 二郎", role=Role.FI_ADMIN,
                    password="Sora-to-umi-88", institution=bank)
    assert "email" in err.value.message_dict


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_every_account_names_its_person(bank):
    with pytest.raises(ValidationError) as err:
        user_create(username="shared-id", email="shared@example.jp", full_name="  ", role=Role.FI_ADMIN,
                    password="Sora-to-umi-88", institution=bank)
    assert "full_name" in err.value.message_dict


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_member_account_takes_its_companys_institution(bank, other_bank):
    company = CompanyFactory(institution=bank)
    user = user_create(username="m-user", email="m@example.jp", full_name="佐藤 一郎", role=Role.MEMBER,
                       password="Sora-to-umi-88", institution=other_bank, company=company)
    assert user.institution == bank


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_roles_and_tenants_must_match_in_the_database(bank):
    with pytest.raises(IntegrityError):
        User.objects.create(username="broken", email="b@example.jp", full_name="壊れた 設定", role=Role.MEMBER,
                            institution=bank)


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_member_without_company_is_refused(bank):
    with pytest.raises(ValidationError) as err:
        user_create(username="lonely", email="l@example.jp", full_name="孤独 太郎", role=Role.MEMBER,
                    password="Sora-to-umi-88", institution=bank)
    assert "company" in err.value.message_dict
