"""Issue 8 item 1: a company applies to its bank, confirms its email, the bank approves (or refuses with a
reason), and the first user sets a password from the invitation, signs in and accepts the terms."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.join.selectors import application_for, applications_visible_to, applications_waiting
from members.join.services import application_approve, application_refuse, login_id_for
from members.models import MemberCompany, MembershipApplication, Role, TermsAcceptance, User
from tests.factories import CompanyFactory, FIAdminFactory, InstitutionFactory, UserFactory

from .join_factories import ApplicationFactory, TermsFactory
from .join_helpers import application_data, emails, link_path

pytestmark = pytest.mark.django_db
Status = MembershipApplication.Status
NEW_PASSWORD = "Tsubame-kaze-2026"


@pytest.fixture
def demo_bank(db):
    return InstitutionFactory(code="0901", name="デモ銀行")


@pytest.fixture
def bank_admin(demo_bank):
    return FIAdminFactory(institution=demo_bank, email="admin@demo-bank.example.jp")


@pytest.fixture
def terms(db):
    return TermsFactory(version="3.0")


def _applications():
    return MembershipApplication.objects.unscoped("test")


@pytest.mark.req("USR-1")
@pytest.mark.req("DOC-2")
@pytest.mark.req("DOC-1")
@pytest.mark.req("AUTH-1")
@pytest.mark.req("PWD-1")
def test_a_company_joins_demo_bank_and_its_first_user_reaches_the_portal(client, demo_bank, bank_admin, terms,
                                                                           other_fi_admin):
    form_page = client.get("/join/0901/").content.decode()
    assert "デモ銀行 Big Advance 入会申込" in form_page and "ver. 3.0" in form_page and terms.body in form_page

    response = client.post("/join/0901/", application_data(terms), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/join/sent/"
    application = _applications().get()
    assert (application.status, application.institution, application.terms_document) == (
        Status.APPLIED, demo_bank, terms)
    assert application.ip_address == "198.51.100.7" and application.address == "新潟県燕市物流センター2-16-3"
    assert list(applications_visible_to(bank_admin)) == []  # not an application until the email is confirmed

    [verification] = emails("application_verify", "hanako@tsubame-seiko.example.jp")
    assert "株式会社つばめ精工" in verification.body and "48時間" in verification.body
    assert "メールアドレスを確認する" in client.get(link_path(verification)).content.decode()
    assert _applications().get().status == Status.APPLIED  # opening the link (a mail scanner may) is not enough
    page = client.post(link_path(verification)).content.decode()
    assert "メールアドレスを確認しました" in page and "デモ銀行にお届けしました" in page
    application.refresh_from_db()
    assert application.status == Status.VERIFIED and application.verified_at is not None
    [received] = emails("application_received")
    assert received.recipient == bank_admin.email and "株式会社つばめ精工" in received.body

    assert list(applications_waiting(bank_admin)) == [application]
    assert list(applications_visible_to(other_fi_admin)) == []
    with pytest.raises(PermissionDenied):
        application_approve(application=application, actor=other_fi_admin)

    application_approve(application=application, actor=bank_admin)
    application.refresh_from_db()
    company = MemberCompany.objects.unscoped("test").get(name="株式会社つばめ精工")
    user = application.first_user
    assert (application.status, application.company, application.decided_by) == (Status.APPROVED, company,
                                                                                 bank_admin)
    assert (company.institution, company.prefecture, company.city, company.industry, company.employees) == (
        demo_bank, "新潟県", "燕市", "24", 35)
    assert (user.username, user.email, user.full_name, user.role, user.company) == (
        "hanako", "hanako@tsubame-seiko.example.jp", "燕 花子", Role.MEMBER, company)
    assert not user.has_usable_password()

    [invitation] = emails("invitation", user.email)
    assert "ログインID: hanako" in invitation.body and "72時間" in invitation.body
    set_password = client.get(link_path(invitation), follow=True)
    set_password_url = set_password.redirect_chain[-1][0]
    assert "ログインID" in set_password.content.decode() and "hanako" in set_password.content.decode()
    refused = client.post(set_password_url, {"new_password1": "hanako", "new_password2": "hanako"})
    assert refused.status_code == 200 and "ログインIDやメールアドレス" in refused.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"

    login = client.post("/accounts/login/", {"username": "hanako", "password": NEW_PASSWORD}, follow=True,
                        REMOTE_ADDR="198.51.100.8")
    assert login.redirect_chain[-1][0] == "/terms/?next=%2F"
    page = login.content.decode()
    assert "運営規約への同意" in page and "ver. 3.0" in page and terms.body in page
    assert client.get("/portal/needs/")["Location"] == "/terms/?next=%2Fportal%2Fneeds%2F"

    portal = client.post("/terms/", {"document": terms.pk, "agree": "on", "next": "/"}, follow=True,
                         REMOTE_ADDR="198.51.100.8")
    assert portal.redirect_chain[-1][0] == "/portal/" and "株式会社つばめ精工" in portal.content.decode()
    acceptance = TermsAcceptance.objects.unscoped("test").get(user=user)
    assert (acceptance.document, acceptance.ip_address) == (terms, "198.51.100.8")
    assert client.get("/portal/needs/").status_code == 200


@pytest.mark.req("USR-1")
def test_a_refused_applicant_gets_the_reason_by_email(bank_admin):
    application = ApplicationFactory(institution=bank_admin.institution, email="tanaka@example.jp")
    with pytest.raises(ValidationError, match="お断りの理由を入力"):
        application_refuse(application=application, actor=bank_admin, reason="  ")
    application_refuse(application=application, actor=bank_admin, reason="当行に法人口座のお取引が確認できませんでした。")
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (Status.REFUSED, bank_admin)
    [refusal] = emails("application_refused", "tanaka@example.jp")
    assert "当行に法人口座のお取引が確認できませんでした。" in refusal.body and "お受けできない" in refusal.body
    assert refusal.subject == "[Big Advance] 入会申込の審査結果のお知らせ"  # fixed: no typed text in subjects
    assert not MemberCompany.objects.unscoped("test").exists()
    with pytest.raises(ValidationError, match="既に審査済み"):
        application_approve(application=application, actor=bank_admin)


@pytest.mark.req("USR-1")
@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("who", ["member", "other_fi_admin", "support_staff", "operator"])
def test_only_an_admin_of_the_bank_applied_to_decides(request, who, bank_admin):
    application = ApplicationFactory(institution=bank_admin.institution)
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        application_approve(application=application, actor=actor)
    with pytest.raises(PermissionDenied):
        application_refuse(application=application, actor=actor, reason="理由")
    application.refresh_from_db()
    assert application.status == Status.VERIFIED and not User.objects.unscoped("test").filter(
        email=application.email).exists()


@pytest.mark.req("AUTH-1")
def test_another_banks_admin_gets_404_for_an_application(bank_admin, other_fi_admin):
    from django.http import Http404

    application = ApplicationFactory(institution=bank_admin.institution)
    assert application_for(bank_admin, application.pk) == application
    with pytest.raises(Http404):
        application_for(other_fi_admin, application.pk)
    with pytest.raises(Http404):
        application_for(bank_admin, 999_999)


def test_an_application_whose_email_is_not_confirmed_cannot_be_decided(bank_admin):
    application = ApplicationFactory(institution=bank_admin.institution, status=Status.APPLIED, verified_at=None)
    with pytest.raises(ValidationError, match="メールアドレスの確認が済んでいない"):
        application_approve(application=application, actor=bank_admin)


def test_approval_stops_with_a_message_when_the_company_already_is_a_member(bank_admin):
    CompanyFactory(institution=bank_admin.institution, name="株式会社かぶり")
    application = ApplicationFactory(institution=bank_admin.institution, company_name="株式会社かぶり")
    with pytest.raises(ValidationError, match="同じ会社名の会員企業が既に登録されています"):
        application_approve(application=application, actor=bank_admin)
    application.refresh_from_db()
    assert application.status == Status.VERIFIED and emails("invitation") == []


def test_approval_stops_when_the_address_became_an_account_meanwhile(bank_admin):
    application = ApplicationFactory(institution=bank_admin.institution, email="late@example.jp")
    UserFactory(email="late@example.jp")
    companies = MemberCompany.objects.unscoped("test").count()
    with pytest.raises(ValidationError, match="既に別のユーザー"):
        application_approve(application=application, actor=bank_admin)
    assert MemberCompany.objects.unscoped("test").count() == companies


@pytest.mark.req("USR-1")
def test_the_first_login_id_comes_from_the_email_and_never_collides(db):
    UserFactory(username="info", email="info@elsewhere.example.jp")
    UserFactory(username="Info-2", email="info2@elsewhere.example.jp")
    assert login_id_for("info@tsubame.example.jp") == "info-3"
    assert login_id_for("Hanako.Tsubame+ba@example.jp") == "hanako.tsubameba"
    assert login_id_for("山田@example.jp") == "member"
    assert login_id_for("ab@example.jp") == "member-ab"
