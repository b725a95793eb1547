"""Issue 9 item 3: membership applications in the console (USR-1, AUTH-1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import MemberCompany, MembershipApplication, User
from members.terms.services import terms_accept
from ops.models import EmailLog
from tests.factories import CompanyFactory
from tests.matching.factories import without_tokens
from tests.members.join_factories import ApplicationFactory, TermsFactory

Status = MembershipApplication.Status


@pytest.fixture
def console(client, fi_admin):
    terms_accept(user=fi_admin, document=TermsFactory(), ip_address=None)  # the applications need terms in force
    client.force_login(fi_admin)
    return client


@pytest.mark.req("AUTH-1", "USR-1")
@pytest.mark.django_db
def test_another_banks_application_answers_as_a_missing_one(console, other_bank):
    foreign = ApplicationFactory(institution=other_bank)
    missing = foreign.pk + 1000
    for suffix, method, data in [("", "get", {}), ("approve/", "post", {}), ("refuse/", "post", {"reason": "理由"})]:
        answers = [getattr(console, method)(f"/console/applications/{pk}/{suffix}", data)
                   for pk in (foreign.pk, missing)]
        assert [answer.status_code for answer in answers] == [404, 404], suffix
        assert without_tokens(answers[0].content) == without_tokens(answers[1].content), suffix
    foreign.refresh_from_db()
    assert foreign.status == Status.VERIFIED
    assert foreign.company_name not in console.get("/console/applications/").content.decode()


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_the_admin_approves_through_the_pages(console, bank):
    application = ApplicationFactory(institution=bank, company_name="株式会社つばめ精工")
    assert "株式会社つばめ精工" in console.get("/console/applications/").content.decode()
    page = console.get(f"/console/applications/{application.pk}/").content.decode()
    assert "重複の可能性" not in page and "承認する" in page
    response = console.post(f"/console/applications/{application.pk}/approve/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert MemberCompany.objects.unscoped("test").filter(institution=bank, name="株式会社つばめ精工").exists()
    assert User.objects.unscoped("test").filter(email=application.email).exists()
    decided = console.get("/console/applications/", {"tab": "decided"}).content.decode()
    assert "株式会社つばめ精工" in decided
    assert "株式会社つばめ精工" not in console.get("/console/applications/").content.decode()


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_refusal_needs_a_reason_and_emails_it(console, bank):
    application = ApplicationFactory(institution=bank, email="tanaka@example.jp")
    response = console.post(f"/console/applications/{application.pk}/refuse/", {"reason": "  "})
    assert response.status_code == 400 and "お断りの理由を入力してください" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.VERIFIED
    console.post(f"/console/applications/{application.pk}/refuse/", {"reason": "口座のお取引が確認できませんでした。"})
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == (Status.REFUSED, "口座のお取引が確認できませんでした。")
    assert EmailLog.objects.filter(template="application_refused", recipient="tanaka@example.jp").exists()


@pytest.mark.req("USR-1")
@pytest.mark.django_db
@pytest.mark.parametrize("same", ["corporate_number", "name_and_prefecture"])
def test_a_likely_duplicate_is_warned_about(console, bank, other_bank, same):
    if same == "corporate_number":
        CompanyFactory(institution=bank, name="株式会社旧社名", corporate_number="1234567890123")
        application = ApplicationFactory(institution=bank, company_name="株式会社新社名",
                                          corporate_number="1234567890123")
    else:
        CompanyFactory(institution=bank, name="株式会社つばめ精工", prefecture="新潟県")
        application = ApplicationFactory(institution=bank, company_name="株式会社つばめ精工", prefecture="新潟県")
    page = console.get(f"/console/applications/{application.pk}/").content.decode()
    assert "重複の可能性があります" in page


@pytest.mark.req("USR-1", "AUTH-1")
@pytest.mark.django_db
def test_another_banks_member_is_no_duplicate(console, bank, other_bank):
    CompanyFactory(institution=other_bank, name="株式会社つばめ精工", prefecture="新潟県")
    application = ApplicationFactory(institution=bank, company_name="株式会社つばめ精工", prefecture="新潟県")
    assert "重複の可能性" not in console.get(f"/console/applications/{application.pk}/").content.decode()


@pytest.mark.req("USR-1")
@pytest.mark.django_db
def test_approving_a_duplicate_name_is_refused_with_a_message(console, bank):
    CompanyFactory(institution=bank, name="株式会社つばめ精工", prefecture="新潟県")
    application = ApplicationFactory(institution=bank, company_name="株式会社つばめ精工", prefecture="新潟県")
    response = console.post(f"/console/applications/{application.pk}/approve/", follow=True)
    assert "同じ会社名の会員企業が既に登録されています" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.VERIFIED


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_application_lists_cost_the_same_queries_with_5_and_100_rows(console, fi_admin, bank):
    ApplicationFactory.create_batch(5, institution=bank)
    ApplicationFactory.create_batch(5, institution=bank, status=Status.REFUSED, decided_by=fi_admin)
    few = [_queries(console, "/console/applications/"), _queries(console, "/console/applications/?tab=decided")]
    ApplicationFactory.create_batch(95, institution=bank)
    ApplicationFactory.create_batch(95, institution=bank, status=Status.REFUSED, decided_by=fi_admin)
    assert [_queries(console, "/console/applications/"),
            _queries(console, "/console/applications/?tab=decided")] == few
