"""Company profile, company page and public homepage (issue 7 item 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.matching.validators import corporate_number_check_digit, validate_corporate_number
from members.models import FinancialInstitution, MemberCompany
from tests.factories import InstitutionFactory, UserFactory
from tests.matching.factories import ProfileCompanyFactory, image_bytes, without_tokens

VALID_CORPORATE_NUMBER = "7000012050002"  # 国税庁's own 法人番号


def _form(**changes) -> dict:
    data = {
        "name_kana": "ホクトセイキ", "representative": "佐藤 健一", "industry": "24", "prefecture": "新潟県",
        "city": "燕市", "founded_year": "1968", "employees": "48", "capital": "3000", "corporate_number": "",
        "website": "https://hokuto.example.jp/", "description": "精密金型加工", "products": "医療機器部品",
        "strengths": "短納期", "partners_wanted": "販路", "contact_person": "佐藤", "contact_phone": "0256-00-0000",
        "contact_email": "info@hokuto.example.jp", "is_published": "on", "homepage_slug": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def company(bank):
    return ProfileCompanyFactory(institution=bank, name="株式会社北斗精機")


@pytest.fixture
def owner(company):
    return UserFactory(company=company)


def test_corporate_number_check_digit_follows_the_national_tax_agency_rule():
    assert corporate_number_check_digit(VALID_CORPORATE_NUMBER[1:]) == 7
    validate_corporate_number(VALID_CORPORATE_NUMBER)


@pytest.mark.parametrize("value", ["8000012050002", "700001205000", "70000120500021", "７０００012050002", "A000012050002"])
def test_corporate_number_refuses_a_wrong_check_digit_or_shape(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_corporate_number(value)


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_member_edits_the_profile_and_text_is_normalised(client, owner, company):
    client.force_login(owner)
    assert client.get("/portal/profile/").status_code == 200
    response = client.post("/portal/profile/", _form(
        corporate_number=VALID_CORPORATE_NUMBER, products="  ｽﾃﾝﾚｽ部品\r\n医療機器  "))
    assert response.status_code == 302 and response["Location"] == f"/portal/companies/{company.pk}/"
    company.refresh_from_db()
    assert company.products == "ステンレス部品\n医療機器"
    assert company.corporate_number == VALID_CORPORATE_NUMBER and company.capital == 3000
    assert company.profile_updated_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "ステンレス部品<br>医療機器" in page and "3,000万円" in page and "金属製品製造業" in page


@pytest.mark.req("SVC-1", "SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("changes, field, message", [
    ({"corporate_number": "8000012050002"}, "corporate_number", "チェックディジット"),
    ({"corporate_number": "12345"}, "corporate_number", "13桁"),
    ({"industry": ""}, "industry", "必須"),
    ({"industry": "製造業"}, "industry", "選択"),
    ({"prefecture": "火星"}, "prefecture", "選択"),
    ({"description": "あ" * 2001}, "description", "2000"),
    ({"website": "javascript:alert(1)"}, "website", "URL"),
    ({"homepage_enabled": "on", "homepage_slug": ""}, "homepage_slug", "アドレスを指定"),
    ({"homepage_enabled": "on", "homepage_slug": "Bad Slug!"}, "homepage_slug", "英小文字"),
    ({"homepage_enabled": "on", "homepage_slug": "admin"}, "homepage_slug", "使えません"),
])
def test_bad_profile_input_is_refused_beside_its_field_and_changes_nothing(client, owner, company, changes, field,
                                                                        message):
    client.force_login(owner)
    response = client.post("/portal/profile/", _form(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field]), form.errors
    assert 'class="field-error"' in response.content.decode()
    company.refresh_from_db()
    assert company.products == "" and company.profile_updated_at is None


@pytest.mark.django_db
def test_homepage_address_is_unique(client, owner, bank):
    ProfileCompanyFactory(institution=bank, homepage_slug="hokuto", homepage_enabled=True)
    client.force_login(owner)
    response = client.post("/portal/profile/", _form(homepage_enabled="on", homepage_slug="hokuto"))
    assert "既に使われています" in " ".join(response.context["form"].errors["homepage_slug"])


def _upload(content: bytes, name: str, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_logo_is_checked_by_content_and_re_encoded(client, owner, company, fmt):
    original = image_bytes(fmt)
    client.force_login(owner)
    response = client.post("/portal/profile/", {**_form(), "logo": _upload(original, f"logo.{fmt.lower()}")})
    assert response.status_code == 302
    company.refresh_from_db()
    stored = company.logo.read()
    assert stored.startswith(b"\x89PNG") and stored != original
    logo = client.get(f"/portal/companies/{company.pk}/logo/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(logo.streaming_content))).size == (40, 30)


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00" + b"\x00" * 200, "logo.png", "PNG・JPEG・WebP"),          # a renamed executable
    (b"GIF89a" + image_bytes("GIF")[6:], "logo.png", "PNG・JPEG・WebP"),      # an image of another type
    (image_bytes("PNG") + b"\x00" * (2 * 1024 * 1024), "logo.png", "2MB"),  # oversize
])
def test_a_bad_logo_is_refused_and_nothing_is_stored(client, owner, company, content, name, message):
    client.force_login(owner)
    response = client.post("/portal/profile/", {**_form(products="変更"), "logo": _upload(content, name)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo"])
    company.refresh_from_db()
    assert not company.logo and company.products == ""


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
def test_html_in_the_profile_is_shown_as_text(client, owner, company, other_bank):
    company.description = '<script>alert("x")</script>\n二行目'
    company.save()
    viewer = UserFactory(company=ProfileCompanyFactory(institution=other_bank))
    client.force_login(viewer)
    page = client.get(f"/portal/companies/{company.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>二行目" in page


@pytest.mark.req("AUTH-1", "SAF-1")
@pytest.mark.django_db
def test_an_unpublished_company_is_seen_only_by_its_own_people(client, company, owner, bank, other_bank):
    company.is_published = False
    company.save()
    same_bank_member = UserFactory(company=ProfileCompanyFactory(institution=bank))
    other_bank_member = UserFactory(company=ProfileCompanyFactory(institution=other_bank))
    missing = f"/portal/companies/{company.pk + 1000}/"
    for viewer, status in [(owner, 200), (same_bank_member, 404), (other_bank_member, 404)]:
        client.force_login(viewer)
        response = client.get(f"/portal/companies/{company.pk}/")
        assert response.status_code == status
        if status == 404:
            assert without_tokens(response.content) == without_tokens(client.get(missing).content)
    company.is_published = True
    company.save()
    client.force_login(other_bank_member)
    assert client.get(f"/portal/companies/{company.pk}/").status_code == 200


@pytest.mark.req("AUTH-1")
@pytest.mark.django_db
def test_companies_of_a_terminated_fi_leave_the_platform(client, company, other_bank):
    company.institution.status = FinancialInstitution.Status.TERMINATED
    company.institution.save()
    client.force_login(UserFactory(company=ProfileCompanyFactory(institution=other_bank)))
    assert client.get(f"/portal/companies/{company.pk}/").status_code == 404


@pytest.mark.req("SAF-1")
@pytest.mark.django_db
def test_other_banks_members_see_only_the_contact_details_the_company_chose(client, company, bank, other_bank):
    MemberCompany.objects.unscoped("test setup").filter(pk=company.pk).update(
        contact_person="佐藤 健一", contact_phone="0256-11-2222", contact_email="sato@hokuto.example.jp",
        show_contact_person=True)
    other = UserFactory(company=ProfileCompanyFactory(institution=other_bank))
    same = UserFactory(company=ProfileCompanyFactory(institution=bank))
    client.force_login(other)
    page = client.get(f"/portal/companies/{company.pk}/").content.decode()
    assert "佐藤 健一" in page and "0256-11-2222" not in page and "sato@hokuto" not in page
    client.force_login(same)
    page = client.get(f"/portal/companies/{company.pk}/").content.decode()
    assert "0256-11-2222" in page and "sato@hokuto.example.jp" in page


@pytest.mark.req("SVC-1")
@pytest.mark.django_db
def test_public_homepage_is_opt_in(client, owner, company):
    assert client.get("/c/hokuto/").status_code == 404
    client.force_login(owner)
    client.post("/portal/profile/", {**_form(homepage_enabled="on", homepage_slug="Hokuto"),
                                     "logo": _upload(image_bytes(), "x.png")})
    client.logout()
    page = client.get("/c/hokuto/")
    assert page.status_code == 200 and "株式会社北斗精機" in page.content.decode()
    assert "info@hokuto.example.jp" not in page.content.decode()  # contact details not chosen for others
    assert client.get("/c/hokuto/logo/")["Content-Type"] == "image/png"
    client.force_login(owner)
    client.post("/portal/profile/", _form(homepage_slug="hokuto"))
    client.logout()
    assert client.get("/c/hokuto/").status_code == 404


@pytest.mark.django_db
def test_homepage_of_a_terminated_fis_company_is_gone(client, bank):
    ProfileCompanyFactory(institution=InstitutionFactory(status=FinancialInstitution.Status.TERMINATED),
                          homepage_enabled=True, homepage_slug="gone")
    assert client.get("/c/gone/").status_code == 404
