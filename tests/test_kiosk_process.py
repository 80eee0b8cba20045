"""The `kiosk` program as systemd runs it: SIGTERM stops it, a crash exits 1.

Each test starts the real program in its own process on a virtual screen, with
its log written to a folder (``PKM_LOG_DIR``, as the systemd unit sets it).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_INI

# Runs the kiosk's own main() after arranging an error in a Kivy callback 4 s
# after start: an unexpected error, as a bug would raise it.
CRASH_LATER = """
import sys
from kiosk.app import main as kiosk_main

prepare = kiosk_main.prepare_kivy

def prepare_then_arm(*args, **kwargs):
    prepare(*args, **kwargs)
    from kivy.clock import Clock
    Clock.schedule_once(lambda _dt: 1 / 0, 4)

kiosk_main.prepare_kivy = prepare_then_arm
sys.exit(kiosk_main.main(sys.argv[1:]))
"""


def start_kiosk_process(tmp_path: Path, *python_args: str) -> subprocess.Popen:
    ini = tmp_path / "kiosk.ini"
    ini.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")
    environment = {
        **os.environ,
        "PKM_LOG_DIR": str(tmp_path / "logs"),
        "KIVY_HOME": str(tmp_path / "kivy"),
    }
    return subprocess.Popen(
        [sys.executable, *python_args, "--config", str(ini), "--windowed"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def kiosk_log(tmp_path: Path) -> str:
    return "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "logs").glob("*")
    )


def wait_for_log(tmp_path: Path, text: str, seconds: float = 60) -> None:
    limit = time.monotonic() + seconds
    while text not in kiosk_log(tmp_path):
        assert time.monotonic() < limit, f"{text!r} never logged"
        time.sleep(0.2)


@pytest.mark.slow
def test_sigterm_stops_the_kiosk_cleanly(tmp_path, xvfb_display):
    kiosk = start_kiosk_process(tmp_path, "-m", "kiosk.app.main")
    try:
        wait_for_log(tmp_path, "kiosk started")
        kiosk.send_signal(signal.SIGTERM)
        output, _ = kiosk.communicate(timeout=30)
    finally:
        kiosk.kill()

    assert kiosk.returncode == 0, output[-2000:]
    assert "kiosk stopped" in kiosk_log(tmp_path)


@pytest.mark.slow
def test_an_unexpected_error_is_logged_and_exits_1(tmp_path, xvfb_display):
    kiosk = start_kiosk_process(tmp_path, "-c", CRASH_LATER)
    try:
        output, _ = kiosk.communicate(timeout=60)
    finally:
        kiosk.kill()

    assert kiosk.returncode == 1, output[-2000:]
    log = kiosk_log(tmp_path)
    assert "kiosk started" in log
    assert "the kiosk stopped on an unexpected error" in log
    assert "ZeroDivisionError" in log
