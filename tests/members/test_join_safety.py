"""Issue 8 item 1, bad input and safety: the public application form is throttled, CSRF-protected and trapped
for bots; an existing address, an unknown or ended bank change nothing and answer like any application; the
verification and invitation links are signed, single-use and expire."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from members.join.invitations import invitation_resend
from members.join.services import application_approve
from members.models import FinancialInstitution, MembershipApplication
from members.services import institution_terminate
from tests.factories import FIAdminFactory, InstitutionFactory, UserFactory

from .join_factories import ApplicationFactory, TermsFactory
from .join_helpers import application_data, emails, link_path

pytestmark = pytest.mark.django_db
Status = MembershipApplication.Status
GOOD_PASSWORD = "Tsubame-kaze-2026"


@pytest.fixture
def demo_bank(db):
    return InstitutionFactory(code="0901", name="デモ銀行")


@pytest.fixture
def terms(db):
    return TermsFactory()


def _applications():
    return MembershipApplication.objects.unscoped("test")


def _nothing_stored():
    return not _applications().exists() and emails("application_verify") == []


# --- abuse guards ----------------------------------------------------------------------------------------------

@pytest.mark.req("AUTH-1")
def test_submissions_are_throttled_per_address(client, demo_bank, terms, settings):
    settings.JOIN_THROTTLE_PER_IP = 2
    for number in range(2):
        data = application_data(terms, email=f"a{number}@example.jp", company_name=f"株式会社{number}")
        assert client.post("/join/0901/", data, REMOTE_ADDR="203.0.113.9").status_code == 302
    response = client.post("/join/0901/", application_data(terms, email="a3@example.jp"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "短時間に多くのお申し込みがありました。しばらく時間をおいてから" in response.content.decode()
    assert _applications().count() == 2
    # another address is not held back
    assert client.post("/join/0901/", application_data(terms, email="a4@example.jp", company_name="株式会社4"),
                       REMOTE_ADDR="203.0.113.10").status_code == 302


@pytest.mark.req("AUTH-1")
def test_submissions_are_throttled_per_email(client, demo_bank, terms, settings):
    settings.JOIN_THROTTLE_PER_EMAIL = 1
    assert client.post("/join/0901/", application_data(terms), REMOTE_ADDR="203.0.113.1").status_code == 302
    response = client.post("/join/0901/", application_data(terms, email="HANAKO@tsubame-seiko.example.jp"),
                           REMOTE_ADDR="203.0.113.2")
    assert response.status_code == 429 and "しばらく時間をおいて" in response.content.decode()
    assert len(emails("application_verify")) == 1 and emails("application_attempt") == []


def test_the_throttle_window_ends(client, demo_bank, terms, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.JOIN_THROTTLE_PER_EMAIL = 1
    client.post("/join/0901/", application_data(terms))
    _applications().update(status=Status.REFUSED)
    assert client.post("/join/0901/", application_data(terms)).status_code == 429
    time_machine.shift(timedelta(minutes=settings.JOIN_THROTTLE_WINDOW_MINUTES + 1))
    assert client.post("/join/0901/", application_data(terms)).status_code == 302
    assert _applications().filter(status=Status.APPLIED).count() == 1


def test_a_filled_honeypot_stores_nothing_and_answers_like_an_application(client, demo_bank, terms):
    response = client.post("/join/0901/", application_data(terms, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/join/sent/"
    assert _nothing_stored()
    page = client.get("/join/0901/").content.decode()
    assert 'name="website"' in page and "<div hidden" in page  # people never see the trap


def test_the_form_needs_a_csrf_token(demo_bank, terms):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/join/0901/", application_data(terms))
    assert response.status_code == 403 and _nothing_stored()
    assert 'name="csrfmiddlewaretoken"' in client.get("/join/0901/").content.decode()


# --- who exists stays unknown ------------------------------------------------------------------------------------

@pytest.mark.req("AUTH-1")
def test_an_address_of_an_existing_account_changes_nothing_and_its_owner_is_told(client, demo_bank, terms):
    UserFactory(email="taken@example.jp")
    response = client.post("/join/0901/", application_data(terms, email="Taken@example.jp"))
    assert response.status_code == 302 and response["Location"] == "/join/sent/"  # as for a new application
    assert _nothing_stored()
    [attempt] = emails("application_attempt")
    assert attempt.recipient == "taken@example.jp" and "既に Big Advance のユーザーとして登録" in attempt.body
    assert "デモ銀行" in attempt.body


def test_an_address_with_an_application_under_way_changes_nothing(client, demo_bank, terms):
    ApplicationFactory(institution=demo_bank, email="hanako@tsubame-seiko.example.jp", company_name="元の申込")
    response = client.post("/join/0901/", application_data(terms))
    assert response["Location"] == "/join/sent/"
    assert list(_applications().values_list("company_name", flat=True)) == ["元の申込"]
    [attempt] = emails("application_attempt", "hanako@tsubame-seiko.example.jp")
    assert "既に手続き中" in attempt.body


def test_an_unconfirmed_application_whose_link_expired_gives_way(client, demo_bank, terms, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.post("/join/0901/", application_data(terms, company_name="最初の申込"))
    time_machine.shift(timedelta(hours=49))
    client.post("/join/0901/", application_data(terms, company_name="二度目の申込"))
    assert list(_applications().values_list("company_name", flat=True)) == ["二度目の申込"]


@pytest.mark.parametrize("ended", [False, True])
def test_an_unknown_or_ended_bank_stores_nothing(client, demo_bank, terms, ended):
    code = "0901" if ended else "9999"
    if ended:
        institution_terminate(institution=demo_bank)
    assert client.get(f"/join/{code}/").status_code == 404
    response = client.post(f"/join/{code}/", application_data(terms))
    assert response.status_code == 302 and response["Location"] == "/join/sent/"
    assert _nothing_stored() and emails("application_attempt") == []
    assert FinancialInstitution.objects.filter(code=code).count() == (1 if ended else 0)


# --- the form says what is wrong ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("corporate_number", "1234567890123", "チェックディジットが一致しません"),
    ("corporate_number", "12345", "法人番号は13桁の数字で入力してください。"),
    ("account_confirmed", None, "お取引店に口座があることを確認してください。"),
    ("agree_terms", None, "お申し込みには運営規約への同意が必要です。"),
    ("email", "not-an-address", "メールアドレスの形式が正しくありません。"),
    ("employees", "-1", "従業員数は0以上で入力してください。"),
    ("prefecture", "ムー大陸", "選択してください"),
    ("company_name", "", "会社名を入力してください。"),
    ("branch_name", "", "お取引店を入力してください。"),
])
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(client, demo_bank, terms, field, value, message):
    response = client.post("/join/0901/", application_data(terms, **{field: value}))
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "field-error" in page
    assert "株式会社つばめ精工" in page or field == "company_name"  # what was typed is kept
    assert _nothing_stored()


def test_a_corporate_number_typed_in_full_width_with_hyphens_is_accepted(client, demo_bank, terms):
    client.post("/join/0901/", application_data(terms, corporate_number="７-００００-１２０５-０００２"))
    assert _applications().get().corporate_number == "7000012050002"


def test_terms_changed_while_the_form_was_open_must_be_read_again(client, demo_bank, terms):
    TermsFactory(version="9.0")
    response = client.post("/join/0901/", application_data(terms))
    assert response.status_code == 400 and "運営規約が更新されました" in response.content.decode()
    assert _nothing_stored()


def test_without_operating_terms_the_form_is_closed(client, demo_bank):
    page = client.get("/join/0901/").content.decode()
    assert "ただいまお申し込みを受け付けていません" in page and "<form method=\"post\" novalidate>" not in page


# --- the links ---------------------------------------------------------------------------------------------------

def test_a_verification_link_that_was_altered_or_expired_verifies_nothing(client, demo_bank, terms, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.post("/join/0901/", application_data(terms))
    path = link_path(emails("application_verify")[0])
    altered = client.get(path[:-3] + "xx/")
    assert altered.status_code == 400 and "このリンクは無効か、有効期限が切れています" in altered.content.decode()
    assert client.post(path[:-3] + "xx/").status_code == 400
    time_machine.shift(timedelta(hours=48, minutes=1))
    assert client.get(path).status_code == 400 and client.post(path).status_code == 400
    assert _applications().get().status == Status.APPLIED


def test_opening_the_verification_link_again_changes_nothing(client, demo_bank, terms):
    FIAdminFactory(institution=demo_bank)
    client.post("/join/0901/", application_data(terms))
    path = link_path(emails("application_verify")[0])
    assert client.post(path).status_code == 200
    assert client.post(path).status_code == 200
    assert len(emails("application_received")) == 1


@pytest.fixture
def invited(demo_bank):
    admin = FIAdminFactory(institution=demo_bank)
    application = application_approve(application=ApplicationFactory(institution=demo_bank, email="first@ex.jp"),
                                      actor=admin)
    return application.first_user, admin


def _set_password(client, path: str, password: str = GOOD_PASSWORD):
    opened = client.get(path, follow=True)
    return opened, client.post(opened.redirect_chain[-1][0] if opened.redirect_chain else path,
                                {"new_password1": password, "new_password2": password})


@pytest.mark.req("USR-1")
def test_the_invitation_link_works_once(client, invited):
    user, _admin = invited
    path = link_path(emails("invitation", user.email)[0])
    _opened, done = _set_password(client, path)
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    again = Client().get(path, follow=True)
    assert "このリンクは無効か、有効期限が切れているか、既に使われています" in again.content.decode()
    _opened, second = _set_password(Client(), path, "Another-pass-2027")
    user.refresh_from_db()
    assert second.status_code == 200 and user.check_password(GOOD_PASSWORD)


@pytest.mark.req("USR-1")
def test_the_invitation_link_expires(client, invited, settings, time_machine):
    user, _admin = invited
    path = link_path(emails("invitation", user.email)[0])
    time_machine.move_to(timezone.now() + timedelta(hours=settings.INVITATION_EXPIRY_HOURS, minutes=1))
    opened, _done = _set_password(client, path)
    assert "このリンクは無効か" in opened.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_the_invitation_link_still_works_just_before_it_expires(client, invited, settings, time_machine):
    user, _admin = invited
    path = link_path(emails("invitation", user.email)[0])
    time_machine.move_to(timezone.now() + timedelta(hours=settings.INVITATION_EXPIRY_HOURS - 1))
    _opened, done = _set_password(client, path)
    assert done.status_code == 302


def test_a_new_invitation_replaces_the_old_link(client, invited, other_fi_admin):
    from django.core.exceptions import PermissionDenied

    user, admin = invited
    old = link_path(emails("invitation", user.email)[0])
    with pytest.raises(PermissionDenied):
        invitation_resend(user=user, actor=other_fi_admin)
    invitation_resend(user=user, actor=admin)
    new = link_path(emails("invitation", user.email)[1])
    assert "このリンクは無効か" in client.get(old, follow=True).content.decode()
    assert _set_password(client, new)[1].status_code == 302


def test_the_service_itself_refuses_an_unconfirmed_account_and_outdated_terms(demo_bank, terms):
    from django.core.exceptions import ValidationError

    from members.join.services import application_submit

    values = {"company_name": "株式会社直呼び", "representative": "直 一郎", "industry": "24", "employees": 3,
              "prefecture": "新潟県", "city": "燕市", "street": "1-1", "contact_name": "直 花子",
              "email": "direct@example.jp", "branch_name": "本店"}
    with pytest.raises(ValidationError, match="口座があることを確認"):
        application_submit(institution_code="0901", terms_document=terms, account_confirmed=False, **values)
    newer = TermsFactory()
    with pytest.raises(ValidationError, match="運営規約が更新されました"):
        application_submit(institution_code="0901", terms_document=terms, account_confirmed=True, **values)
    assert _nothing_stored()
    application = application_submit(institution_code="0901", terms_document=newer, account_confirmed=True, **values)
    assert application.status == Status.APPLIED and application.terms_document == newer
