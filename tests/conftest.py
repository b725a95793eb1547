import pytest

from tests.factories import (
    PASSWORD,
    CompanyFactory,
    FIAdminFactory,
    InstitutionFactory,
    OperatorFactory,
    StaffFactory,
    SystemLeadFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Every test gets its own media folder, an empty cache, a calendar that has loaded no overrides and a
    process that knows no page state yet."""
    from django.core.cache import cache

    from bigadvance.page_state import page_state
    from ops import calendar

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    calendar.forget()
    page_state.forget()
    yield
    cache.clear()
    calendar.forget()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def bank(db):
    return InstitutionFactory(name="第一テスト銀行", code="0101")


@pytest.fixture
def other_bank(db):
    return InstitutionFactory(name="第二テスト信用金庫", code="0202")


@pytest.fixture
def member(bank):
    return UserFactory(company=CompanyFactory(institution=bank))


@pytest.fixture
def fi_admin(bank):
    return FIAdminFactory(institution=bank)


@pytest.fixture
def other_fi_admin(other_bank):
    return FIAdminFactory(institution=other_bank)


@pytest.fixture
def support_staff(db):
    return StaffFactory()


@pytest.fixture
def system_lead(db):
    return SystemLeadFactory()


@pytest.fixture
def operator(db):
    return OperatorFactory()
