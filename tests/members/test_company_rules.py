"""Item 18: a company profile accepts what exists (47 prefectures, real founding years, kana readings)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import MemberCompany
from members.prefectures import PREFECTURES, prefecture_code
from members.services import company_create

pytestmark = pytest.mark.django_db


def _create(bank, **profile):
    fields = {"name": "株式会社テスト", "industry": "24", "prefecture": "東京都", **profile}
    return company_create(institution=bank, **fields)


def test_the_47_prefectures_in_jis_order():
    assert len(PREFECTURES) == 47 and PREFECTURES[0] == "北海道" and PREFECTURES[-1] == "沖縄県"
    assert prefecture_code("東京都") == "13" and prefecture_code("京都府") == "26"


@pytest.mark.parametrize(("profile", "field", "message"), [
    ({"prefecture": "火星"}, "prefecture", "火星"),
    ({"founded_year": 3000}, "founded_year", "創業年は1600年から"),
    ({"founded_year": 1200}, "founded_year", "創業年は1600年から"),
    ({"name_kana": "Hokuto Seiki"}, "name_kana", "カタカナで入力してください"),
    ({"name_kana": "北斗精機"}, "name_kana", "カタカナで入力してください"),
])
def test_impossible_values_are_refused_with_a_japanese_message(bank, profile, field, message):
    with pytest.raises(ValidationError) as error:
        _create(bank, **profile)
    assert message in " ".join(error.value.message_dict[field])
    assert not MemberCompany.objects.unscoped("test").exists()


def test_this_year_is_a_possible_founding_year(bank):
    assert _create(bank, founded_year=timezone.localdate().year).pk


@pytest.mark.parametrize("typed", ["ホクト セイキ", "ほくと せいき", "ﾎｸﾄ ｾｲｷ", "ホクト　セイキ", " ホクト  セイキ "])
def test_kana_is_accepted_as_people_type_it_and_stored_as_katakana(bank, typed):
    assert _create(bank, name_kana=typed).name_kana == "ホクト セイキ"


def test_admin_offers_the_prefectures_and_refuses_latin_kana(client, operator, bank):
    client.force_login(operator)
    page = client.get("/admin/members/membercompany/add/").content.decode()
    assert '<select name="prefecture"' in page and '<option value="沖縄県">' in page
    response = client.post("/admin/members/membercompany/add/", {
        "institution": bank.pk, "name": "株式会社管理", "name_kana": "Kanri", "industry": "24",
        "prefecture": "東京都", "founded_year": "3000",
    })
    page = response.content.decode()
    assert response.status_code == 200 and not MemberCompany.objects.unscoped("test").exists()
    assert "カタカナで入力してください" in page and "創業年は1600年から" in page
