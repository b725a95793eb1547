"""Shared steps of the joining tests: a valid application, the links in the emails."""

import re

from ops.models import EmailLog

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def application_data(terms, **overrides) -> dict:
    data = {
        "company_name": "株式会社つばめ精工", "corporate_number": "", "representative": "燕 一郎", "industry": "24",
        "employees": "35", "prefecture": "新潟県", "city": "燕市", "street": "物流センター2-16-3",
        "contact_name": "燕 花子", "email": "hanako@tsubame-seiko.example.jp", "branch_name": "燕支店",
        "account_confirmed": "on", "agree_terms": "on", "terms_document": str(terms.pk), "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def emails(template: str, recipient: str | None = None) -> list[EmailLog]:
    logs = EmailLog.objects.filter(template=template).order_by("pk")
    return list(logs.filter(recipient=recipient) if recipient else logs)


def link_path(log: EmailLog) -> str:
    """The site-relative path of the (one) link in an email."""
    return LINK.search(log.body).group(1)
