"""DOC-2 records: an FI admin sees its people's acceptances, an operator the rates per version; the check on
every page costs no query; the demo leaves exactly one account to show the flow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import demo, demo_join
from members.models import MembershipApplication, ServiceDocument, TermsAcceptance, User
from members.services import document_post
from members.terms.selectors import acceptance_rates, acceptances_visible_to, accounts_with_current_acceptance
from members.terms.services import terms_accept
from tests.factories import CompanyFactory, InstitutionFactory, UserFactory

from .join_factories import TermsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(db):
    return TermsFactory(version="1.0")


@pytest.mark.req("DOC-2")
@pytest.mark.req("AUTH-1")
def test_an_fi_admin_sees_its_own_peoples_acceptances_only(fi_admin, member, other_fi_admin, terms, operator):
    stranger = UserFactory(company=CompanyFactory(institution=other_fi_admin.institution))
    for person in (fi_admin, member, stranger, other_fi_admin, operator):
        terms_accept(user=person, document=terms, ip_address="192.0.2.5")
    assert {a.user for a in acceptances_visible_to(fi_admin)} == {fi_admin, member}
    assert {a.user for a in acceptances_visible_to(other_fi_admin)} == {other_fi_admin, stranger}
    assert list(acceptances_visible_to(operator)) == []  # staff read counts, never a bank's people
    assert list(acceptances_visible_to(member)) == []  # nor colleagues each other's

    not_yet = UserFactory(company=member.company)
    accounts = {a.username: a.terms_accepted_at for a in accounts_with_current_acceptance(fi_admin)}
    assert set(accounts) == {fi_admin.username, member.username, not_yet.username}
    assert accounts[member.username] is not None and accounts[not_yet.username] is None


@pytest.mark.req("DOC-2")
def test_operators_see_acceptance_rates_per_version_and_per_bank(client, operator, fi_admin, member, terms):
    UserFactory(company=member.company, is_active=False)  # cannot sign in: not counted
    terms_accept(user=member, document=terms, ip_address=None)
    terms_accept(user=operator, document=terms, ip_address=None)
    new = document_post(kind=ServiceDocument.Kind.OPERATING_TERMS, version="2.0", body="改定", change_summary="改定",
                        notify=False)
    terms_accept(user=operator, document=new, ip_address=None)

    versions, institutions = acceptance_rates(operator)
    assert [(v.version, v.is_current, v.accepted, v.accounts) for v in versions] == [
        ("2.0", True, 1, 3), ("1.0", False, 2, 3)]
    assert {(row.name, row.accepted, row.accounts) for row in institutions} == {
        (fi_admin.institution.name, 0, 2), ("運営会社（スタッフ）", 1, 1)}

    client.force_login(operator)
    page = client.get("/operations/terms/").content.decode()
    assert "運営規約の同意状況" in page and "ver. 2.0" in page and "33.3%" in page and "66.7%" in page
    assert 'href="/operations/terms/"' in page  # in the operations navigation


@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("who", ["member", "fi_admin", "support_staff"])
def test_the_rates_page_is_for_operators_only(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get("/operations/terms/").status_code == 403
    with pytest.raises(Exception, match="権限"):
        acceptance_rates(user)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.req("DOC-2")
@pytest.mark.parametrize(("who", "url"), [("member", "/portal/"), ("fi_admin", "/console/"),
                                          ("support_staff", "/desk/"), ("operator", "/operations/")])
def test_the_terms_check_costs_no_query_on_a_signed_in_page(client, request, who, url):
    user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(url)
    without_terms = _queries(client, url)

    terms = TermsFactory()
    terms_accept(user=user, document=terms, ip_address=None)
    client.get(url)  # the first page after the new version asks the database once and keeps the answer
    assert _queries(client, url) == without_terms
    assert _queries(client, url) == without_terms


@pytest.mark.req("DOC-2")
def test_the_demo_leaves_one_member_to_show_the_acceptance_flow(client):
    demo.seed()
    demo_join.seed()
    terms = ServiceDocument.objects.get(kind=ServiceDocument.Kind.OPERATING_TERMS)
    waiting = set(User.objects.unscoped("test").exclude(terms_acceptances__document=terms)
                  .values_list("username", flat=True))
    assert waiting == {"hokuto-suzuki"}
    counts = (TermsAcceptance.objects.unscoped("test").count(), MembershipApplication.objects.unscoped("test").count())
    demo_join.seed()
    assert counts == (TermsAcceptance.objects.unscoped("test").count(),
                      MembershipApplication.objects.unscoped("test").count())
    assert set(MembershipApplication.objects.unscoped("test").values_list("status", flat=True)) == {
        "verified", "refused"}

    client.force_login(User.objects.unscoped("test").get(username="demo-bank-member"))
    assert client.get("/portal/").status_code == 200
    client.force_login(User.objects.unscoped("test").get(username="hokuto-suzuki"))
    assert client.get("/portal/")["Location"] == "/terms/?next=%2Fportal%2F"


def test_the_rates_page_costs_the_same_queries_for_few_and_many_versions_and_banks(client, operator):
    def grow(count: int) -> None:
        for _ in range(count):
            institution = InstitutionFactory()
            user = UserFactory(company=CompanyFactory(institution=institution))
            terms = TermsFactory()
            terms_accept(user=user, document=terms, ip_address=None)
        terms_accept(user=operator, document=terms, ip_address=None)

    client.force_login(operator)
    grow(2)
    client.get("/operations/terms/")
    few = _queries(client, "/operations/terms/")
    grow(10)
    client.get("/operations/terms/")
    assert _queries(client, "/operations/terms/") == few
