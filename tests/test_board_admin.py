"""The board's kiosk-admin commands, run through kiosk-admin itself."""

import json
from pathlib import Path

from board_support import write_ini

from display_board.notices import NoticeSource
from kiosk.cli import main


def run(capsys, ini: Path, *argv: str) -> dict:
    """Run kiosk-admin with ``argv`` and return its JSON answer."""
    assert main(["--config", str(ini), *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_notices_replace_and_clear(capsys, tmp_path) -> None:
    notices_file = tmp_path / "notices.txt"
    ini = write_ini(tmp_path, f"[board]\nnotices_file = {notices_file}\n")

    shown = run(
        capsys, ini, "board-notices", "Closed Friday 12:30-14:30", "جمعہ کو وقفہ"
    )
    source = NoticeSource((), Path(shown["notices_file"]))

    assert shown["notices"] == ["Closed Friday 12:30-14:30", "جمعہ کو وقفہ"]
    assert source.load() == ("Closed Friday 12:30-14:30", "جمعہ کو وقفہ")
    cleared = run(capsys, ini, "board-notices", "--clear")
    assert cleared["source"] == "kiosk.ini [board] notices"
    assert source.changed()
