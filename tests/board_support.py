"""Helpers for the board and desk tests: a kiosk.ini on a temporary database,
board processes under Xvfb, and reading the board's report file."""

import configparser
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_INI = PROJECT_ROOT / "kiosk.ini"


def write_ini(folder: Path, extra: str = "", hours: bool = True) -> Path:
    """Copy the shipped kiosk.ini into ``folder`` with its own database.

    ``extra`` holds INI sections for the test; its keys replace or join the
    shipped ones (kiosk.ini already has ``[board]`` and ``[audio]``). With
    ``hours`` every day is open all day, so tickets can be issued whenever the
    test runs.
    """
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00none")
    parser.read_string(SHIPPED_INI.read_text(encoding="utf-8"))
    parser.read_string(extra)
    parser["database"]["path"] = f"{folder}/queue.sqlite3"
    if hours:
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            parser["centre"][f"hours_{day}"] = "00:00-23:59"
    path = folder / "kiosk.ini"
    with path.open("w", encoding="utf-8") as handle:
        parser.write(handle)
    return path


def start_board(
    ini: Path,
    report: Path,
    *args: str,
    size: str = "1280x720",
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """Start ``display-board`` windowed in a subprocess on the current DISPLAY."""
    command = [
        sys.executable,
        "-m",
        "display_board.board_main",
        "--config",
        str(ini),
        "--windowed",
        "--size",
        size,
        "--report",
        str(report),
        *args,
    ]
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=open(report.with_suffix(".log"), "wb"),  # noqa: SIM115
    )


def report_lines(report: Path, what: str) -> list[list[str]]:
    """Return the report's lines of kind ``what``, split into fields."""
    if not report.exists():
        return []
    lines = report.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if line.split()[:1] == [what]]


def wait_for(report: Path, what: str, count: int = 1, timeout: float = 30.0):
    """Wait until the report has ``count`` lines of kind ``what``; return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = report_lines(report, what)
        if len(found) >= count:
            return found
        time.sleep(0.05)
    log = report.with_suffix(".log")
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise AssertionError(
        f"no {count} '{what}' lines in {report} after {timeout} s\n{tail}"
    )


def stop(process: subprocess.Popen) -> int:
    """Send SIGTERM and wait for the board to exit; return its status."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
