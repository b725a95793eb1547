"""The shared shortcuts behind cheap pages answer exactly as Django's own: `{% url %}` reversing once per
process, choice labels looked up instead of scanned."""

import pytest
from django.template import Context, Engine, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from members.matching import industries
from members.models import MemberCompany, Role, User


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


# --- {% url %} ----------------------------------------------------------------------------------------------

def test_url_gives_what_reverse_gives():
    assert _render("{% url 'console:company_detail' 7 %}") == reverse("console:company_detail", args=[7])
    assert _render("{% url 'console:company_detail' company_id=pk %}", pk=8) == reverse(
        "console:company_detail", kwargs={"company_id": 8})
    assert _render("{% url 'documents:history' kind %}", kind="terms") == "/documents/history/terms/"
    assert _render("{% url 'status' as link %}[{{ link }}]") == f"[{reverse('status')}]"


def test_url_of_the_same_name_follows_its_arguments():
    source = "{% for pk in pks %}{% url 'console:company_detail' pk %} {% endfor %}"
    assert _render(source, pks=[1, 2, 1]).split() == [reverse("console:company_detail", args=[pk]) for pk in (1, 2, 1)]


def test_url_follows_the_script_prefix():
    before = _render("{% url 'status' %}")
    set_script_prefix("/bank/")
    try:
        assert _render("{% url 'status' %}") == "/bank" + before
    finally:
        set_script_prefix("/")
    assert _render("{% url 'status' %}") == before


def test_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'console:company_detail' 'not-a-number' %}")
    assert _render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"


def test_url_does_not_mistake_true_for_one():
    assert _render("{% url 'console:company_detail' 1 %}") == reverse("console:company_detail", args=[1])
    with pytest.raises(NoReverseMatch):  # as reverse(args=[True]): "True" is no company id
        _render("{% url 'console:company_detail' flag %}", flag=True)


@pytest.mark.parametrize("source", [
    "{% url 'home' %}", "{% url 'console:company_detail' 3 %}", "{% url 'documents:history' 'terms' %}",
    "{% url 'admin:app_list' app_label='members' %}", "{% url 'status' as link %}{{ link }}",
])
def test_url_renders_what_djangos_own_tag_renders(source):
    djangos = Engine(libraries={}).from_string(source)  # a bare engine: Django's builtin {% url %}
    assert _render(source) == djangos.render(Context()) != ""


# --- choice labels ------------------------------------------------------------------------------------------

def test_choice_labels_are_django_labels_in_the_reader_language():
    company = MemberCompany(industry="24", prefecture="東京都")
    assert company.get_industry_display() == str(industries.label_of("24"))
    with translation.override("en"):
        assert User(role=Role.FI_ADMIN).get_role_display() == str(Role.FI_ADMIN.label) == "FI administrator"
    assert MemberCompany(industry="zz").get_industry_display() == "zz"  # an unknown value is shown as it is


def test_an_industry_label_translates_one_label_not_the_whole_list(monkeypatch):
    calls = []
    trans = translation._trans
    original = trans.gettext
    monkeypatch.setattr(trans, "gettext", lambda message: calls.append(message) or original(message))
    assert MemberCompany(industry="24").get_industry_display() == "金属製品製造業"
    assert len(calls) <= 2
