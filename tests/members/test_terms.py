"""Issue 8 item 5 (DOC-2): every signed-in person accepts the operating terms in force before any other page,
at first login and after each new version; the acceptance is recorded with its version, time and address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import ServiceDocument, TermsAcceptance
from members.services import document_post
from members.terms.services import terms_accept

from .join_factories import TermsFactory

pytestmark = pytest.mark.django_db
ROLES = ["member", "fi_admin", "support_staff", "system_lead", "operator"]
TERMS = ServiceDocument.Kind.OPERATING_TERMS


@pytest.fixture
def terms(db):
    return TermsFactory(version="1.0")


def _acceptances(**lookup):
    return TermsAcceptance.objects.unscoped("test").filter(**lookup)


def _post_new_version(version: str = "2.0", **kwargs) -> ServiceDocument:
    return document_post(kind=TERMS, version=version, body=f"第1条 改定後の本文 {version}",
                         change_summary="第3条（禁止事項）を改定", notify=False, **kwargs)


@pytest.mark.req("DOC-2")
@pytest.mark.req("AUTH-1")
@pytest.mark.parametrize("role", ROLES)
def test_a_new_version_sends_every_role_to_the_acceptance_page_and_back(client, request, terms, role):
    user = request.getfixturevalue(role)
    terms_accept(user=user, document=terms, ip_address=None)
    client.force_login(user)
    assert client.get("/status/").status_code == 200

    new = _post_new_version()
    response = client.get("/status/?tab=upcoming")
    assert response.status_code == 302 and response["Location"] == "/terms/?next=%2Fstatus%2F%3Ftab%3Dupcoming"
    page = client.get(response["Location"]).content.decode()
    assert "ver. 2.0" in page and "改定後の本文" in page and "第3条（禁止事項）を改定" in page
    assert client.get("/").status_code == 302 and client.get("/").url.startswith("/terms/")

    done = client.post("/terms/", {"document": new.pk, "agree": "on", "next": "/status/?tab=upcoming"},
                       REMOTE_ADDR="192.0.2.44")
    assert done.status_code == 302 and done["Location"] == "/status/?tab=upcoming"
    assert client.get("/status/?tab=upcoming").status_code == 200
    acceptance = _acceptances(user=user, document=new).get()
    assert acceptance.ip_address == "192.0.2.44"
    assert abs(acceptance.accepted_at - timezone.now()) < timedelta(minutes=1)
    assert _acceptances(user=user).count() == 2  # the earlier version's acceptance stays on record


@pytest.mark.req("DOC-2")
def test_first_login_goes_to_the_acceptance_page(client, member, password, terms):
    response = client.post("/accounts/login/", {"username": member.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == "/terms/?next=%2F"
    assert "運営規約への同意" in response.content.decode()
    assert not _acceptances(user=member).exists()


def test_without_terms_nobody_is_held_back(client, member):
    client.force_login(member)
    assert client.get("/portal/").status_code == 200


@pytest.mark.req("DOC-2")
def test_the_box_must_be_ticked(client, member, terms):
    client.force_login(member)
    response = client.post("/terms/", {"document": terms.pk, "next": "/portal/"})
    assert response.status_code == 200 and "運営規約への同意が必要です" in response.content.decode()
    assert not _acceptances(user=member).exists()
    assert client.get("/portal/").status_code == 302


@pytest.mark.req("DOC-2")
def test_accepting_a_version_replaced_meanwhile_shows_the_new_one(client, member, terms):
    client.force_login(member)
    new = _post_new_version()
    response = client.post("/terms/", {"document": terms.pk, "agree": "on", "next": "/portal/"}, follow=True)
    assert response.redirect_chain[0][0] == "/terms/?next=%2Fportal%2F"
    page = response.content.decode()
    assert "運営規約が更新されました" in page and "ver. 2.0" in page
    assert not _acceptances(user=member).exists()
    client.post("/terms/", {"document": new.pk, "agree": "on", "next": "/portal/"})
    assert _acceptances(user=member, document=new).exists()


def test_a_version_posted_for_later_applies_from_its_time(client, member, terms, time_machine):
    time_machine.move_to(timezone.localtime(), tick=False)
    terms_accept(user=member, document=terms, ip_address=None)
    client.force_login(member)
    _post_new_version(posted_at=timezone.now() + timedelta(hours=2))
    assert client.get("/portal/").status_code == 200
    time_machine.shift(timedelta(hours=2, seconds=1))
    assert client.get("/portal/")["Location"] == "/terms/?next=%2Fportal%2F"


@pytest.mark.parametrize("path", ["/documents/", "/healthz", "/static/css/app.css", "/accounts/password/reset/",
                                  "/join/sent/", "/terms/?next=/portal/"])
def test_the_documents_probes_static_files_and_password_pages_stay_open(client, member, terms, path, settings):
    settings.WHITENOISE_USE_FINDERS = True  # static files served as the demo serves them
    client.force_login(member)
    assert client.get(path).status_code == 200


def test_logout_stays_open(client, member, terms):
    client.force_login(member)
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/terms/?next=/terms/", ""])
def test_next_never_leaves_the_site_nor_loops(client, member, terms, next_url):
    client.force_login(member)
    response = client.post("/terms/", {"document": terms.pk, "agree": "on", "next": next_url})
    assert response["Location"] == "/"


def test_an_accepted_version_is_not_asked_again_and_the_page_moves_on(client, member, terms):
    terms_accept(user=member, document=terms, ip_address=None)
    client.force_login(member)
    assert client.get("/terms/?next=/portal/needs/")["Location"] == "/portal/needs/"
    terms_accept(user=member, document=terms, ip_address="192.0.2.1")  # again: nothing changes
    assert _acceptances(user=member).get().ip_address is None


def test_a_form_posted_before_accepting_is_not_processed(client, member, terms):
    client.force_login(member)
    response = client.post("/portal/needs/new/", {"title": "書かれない"}, HTTP_REFERER="http://testserver/portal/needs/")
    assert response.status_code == 303 and response["Location"] == "/terms/?next=http%3A%2F%2Ftestserver%2Fportal%2Fneeds%2F"


def test_htmx_and_api_requests_are_told_in_their_own_terms(client, fi_admin, terms):
    client.force_login(fi_admin)
    htmx = client.get("/console/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/terms/?next=%2Fconsole%2F"
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["code"] == "terms_not_accepted"


def test_terms_accept_refuses_a_version_not_in_force(member, terms):
    from django.core.exceptions import ValidationError

    later = _post_new_version(posted_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="運営規約が更新されました"):
        terms_accept(user=member, document=later, ip_address=None)
    spec = document_post(kind=ServiceDocument.Kind.SERVICE_SPECIFICATION, version="1.0", body="仕様",
                         change_summary="初版", notify=False)
    with pytest.raises(ValidationError):
        terms_accept(user=member, document=spec, ip_address=None)
