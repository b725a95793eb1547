"""Item 18/19 as a person sees them in Chromium: checkboxes beside their own labels, one-line table headers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.ops.factories import MaintenanceWindowFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _middle(box: dict) -> float:
    return box["y"] + box["height"] / 2


def test_each_maintenance_checkbox_sits_on_its_own_labels_row(page, operator, log_in, screenshot):
    log_in(page, operator)
    page.goto(page.base_url + "/operations/maintenance/new/")
    for name, text in [("stops_service", "サービスを停止する（メンテナンス画面を表示）"),
                       ("is_emergency", "緊急（5営業日前の告知ができない）")]:
        box = page.locator(f"input[name={name}]").bounding_box()
        label = page.get_by_text(text, exact=True).bounding_box()
        assert label["y"] <= _middle(box) <= label["y"] + label["height"], name
    screenshot(page, "maintenance-form")


@pytest.mark.parametrize("width", [390, 1280])
def test_table_headers_stay_on_one_line(page, operator, log_in, screenshot, width):
    MaintenanceWindowFactory(starts_at=timezone.now() + timedelta(days=10), message="長いお知らせ文" * 20)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, operator)
    page.goto(page.base_url + "/operations/maintenance/")
    line = page.locator("body").evaluate("b => parseFloat(getComputedStyle(b).lineHeight)")
    for header in page.locator("th").all():
        height = header.evaluate("th => th.getBoundingClientRect().height - parseFloat(getComputedStyle(th)"
                                 ".paddingTop) - parseFloat(getComputedStyle(th).paddingBottom)")
        assert height < 1.5 * line, header.inner_text()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width  # the page itself does not scroll sideways
    screenshot(page, f"maintenance-list-{width}")
