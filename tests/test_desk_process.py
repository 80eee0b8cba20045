"""The counter desk as a real process under Xvfb, driven by real X key and mouse
events (``xdotool``), beside a real hall board process.

Each desk writes a report (``--report``, see ``display_board.desk_report``); the
tests wait on its lines and on the board's, and read the queue database to see
what the desk committed. Mouse clicks aim at fractions of the 1280x800 window
worked out from ``desk_login.kv``; if that layout changes, update them.
"""

import sqlite3
import time
from pathlib import Path

import pytest
from board_support import (
    DeskWindow,
    extra_screen,
    have_xdotool,
    report_lines,
    start_board,
    start_desk,
    stop,
    wait_for,
    write_ini,
)

from display_board.desk_report import DeskReport
from kiosk.config import load_config
from kiosk.staff_pins import FREE_ATTEMPTS
from kiosk.store import QueueStore

needs_xdotool = pytest.mark.skipif(
    not have_xdotool(), reason="xdotool is not installed; apt-get install xdotool"
)

PIN = "4826"
WRONG_PIN = "1111"

# Where the log-in screen's controls sit, as (x, y) fractions of the window.
COUNTER_BUTTON = {2: (0.50, 0.37), 3: (0.81, 0.37)}
PIN_FIELD = (0.47, 0.82)
LOG_IN_BUTTON = (0.88, 0.82)


def prepare(ini: Path, pins: dict[int, str], tickets: int) -> None:
    """Set counter PINs and issue character-certificate tickets C-001 onwards."""
    store = QueueStore(load_config(ini))
    try:
        for counter, pin in pins.items():
            store.pins.set_pin(f"counter:{counter}", pin)
        for _ in range(tickets):
            store.issue("character_certificate")
    finally:
        store.close()


def query(ini: Path, sql: str, *params: object) -> list[tuple]:
    """Read the test's queue database in a connection of its own."""
    with sqlite3.connect(ini.parent / "queue.sqlite3") as conn:
        return conn.execute(sql, params).fetchall()


def wait_for_line(report: Path, *fields: str, count: int = 1, timeout: float = 30.0):
    """Wait for ``count`` report lines starting with ``fields`` (time skipped)."""
    what, rest = fields[0], list(fields[1:])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            line
            for line in report_lines(report, what)
            if line[2 : 2 + len(rest)] == rest
        ]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    log = report.with_suffix(".log")
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise AssertionError(f"no {count} lines {fields} in {report}\n{tail}")


def wait_for_calls_shown(report: Path, count: int) -> list[str]:
    """Wait until the board has drawn ``count`` calls (not recalls); their tokens."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        called = [
            line[4] for line in report_lines(report, "shown") if line[3] == "called"
        ]
        if len(called) >= count:
            return called
        time.sleep(0.05)
    raise AssertionError(f"the board drew fewer than {count} calls: {report}")


def log_in_by_keys(window: DeskWindow, report: Path) -> None:
    """Type the PIN of the preselected counter and press Enter."""
    window.type(PIN)
    window.key("Return")
    wait_for(report, "logged-in")


def log_in_by_mouse(window: DeskWindow, report: Path, counter: int) -> None:
    """Click the counter's button, type the PIN, click Log in."""
    window.click(*COUNTER_BUTTON[counter])
    window.type(PIN)
    window.click(*LOG_IN_BUTTON)
    wait_for(report, "logged-in")


