"""Template context for the shared layout: who is here, where they may go, banners, browser notice."""

import functools
import re

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.permissions import Audience, audiences_of
from members.selectors import document_banners
from ops.banners import banners_for

STATUS = ("status", _("稼働状況"))
DOCUMENTS = ("documents:index", _("サービス文書"))
NAVIGATION = {
    Audience.PORTAL: [("portal:home", _("ポータル")), ("portal:need_list", _("ニーズ")),
                      ("portal:company_list", _("企業を探す")), ("portal:recommendation_list", _("おすすめ")),
                      ("portal:deal_list", _("商談")), ("portal:subsidy_list", _("補助金")),
                      ("portal:consultation_list", _("相談")), ("portal:notice_list", _("お知らせ")), STATUS, DOCUMENTS,
                      ("portal:help", _("ヘルプ"))],
    Audience.CONSOLE: [("console:home", _("管理画面")), ("console:company_list", _("会員企業")),
                       ("console:application_list", _("入会申込")), ("console:account_list", _("ユーザーID")),
                       ("console:deal_list", _("商談の承認")), ("console:consultation_list", _("相談")),
                       ("console:notice_list", _("お知らせ")), ("console:inquiry_list", _("お問い合わせ")),
                       ("console:api_keys", _("API キー")), ("console:settings", _("設定")), STATUS, DOCUMENTS],
    Audience.DESK: [("desk:home", _("サポートデスク")), ("desk:phone_new", _("電話を記録")),
                    ("desk:canned_list", _("定型文")), ("desk:mail_log", _("受信メール")), STATUS, DOCUMENTS],
    Audience.OPERATIONS: [("operations:home", _("運用")), ("operations:maintenance_list", _("メンテナンス")),
                          ("operations:incident_list", _("障害")), ("operations:health", _("監視")),
                          ("operations_terms", _("規約の同意")), ("operations:notice_list", _("お知らせ")), STATUS,
                          DOCUMENTS],
}

# Browsers the service does not support (SVC-3): Internet Explorer and the pre-Chromium Edge.
UNSUPPORTED_BROWSER = re.compile(r"MSIE |Trident/|Edge/\d")


@functools.lru_cache(maxsize=64)
def _navigation(audiences: tuple[Audience, ...], urlconf: str | None, script_prefix: str) -> tuple:
    """(url, label) pairs of the menu, reversed once per process for each combination of audiences."""
    items: list[tuple[str, Promise]] = []
    for audience in audiences:
        items.extend(item for item in NAVIGATION[audience] if item not in items)
    return tuple((reverse(name, urlconf=urlconf), label) for name, label in items)


class Navigation:
    """The menu of a user: `key` names it for its layout part (templates/base.html), rendered once per
    process and language; `items` are only worked out when that happens."""

    def __init__(self, user) -> None:
        self._user = user

    @functools.cached_property
    def audiences(self) -> tuple[Audience, ...]:
        user = self._user
        return tuple(audiences_of(user)) if user is not None and user.is_authenticated else ()

    @functools.cached_property
    def key(self) -> str:
        return ",".join(self.audiences) or "-"

    @functools.cached_property
    def items(self) -> tuple:
        return _navigation(self.audiences, get_urlconf(), get_script_prefix())


def layout(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "navigation": Navigation(user),
        "unsupported_browser": bool(UNSUPPORTED_BROWSER.search(request.META.get("HTTP_USER_AGENT", ""))),
        "banners": banners_for(request) + document_banners(user) if user is not None else [],
    }
