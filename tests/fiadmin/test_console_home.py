"""Issue 9 item 1: the console home (SVC-2, AUTH-1): what waits, counts and charts of the admin's own bank."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Consultation, Deal
from tests.factories import CompanyFactory, UserFactory
from tests.matching.factories import NeedFactory, ProfileCompanyFactory
from tests.members.consult_factories import ConsultationFactory
from tests.members.deal_factories import DealFactory


@pytest.fixture
def console(client, fi_admin):
    client.force_login(fi_admin)
    return client


def _main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in page else page


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_home_charts_are_inline_svg_with_tables_and_nothing_the_csp_blocks(console, bank):
    page = console.get("/console/").content.decode()
    assert page.count("<svg") == 3 and page.count("<table") >= 4
    for title in ("日別ログイン数（直近30日）", "商談の流れ（直近30日の申込）", "状態別の商談数"):
        assert f'aria-label="{title}"' in page and f"<caption>{title}</caption>" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # only the site's own script files
    assert "<style" not in page and not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)


@pytest.mark.req("SVC-2", "AUTH-1")
@pytest.mark.django_db
def test_home_counts_only_this_banks_work(console, bank, other_bank, fi_admin):
    from members.terms.services import terms_accept
    from tests.members.join_factories import ApplicationFactory, TermsFactory

    terms_accept(user=fi_admin, document=TermsFactory(), ip_address=None)
    own_member = UserFactory(company=ProfileCompanyFactory(institution=bank), username="own-member")
    foreign_member = UserFactory(company=ProfileCompanyFactory(institution=other_bank), username="foreign-member")
    ApplicationFactory.create_batch(2, institution=bank)
    ApplicationFactory(institution=other_bank)
    old = timezone.now() - timedelta(days=5)
    overdue = ConsultationFactory(company=own_member.company)
    Consultation.objects.unscoped("test").filter(pk=overdue.pk).update(waiting_since=old)
    ConsultationFactory(company=own_member.company, waiting_since=timezone.now())
    foreign = ConsultationFactory(company=foreign_member.company)
    Consultation.objects.unscoped("test").filter(pk=foreign.pk).update(waiting_since=old)
    AccessAttempt.objects.create(username="own-member", failures_since_start=5, attempt_time=timezone.now(),
                                 ip_address="192.0.2.1", user_agent="x", path_info="/accounts/login/",
                                 get_data="", post_data="")
    AccessAttempt.objects.create(username="foreign-member", failures_since_start=5, attempt_time=timezone.now(),
                                 ip_address="192.0.2.1", user_agent="x", path_info="/accounts/login/",
                                 get_data="", post_data="")
    for username in ("own-member", "own-member", "foreign-member"):
        AccessLog.objects.create(username=username, attempt_time=timezone.now(), ip_address="192.0.2.1",
                                 user_agent="x", path_info="/accounts/login/")
    own_need = NeedFactory(company=own_member.company)
    DealFactory(need=own_need, status=Deal.Status.COMPLETED, met_at=timezone.now(), outcome=Deal.Outcome.WON)
    DealFactory(need=NeedFactory(company=foreign_member.company))

    response = console.get("/console/")
    waiting, context = response.context["waiting"], response.context
    assert (waiting.applications, waiting.consultations_overdue, waiting.locked_users) == (2, 1, 1)
    assert sum(value for _label, value in context["logins"].rows) == 3  # two of the member, the admin's own
    assert dict(context["funnel"].rows) == {"申込": 1, "金融機関が承認": 1, "申込先が承諾": 1, "面談": 1, "成約": 1}
    assert context["users"]["total"] == 2  # the member and the admin, not the other bank's member


@pytest.mark.req("SVC-2")
@pytest.mark.django_db
def test_home_costs_the_same_queries_whatever_the_numbers(console, bank):
    def queries() -> int:
        console.get("/console/")
        with CaptureQueriesContext(connection) as captured:
            assert console.get("/console/?period=365").status_code == 200
        return len(captured)

    for _ in range(3):
        UserFactory(company=CompanyFactory(institution=bank))
    few = queries()
    for _ in range(30):
        member = UserFactory(company=ProfileCompanyFactory(institution=bank))
        DealFactory(need=NeedFactory(company=member.company))
        AccessLog.objects.create(username=member.username, attempt_time=timezone.now(), ip_address="192.0.2.1",
                                 user_agent="x", path_info="/accounts/login/")
    assert queries() == few


@pytest.mark.req("SVC-2")
def test_one_business_day_skips_weekends_and_holidays():
    from datetime import datetime

    from fiadmin.home_stats import one_business_day_ago
    from ops.calendar import TOKYO

    # Tuesday after 勤労感謝の日 (Monday 2026-11-23): one business day earlier is Friday the 20th.
    assert one_business_day_ago(datetime(2026, 11, 24, 10, 30, tzinfo=TOKYO)) == datetime(
        2026, 11, 20, 10, 30, tzinfo=TOKYO)
    assert one_business_day_ago(datetime(2026, 11, 26, 16, 0, tzinfo=TOKYO)) == datetime(
        2026, 11, 25, 16, 0, tzinfo=TOKYO)
