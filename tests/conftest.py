"""Shared fixtures: the shipped kiosk.ini, a temporary queue database, a clock."""

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import KioskConfig, load_config
from kiosk.store import QueueStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_INI = PROJECT_ROOT / "kiosk.ini"
KARACHI = ZoneInfo("Asia/Karachi")


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float = 0.0, seconds: float = 0.0) -> None:
        """Move the clock forward."""
        self.now += minutes * 60 + seconds

    def set(self, moment: datetime) -> None:
        """Jump to ``moment``."""
        self.now = moment.timestamp()


@pytest.fixture
def shipped_config() -> KioskConfig:
    """The kiosk.ini shipped with the project, as checked config."""
    return load_config(SHIPPED_INI)


@pytest.fixture
def config(shipped_config: KioskConfig, tmp_path: Path) -> KioskConfig:
    """The shipped config pointing at a fresh database in a temp folder."""
    return dataclasses.replace(shipped_config, database_path=tmp_path / "queue.sqlite3")


@pytest.fixture
def clock() -> FakeClock:
    """A clock at 09:00 on Wednesday 3 December 2025, Karachi time (centre open)."""
    return FakeClock(datetime(2025, 12, 3, 9, 0, tzinfo=KARACHI))


@pytest.fixture
def store(config: KioskConfig, clock: FakeClock) -> QueueStore:
    """A queue store on a fresh database, driven by the fake clock."""
    queue = QueueStore(config, clock=clock)
    yield queue
    queue.close()
