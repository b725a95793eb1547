"""Item 14: the desk page says what is there today and promises nothing that does not exist."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["support_staff", "system_lead"])
def test_desk_page_says_what_staff_can_do_today(client, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get("/desk/").content.decode()
    assert "今後のリリースで追加されます" in page
    main = page.split("<main", 1)[1]
    links = set(re.findall(r'href="([^"]+)"', main))
    assert {"/status/", "/documents/", "/accounts/password/change/"} <= links
    for link in links:  # every promise on the page is a page that exists
        assert client.get(link).status_code == 200, link


def test_desk_page_does_not_claim_to_receive_inquiries(client, support_staff):
    client.force_login(support_staff)
    page = client.get("/desk/").content.decode()
    assert "お問い合わせを受け付けます" not in page
