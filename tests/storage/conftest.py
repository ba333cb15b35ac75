import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/storage/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.storage)
