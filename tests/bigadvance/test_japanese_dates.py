"""Dates and times typed the way Japanese people write them (UI guide): one field for every form."""

from datetime import date, datetime

import pytest
from django import forms

from bigadvance.forms import JapaneseDateField, JapaneseDateTimeField
from ops.calendar import TOKYO


class WhenForm(forms.Form):
    when = JapaneseDateTimeField()


class DayForm(forms.Form):
    day = JapaneseDateField(required=False)


@pytest.mark.parametrize("typed", [
    "2027-02-10 22:00", "2027/02/10 22:00", "2027/2/10 22:00", "2027.2.10 22:00", "2027-02-10T22:00",
    "2027-02-10T22:00:00", "2027年2月10日 22:00", "2027年2月10日22:00", "2027年2月10日22時00分",
    "2027年2月10日 22時", "2027年2月10日(水) 22:00", "２０２７／０２／１０　２２：００", "２０２７年２月１０日２２時００分",
    " 2027/02/10 22:00 ",
])
def test_common_japanese_forms_are_accepted(typed):
    form = WhenForm({"when": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime(2027, 2, 10, 22, 0, tzinfo=TOKYO)


def test_24_00_is_the_end_of_the_day():
    form = WhenForm({"when": "2027/02/10 24:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == datetime(2027, 2, 11, 0, 0, tzinfo=TOKYO)


@pytest.mark.parametrize("typed", ["10/02/2027 22:00", "来週の水曜", "2027-02-10 22", "22:00"])
def test_other_text_is_refused_with_the_expected_format(typed):
    form = WhenForm({"when": typed})
    assert not form.is_valid()
    assert form.errors["when"] == ["日時は「2027-02-10 22:00」または「2027年2月10日 22:00」の形式で入力してください。"]


@pytest.mark.parametrize("typed", ["2027年2月30日 10:00", "2027/02/10 25:00", "2027/02/10 22:61"])
def test_a_date_or_time_that_does_not_exist_is_named(typed):
    form = WhenForm({"when": typed})
    assert not form.is_valid()
    assert form.errors["when"] == [f"存在しない日時です（{typed}）。"]


def test_a_date_without_time_asks_for_the_time():
    form = WhenForm({"when": "2027年2月10日"})
    assert not form.is_valid()
    assert form.errors["when"] == ["時刻も入力してください（例：2027-02-10 22:00）。"]


def test_years_far_away_are_refused():
    form = WhenForm({"when": "9999-12-31 22:00"})
    assert not form.is_valid()
    assert form.errors["when"] == ["年は2000年から2100年の間で入力してください。"]


def test_the_widget_is_a_date_and_time_picker():
    html = str(WhenForm()["when"])
    assert 'type="datetime-local"' in html
    bound = WhenForm(initial={"when": datetime(2027, 2, 10, 13, 0, tzinfo=TOKYO)})
    assert 'value="2027-02-10T13:00"' in str(bound["when"])


@pytest.mark.parametrize("typed", ["2027-02-10", "2027/2/10", "2027年2月10日", "２０２７年２月１０日(水)"])
def test_date_field_accepts_the_same_forms(typed):
    form = DayForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2027, 2, 10)
    assert 'type="date"' in str(DayForm()["day"])
