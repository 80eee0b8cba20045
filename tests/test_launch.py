"""`make run`'s launcher starts the kiosk, the board and a desk, and stops them."""

import subprocess
import sys

import pytest

from kiosk.config import load_config
from kiosk.store import QueueStore
from tests.conftest import SHIPPED_INI


@pytest.mark.slow
def test_launcher_runs_the_three_apps_and_stops_them(tmp_path, xvfb_display):
    ini = tmp_path / "kiosk.ini"
    ini.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")

    finished = subprocess.run(
        [sys.executable, "-m", "kiosk.launch", "--config", str(ini), "--seconds", "12"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    for module in (
        "kiosk.app.main",
        "display_board.board_main",
        "display_board.desk_main",
    ):
        assert f"started {module}" in finished.stdout
    assert "stopped with status" not in finished.stdout
    store = QueueStore(load_config(ini))
    assert store.pins.check("counter:1", "1111")
    store.close()
