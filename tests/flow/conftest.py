import pytest

from tests.flow.harness import Desk


@pytest.fixture
def desk(sessionmaker, catalog) -> Desk:
    return Desk(sessionmaker, catalog)
