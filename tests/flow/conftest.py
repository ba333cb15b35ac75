import pytest

from tests.flow.harness import DeskHarness


@pytest.fixture
def desk(sessionmaker, catalog) -> DeskHarness:
    return DeskHarness(sessionmaker, catalog)
