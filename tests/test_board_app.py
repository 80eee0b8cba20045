"""The hall board as a real process under Xvfb, driven by real desk processes."""

import subprocess
import sys
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from board_support import report_lines, start_board, stop, wait_for, write_ini

pytestmark = pytest.mark.slow


def kiosk_admin(ini: Path, *args: str) -> str:
    """Run kiosk-admin in its own process, as a desk or staff would; return stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(ini), "--json", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def board_ini(tmp_path: Path) -> Path:
    """A kiosk.ini whose announcements land as WAV files in a folder."""
    return write_ini(tmp_path, "[audio]\nplayer = none\n")


def test_call_from_another_process_reaches_the_screen_and_recall_is_spoken_again(
    xvfb_display: str, board_ini: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    voice = tmp_path / "voice"
    board = start_board(board_ini, report, "--audio-folder", str(voice))
    try:
        wait_for(report, "ready")
        kiosk_admin(board_ini, "issue", "fir_copy")
        kiosk_admin(board_ini, "call", "2")
        shown = wait_for(report, "shown")
        kiosk_admin(board_ini, "recall", "F-001")
        announced = wait_for(report, "announced", 2, timeout=60)
    finally:
        status = stop(board)

    assert shown[0][3:] == ["called", "F-001"]
    assert [line[3:] for line in announced] == [
        ["called", "F-001", "ok"],
        ["recall", "F-001", "ok"],
    ]
    wavs = sorted(voice.glob("*.wav"))
    assert len(wavs) == 2
    with wave.open(str(wavs[1])) as recall:
        assert 3.0 < recall.getnframes() / recall.getframerate() < 20.0
    assert status == 0


def test_two_desks_calling_at_once_get_different_tokens(
    xvfb_display: str, board_ini: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    board = start_board(board_ini, report, "--no-audio")
    try:
        wait_for(report, "ready")
        kiosk_admin(board_ini, "issue", "character_certificate")
        kiosk_admin(board_ini, "issue", "character_certificate")
        with ThreadPoolExecutor(2) as pool:
            outputs = list(
                pool.map(lambda n: kiosk_admin(board_ini, "call", str(n)), (1, 2))
            )
        shown = wait_for(report, "shown", 2)
    finally:
        stop(board)

    tokens = {line[4] for line in shown}
    assert tokens == {"C-001", "C-002"}
    assert all('"token"' in output for output in outputs)


def test_board_keeps_running_without_audio_output(
    xvfb_display: str, tmp_path: Path
) -> None:
    ini = write_ini(
        tmp_path, "[audio]\nplayer = command\ncommand = /nonexistent/player {file}\n"
    )
    report = tmp_path / "report.txt"
    board = start_board(ini, report)
    try:
        wait_for(report, "ready")
        for _ in range(2):
            kiosk_admin(ini, "issue", "vehicle_verification")
        kiosk_admin(ini, "call", "4")
        wait_for(report, "announced", 1, timeout=60)
        kiosk_admin(ini, "no-show", "--counter", "4")
        kiosk_admin(ini, "call", "4")
        shown = wait_for(report, "shown", 2)
        assert board.poll() is None
    finally:
        status = stop(board)

    assert [line[4] for line in shown] == ["M-001", "M-002"]
    assert report_lines(report, "announced")[0][-1] == "failed"
    assert status == 0


def test_broken_kiosk_ini_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    ini = write_ini(tmp_path, "[board]\nrecent_calls = many\n")
    result = subprocess.run(
        [sys.executable, "-m", "display_board.board_main", "--config", str(ini)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "section [board], key 'recent_calls'" in result.stderr
