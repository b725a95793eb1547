"""USR-1 in the console: inviting one person (member or fellow admin), stopping and resuming IDs, and bulk
creation from CSV where one bad row creates nothing. AUTH-1: another FI's IDs answer as missing ones."""

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Role, User
from tests.factories import CompanyFactory, FIAdminFactory, UserFactory
from tests.members.join_helpers import emails, link_path

pytestmark = pytest.mark.django_db
HEADER = "ログインID,氏名,メールアドレス,会員企業名\r\n"


def _users(**lookup):
    return User.objects.unscoped("test").filter(**lookup)


@pytest.fixture
def admin_client(client, fi_admin):
    client.force_login(fi_admin)
    return client


@pytest.mark.req("USR-1")
def test_the_admin_invites_a_member_user_who_cannot_use_the_login_id_as_password(admin_client, bank, client):
    company = CompanyFactory(institution=bank, name="株式会社つばめ精工")
    form = admin_client.get(f"/console/accounts/new/?company={company.pk}").content.decode()
    assert f'<option value="{company.pk}" selected>株式会社つばめ精工</option>' in form
    assert admin_client.get("/console/accounts/new/?company=abc").status_code == 200
    response = admin_client.post("/console/accounts/new/", {
        "company": company.pk, "username": "tsubame-sato", "full_name": "佐藤 花子",
        "email": "Sato@Tsubame.example.jp"})
    user = _users(username="tsubame-sato").get()
    assert response.status_code == 302 and response["Location"] == f"/console/accounts/{user.pk}/"
    assert (user.role, user.company, user.email, user.has_usable_password()) == (
        Role.MEMBER, company, "sato@tsubame.example.jp", False)
    [invitation] = emails("invitation", "sato@tsubame.example.jp")
    client.logout()
    set_password = client.get(link_path(invitation), follow=True)
    url = set_password.redirect_chain[-1][0]
    refused = client.post(url, {"new_password1": "tsubame-sato", "new_password2": "tsubame-sato"})
    assert refused.status_code == 200 and "ログインIDやメールアドレス" in refused.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


@pytest.mark.req("USR-1")
def test_the_admin_invites_a_fellow_admin_of_the_same_bank(admin_client, bank):
    admin_client.post("/console/accounts/new/", {"company": "", "username": "bank-suzuki", "full_name": "鈴木 次郎",
                                                  "email": "suzuki@bank.example.jp"})
    user = _users(username="bank-suzuki").get()
    assert (user.role, user.institution, user.company) == (Role.FI_ADMIN, bank, None)
    assert len(emails("invitation", "suzuki@bank.example.jp")) == 1


@pytest.mark.req("USR-1")
def test_an_existing_email_fails_in_the_form_with_a_japanese_message(admin_client, bank, other_bank):
    UserFactory(company=CompanyFactory(institution=other_bank), email="taken@example.jp")
    company = CompanyFactory(institution=bank)
    response = admin_client.post("/console/accounts/new/", {
        "company": company.pk, "username": "new-person", "full_name": "新 人", "email": "TAKEN@example.jp"})
    assert response.status_code == 400
    assert "このメールアドレスは既に使われています。" in response.content.decode()
    assert not _users(username="new-person").exists() and emails("invitation") == []


@pytest.mark.req("USR-1", "AUTH-1")
def test_a_company_of_another_bank_cannot_be_chosen(admin_client, other_bank):
    foreign = CompanyFactory(institution=other_bank)
    response = admin_client.post("/console/accounts/new/", {
        "company": foreign.pk, "username": "sneaky", "full_name": "他 行", "email": "sneaky@example.jp"})
    assert response.status_code == 400 and "貴行・貴庫の会員企業から選んでください。" in response.content.decode()
    assert not _users(username="sneaky").exists()


