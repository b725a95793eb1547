"""DOC-1: versioned documents posted in the service, applying from posting, FIs notified, history viewable."""

import pytest
from django.core.exceptions import ValidationError

from members.models import FinancialInstitution, ServiceDocument
from members.selectors import current_documents
from members.services import document_post
from tests.factories import FIAdminFactory, InstitutionFactory

SPEC = ServiceDocument.Kind.SERVICE_SPECIFICATION


def _post(version, **kwargs):
    return document_post(kind=SPEC, version=version, body=f"本文 {version}", change_summary=f"変更 {version}",
                         **kwargs)


@pytest.mark.req("DOC-1")
@pytest.mark.django_db
def test_posting_a_version_emails_every_active_fi_admin(fi_admin, other_fi_admin, member, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    terminated = InstitutionFactory(status=FinancialInstitution.Status.TERMINATED)
    FIAdminFactory(institution=terminated)
    with django_capture_on_commit_callbacks(execute=True):
        _post("2.1")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([fi_admin.email, other_fi_admin.email])
    assert "サービス仕様書 ver. 2.1" in mailoutbox[0].subject
    assert "変更 2.1" in mailoutbox[0].body


@pytest.mark.req("DOC-1")
@pytest.mark.django_db
def test_new_version_applies_from_posting_and_history_is_kept(client, member, time_machine):
    time_machine.move_to("2026-04-01 09:00:00+09:00")
    _post("1.0")
    time_machine.move_to("2026-06-01 09:00:00+09:00")
    _post("2.0")
    assert [d.version for d in current_documents()] == ["2.0"]
    client.force_login(member)
    history = client.get("/documents/history/specification/").content.decode()
    assert history.index("ver. 2.0") < history.index("ver. 1.0")
    assert "変更 1.0" in history and "変更 2.0" in history


@pytest.mark.req("DOC-1")
@pytest.mark.django_db
def test_a_fresh_version_shows_a_banner_to_signed_in_users(client, member):
    document = _post("3.0")
    client.force_login(member)
    page = client.get("/portal/").content.decode()
    assert "サービス仕様書 ver. 3.0 を掲示しました" in page
    assert f"/documents/{document.pk}/" in page


@pytest.mark.req("DOC-1")
@pytest.mark.django_db
def test_the_same_version_cannot_be_posted_twice():
    _post("1.0")
    with pytest.raises(ValidationError):
        _post("1.0")
    assert ServiceDocument.objects.count() == 1


@pytest.mark.req("DOC-1")
@pytest.mark.django_db
def test_operator_posts_through_the_admin_and_fis_are_told(client, operator, fi_admin, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/members/servicedocument/add/", {
            "kind": SPEC, "version": "2.2", "body": "本文", "change_summary": "6-6 パスワードポリシー見直し"})
    assert response.status_code == 302
    document = ServiceDocument.objects.get(version="2.2")
    assert document.posted_by == operator
    assert [m.to for m in mailoutbox] == [[fi_admin.email]]


@pytest.mark.django_db
def test_documents_need_login(client):
    assert client.get("/documents/").status_code == 302
