"""Shared fixtures: the shipped kiosk.ini, a temporary queue database, a clock."""

import dataclasses
import os
import shutil
import subprocess
import sys
import time
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


def run_python(code: str, *args: str, **env: str) -> str:
    """Run ``code`` in a fresh interpreter in the project; return its stdout.

    For what a test process cannot show about itself (which modules a start-up
    imports, how much memory a process gives back). ``env`` adds to the
    environment. Fails the test with the child's stderr when it fails.
    """
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


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


@pytest.fixture(scope="session")
def xvfb_display() -> str:
    """Start a virtual X screen (1920×1080) for Kivy windows; return its DISPLAY.

    Kivy apps in tests run on it, in this process or in subprocesses that
    inherit DISPLAY. Skips when Xvfb is not installed (``apt-get install xvfb``).
    """
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed; apt-get install xvfb libgl1-mesa-dri")
    display = _free_display_number()
    server = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_display(display, server)
    previous = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{display}"
    yield f":{display}"
    server.terminate()
    server.wait(timeout=10)
    if previous is None:
        os.environ.pop("DISPLAY", None)
    else:
        os.environ["DISPLAY"] = previous


def _free_display_number() -> int:
    for number in range(90, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :90 and :199")


def _wait_for_display(display: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Path(f"/tmp/.X11-unix/X{display}").exists():
            return
        if server.poll() is not None:
            raise RuntimeError(f"Xvfb :{display} exited with {server.returncode}")
        time.sleep(0.05)
    raise RuntimeError(f"Xvfb :{display} did not start within 10 s")