@pytest.mark.slow
@needs_xdotool
def test_desk_keys_call_and_recall_on_the_board_and_two_desks_get_different_tokens(
    xvfb_display: str, tmp_path: Path
) -> None:
    ini = write_ini(tmp_path, "[audio]\nplayer = none\n")
    prepare(ini, {1: PIN, 2: PIN}, tickets=3)
    board_report, one_report, two_report = (
        tmp_path / f"{name}.txt" for name in ("board", "desk1", "desk2")
    )

    with extra_screen() as second_screen:
        board = start_board(ini, board_report, "--audio-folder", str(tmp_path / "v"))
        desk_one = start_desk(ini, one_report, "--counter", "1")
        desk_two = start_desk(ini, two_report, display=second_screen)
        try:
            for report in (board_report, one_report, two_report):
                wait_for(report, "ready", timeout=60)
            one = DeskWindow(desk_one)
            two = DeskWindow(desk_two, second_screen)
            log_in_by_keys(one, one_report)
            log_in_by_mouse(two, two_report, 2)

            # F1 calls the next token: the desk commits it, the board draws it.
            one.key("F1")
            wait_for_line(one_report, "done", "call_next", "C-001")
            shown = wait_for(board_report, "shown")
            at_counter = query(
                ini, "SELECT state, counter FROM tickets WHERE token=?", "C-001"
            )

            # F2 recalls it: the board announces it a second time.
            one.key("F2")
            wait_for_line(one_report, "done", "recall", "C-001")
            announced = wait_for(board_report, "announced", 2, timeout=60)

            # F3 and F4 finish it, so counter 1 is free to call again.
            one.key("F3")
            wait_for_line(one_report, "done", "serve", "C-001")
            one.key("F4")
            wait_for_line(one_report, "done", "complete", "C-001")

            # Both desks press F1 at the same moment, each on its own X screen.
            one.focus()
            two.focus()
            presses = [one.key_later("F1"), two.key_later("F1")]
            for press in presses:
                press.wait(timeout=30)
            one_call = wait_for_line(one_report, "done", "call_next", count=2)[-1]
            two_call = wait_for_line(two_report, "done", "call_next")[-1]
            shown_later = wait_for_calls_shown(board_report, 3)
        finally:
            statuses = [stop(process) for process in (desk_one, desk_two, board)]

    assert shown[0][3:] == ["called", "C-001"]
    assert at_counter == [("called", 1)]
    assert [line[3:] for line in announced] == [
        ["called", "C-001", "ok"],
        ["recall", "C-001", "ok"],
    ]
    assert {one_call[3], two_call[3]} == {"C-002", "C-003"}
    assert shown_later[0] == "C-001"
    assert sorted(shown_later[1:]) == ["C-002", "C-003"]
    assert abs(float(one_call[1]) - float(two_call[1])) < 1.0, "not at once"
    assert sorted(
        query(ini, "SELECT token, state, counter FROM tickets WHERE token != 'C-001'")
    ) == sorted([(one_call[3], "called", 1), (two_call[3], "called", 2)])
    assert statuses == [0, 0, 0]


@pytest.mark.slow
@needs_xdotool
def test_five_wrong_pins_lock_the_counter_even_for_the_right_pin(
    xvfb_display: str, tmp_path: Path
) -> None:
    ini = write_ini(tmp_path)
    prepare(ini, {3: PIN}, tickets=0)
    report = tmp_path / "desk.txt"

    desk = start_desk(ini, report)
    try:
        wait_for(report, "ready", timeout=60)
        window = DeskWindow(desk)
        window.click(*COUNTER_BUTTON[3])
        for attempt in range(1, FREE_ATTEMPTS + 1):
            window.click(*PIN_FIELD)
            window.type(WRONG_PIN)
            window.key("Return")
            wait_for(report, "refused", attempt)
        failures, locked_until = query(
            ini,
            "SELECT failures, locked_until FROM staff_pins WHERE role=?",
            "counter:3",
        )[0]

        window.click(*PIN_FIELD)
        window.type(PIN)
        window.key("Return")
        refused = wait_for(report, "refused", FREE_ATTEMPTS + 1)
    finally:
        status = stop(desk)

    assert failures == FREE_ATTEMPTS
    assert locked_until > time.time()
    assert all(line[2] == "3" for line in refused)
    assert " ".join(refused[0][3:]) == "wrong PIN for counter 3; try again"
    assert " ".join(refused[-1][3:]).startswith("too many wrong PINs for counter:3")
    assert report_lines(report, "logged-in") == []
    assert status == 0


def test_desk_report_writes_one_line_per_event(tmp_path: Path) -> None:
    path = tmp_path / "desk.txt"
    report = DeskReport(path)
    report.ready("login")
    report.refused(2, "wrong PIN for counter 2;\ntry again")
    report.done("pause", None)
    report.done("call_next", "C-001")
    report.close()

    lines = [line.split() for line in path.read_text().splitlines()]
    assert [line[:1] + line[2:] for line in lines] == [
        ["ready", "login"],
        ["refused", "2", "wrong", "PIN", "for", "counter", "2;", "try", "again"],
        ["done", "pause", "-"],
        ["done", "call_next", "C-001"],
    ]
