"""A runtime with every service's tables, open, for the tests that read its queries' plans."""

from collections.abc import Iterator

import pytest

from dialstack.emulator.app import new_runtime
from dialstack.emulator.core.runtime import Runtime, Settings


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    made = new_runtime(Settings())
    made.open()
    try:
        yield made
    finally:
        made.close()
