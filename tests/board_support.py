"""Helpers for the board and desk tests: a kiosk.ini on a temporary database,
board and desk processes under Xvfb, reading their report files, and driving a
desk window with real key and mouse events through ``xdotool``."""

import configparser
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def start_desk(
    ini: Path, report: Path, *args: str, display: str | None = None
) -> subprocess.Popen:
    """Start ``counter-desk`` windowed (1280x800, English) in a subprocess.

    It runs on ``display`` or the current DISPLAY and writes its report (see
    ``display_board.desk_report``) to ``report``, its log next to it.
    """
    command = [
        sys.executable,
        "-m",
        "display_board.desk_main",
        "--config",
        str(ini),
        "--language",
        "en",
        "--report",
        str(report),
        *args,
    ]
    env = {**os.environ, **({"DISPLAY": display} if display else {})}
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(report.with_suffix(".log"), "wb"),  # noqa: SIM115
    )


@contextmanager
def extra_screen() -> Iterator[str]:
    """Run one more Xvfb screen (1280x800) while the block runs; yield its DISPLAY.

    Each X screen has its own keyboard focus, so desks on two screens can be
    sent keys at the same moment.
    """
    number = next(
        n
        for n in range(120, 250)
        if not Path(f"/tmp/.X11-unix/X{n}").exists()
        and not Path(f"/tmp/.X{n}-lock").exists()
    )
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb :{number} did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def have_xdotool() -> bool:
    """Return whether ``xdotool`` is installed (Debian package ``xdotool``)."""
    return shutil.which("xdotool") is not None


class DeskWindow:
    """One desk's window, sent real X key and mouse events with ``xdotool``."""

    def __init__(self, process: subprocess.Popen, display: str | None = None) -> None:
        self.display = display or os.environ["DISPLAY"]
        found = self._xdotool("search", "--sync", "--onlyvisible", "--pid", process.pid)
        self.window = found.split()[0]

    def focus(self) -> None:
        """Give the window the keyboard focus of its X screen."""
        self._xdotool("windowfocus", "--sync", self.window)

    def type(self, text: str) -> None:
        """Type ``text`` key by key into the focused widget."""
        self.focus()
        self._xdotool("type", "--delay", "30", text)

    def key(self, *names: str) -> None:
        """Press and release keys by X name, e.g. ``Return`` or ``F1``."""
        self.focus()
        self._xdotool("key", *names)

    def key_later(self, *names: str) -> subprocess.Popen:
        """Start pressing keys in the background (call :meth:`focus` before)."""
        return subprocess.Popen(
            ["xdotool", "key", *names], env={**os.environ, "DISPLAY": self.display}
        )

    def click(self, x: float, y: float) -> None:
        """Click the left button at (x, y) as fractions of the window, from top left."""
        geometry = self._xdotool("getwindowgeometry", "--shell", self.window)
        size = dict(line.split("=") for line in geometry.split())
        left = round(x * int(size["WIDTH"]))
        top = round(y * int(size["HEIGHT"]))
        self._xdotool("mousemove", "--window", self.window, left, top)
        time.sleep(0.1)  # a click in the same instant as the move can be lost
        self._xdotool("click", "1")

    def _xdotool(self, *args: object) -> str:
        result = subprocess.run(
            ["xdotool", *(str(arg) for arg in args)],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise AssertionError(f"xdotool {args} failed: {result.stderr.strip()}")
        return result.stdout


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
    """Send SIGTERM and wait for the board or desk to exit; return its status."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
