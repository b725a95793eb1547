import pytest

from fiadmin.services import api_key_create, api_key_expiry_bounds
from tests.factories import FIAdminFactory


def key_header(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture
def make_key(db):
    """make_key(institution, scope="read") -> the key itself (as shown once in the console)."""

    def make(institution, *, scope: str = "read", name: str = "融資支援システム連携", created_by=None):
        creator = created_by or FIAdminFactory(institution=institution)
        _row, key = api_key_create(institution=institution, name=name, scope=scope,
                                   expires_on=api_key_expiry_bounds()[1], created_by=creator)
        return key

    return make


@pytest.fixture
def read_key(make_key, bank) -> str:
    return make_key(bank)


@pytest.fixture
def write_key(make_key, bank) -> str:
    return make_key(bank, scope="read_write")