@pytest.mark.req("USR-1")
def test_deactivate_and_reactivate_an_id_and_see_failed_attempts(admin_client, bank, fi_admin):
    person = UserFactory(company=CompanyFactory(institution=bank), username="worker")
    AccessAttempt.objects.create(username="Worker", ip_address="198.51.100.9", user_agent="x",
                                 failures_since_start=3, get_data="", post_data="")
    page = admin_client.get(f"/console/accounts/{person.pk}/").content.decode()
    assert "ログイン失敗回数</dt><dd>3" in page
    admin_client.post(f"/console/accounts/{person.pk}/active/", {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    admin_client.post(f"/console/accounts/{person.pk}/active/", {"active": "1"})
    person.refresh_from_db()
    assert person.is_active
    admin_client.post(f"/console/accounts/{fi_admin.pk}/active/", {"active": "0"})
    fi_admin.refresh_from_db()
    assert fi_admin.is_active


@pytest.mark.req("AUTH-1", "SAF-1")
def test_another_fis_id_answers_as_missing(admin_client, other_bank):
    foreign = UserFactory(company=CompanyFactory(institution=other_bank))
    for account_id in (foreign.pk, 999999):
        assert admin_client.get(f"/console/accounts/{account_id}/").status_code == 404
        assert admin_client.post(f"/console/accounts/{account_id}/active/", {"active": "0"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def _upload(admin_client, text: str, *, encoding="utf-8", dry_run=False):
    data = {"file": SimpleUploadedFile("users.csv", text.encode(encoding), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return admin_client.post("/console/accounts/import/", data)


@pytest.mark.req("USR-1")
def test_csv_import_with_a_dry_run_then_for_real_in_shift_jis(admin_client, bank):
    CompanyFactory(institution=bank, name="株式会社みどり食品")
    text = HEADER + "midori-1,高橋 一郎,t1@midori.example.jp,株式会社みどり食品\r\nbank-2,山田 二郎,y2@bank.example.jp,\r\n"
    checked = _upload(admin_client, text, encoding="cp932", dry_run=True)
    assert "2件すべて登録できます" in checked.content.decode() and not _users(username="midori-1").exists()
    done = _upload(admin_client, "\ufeff" + text)
    assert done.status_code == 302
    assert _users(username="midori-1", role=Role.MEMBER, company__name="株式会社みどり食品").exists()
    assert _users(username="bank-2", role=Role.FI_ADMIN, institution=bank).exists()
    assert len(emails("invitation")) == 2


@pytest.mark.req("USR-1")
def test_csv_import_with_one_bad_row_creates_nothing_and_reports_the_row(admin_client, bank, other_bank):
    CompanyFactory(institution=bank, name="株式会社みどり食品")
    CompanyFactory(institution=other_bank, name="株式会社あおば物流")
    UserFactory(company=CompanyFactory(institution=other_bank), email="taken@example.jp")
    text = (HEADER + "ok-1,高橋 一郎,t1@midori.example.jp,株式会社みどり食品\r\n"
            "dup-mail,佐藤 三郎,taken@example.jp,株式会社みどり食品\r\n"
            "foreign,渡辺 四郎,w4@aoba.example.jp,株式会社あおば物流\r\n"
            "ok-1,高橋 一郎,t1b@midori.example.jp,株式会社みどり食品\r\n")
    response = _upload(admin_client, text)
    page = response.content.decode()
    assert response.status_code == 200 and "誤りのある行があるため、1件も登録していません。" in page
    assert "このメールアドレスは既に使われています。" in page
    assert "会員企業「株式会社あおば物流」は貴行・貴庫の会員企業にありません。" in page
    assert "ログインIDが2行目と重複しています。" in page
    assert not _users(username="ok-1").exists() and emails("invitation") == []


@pytest.mark.req("USR-1")
def test_csv_import_refuses_a_file_without_the_header(admin_client):
    page = _upload(admin_client, "a,b,c,d\r\n").content.decode()
    assert "1行目は見出し「ログインID,氏名,メールアドレス,会員企業名」にしてください。" in page


@pytest.mark.req("SVC-2")
def test_the_account_list_costs_the_same_queries_with_5_and_100_rows(admin_client, bank):
    company = CompanyFactory(institution=bank)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/console/accounts/").status_code == 200
        return len(queries)

    UserFactory.create_batch(4, company=company)
    count()  # the first page of the process loads the layout's state (bigadvance.page_state)
    few = count()
    UserFactory.create_batch(95, company=company)
    FIAdminFactory(institution=bank)
    assert count() == few
