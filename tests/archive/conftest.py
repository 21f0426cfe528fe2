"""Fixtures for crawler tests: the fake outlet on 127.0.0.1 and an injected clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures import FakeClock, make_outlet
from tests.outlet.server import OutletServer


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outlet(clock: FakeClock) -> Iterator[OutletServer]:
    with make_outlet(clock) as server:
        yield server
