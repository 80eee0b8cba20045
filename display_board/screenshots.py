"""Make the documentation screenshots of the board and the desk.

``python -m display_board.screenshots docs/screenshots`` writes board-calm.png,
board-flash.png, board-gender-desk.png, board-1366x768.png, desk-en.png and
desk-ur.png. Each picture comes from the real app in its own process, on a
temporary database filled with made-up tickets, under an Xvfb screen it starts
when no DISPLAY is set (Debian packages xvfb and libgl1-mesa-dri).
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {
    "board-calm": ("board", "1920x1080"),
    "board-flash": ("board", "1920x1080"),
    "board-gender-desk": ("board", "1920x1080"),
    "board-1366x768": ("board", "1366x768"),
    "desk-en": ("desk", "1280x800"),
    "desk-ur": ("desk", "1280x800"),
}
NOTICES = (
    "Please keep your slip until your work is done.; "
    "براہ کرم کام مکمل ہونے تک اپنی پرچی سنبھال کر رکھیں۔; "
    "Women, senior citizens and persons with disability are served first."
)
EXTRA_INI = f"""
[board]
notices = {NOTICES}

[board:gender_desk]
counters = 6
title_en = Women and children desk
title_ur = خواتین و بچوں کا ڈیسک

[audio]
enabled = no
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Make every screenshot (or the ones named) into the given folder."""
    parser = argparse.ArgumentParser(prog="python -m display_board.screenshots")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS))
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario:
        return _run_scenario(args.scenario, args.folder)

    args.folder.mkdir(parents=True, exist_ok=True)
    with _display() as _:
        for name in args.only or SCENARIOS:
            _run_child(name, args.folder)
    return 0


class _display:
    """Use $DISPLAY, or start an Xvfb screen for the children and stop it after."""

    def __enter__(self) -> "_display":
        self.server = None
        if os.environ.get("DISPLAY"):
            return self
        number = next(
            n for n in range(150, 250) if not Path(f"/tmp/.X11-unix/X{n}").exists()
        )
        self.server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                raise SystemExit("screenshots: Xvfb did not start")
            time.sleep(0.05)
        os.environ["DISPLAY"] = f":{number}"
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(10)


def _run_child(name: str, folder: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "display_board.screenshots",
        str(folder),
        "--scenario",
        name,
    ]
    result = subprocess.run(command, cwd=PROJECT_ROOT, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"screenshots: {name} failed with status {result.returncode}")
    print(f"wrote {folder / (name + '.png')}")


def _run_scenario(name: str, folder: Path) -> int:
    kind, size = SCENARIOS[name]
    width, height = (int(part) for part in size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="pkm-shots-"))
    try:
        ini = write_demo_ini(work, EXTRA_INI)
        from display_board import app_runtime

        app_runtime.configure_kivy(False, width, height)
        if kind == "board":
            from display_board.screenshot_scenes import shoot_board

            shoot_board(name, ini, folder / f"{name}.png")
        else:
            from display_board.screenshot_scenes import shoot_desk

            shoot_desk(name, ini, folder / f"{name}.png")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def write_demo_ini(folder: Path, extra: str) -> Path:
    """Write a kiosk.ini like the shipped one, open all day, on its own database.

    ``extra`` holds INI sections; its keys replace or join the shipped ones
    (the shipped file already has ``[board]`` and ``[audio]`` sections).
    """
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00none")
    parser.read_string((PROJECT_ROOT / "kiosk.ini").read_text(encoding="utf-8"))
    parser.read_string(extra)
    parser["database"]["path"] = str(folder / "queue.sqlite3")
    for key in parser["centre"]:
        if key.startswith("hours_"):
            parser["centre"][key] = "00:00-23:59"
    path = folder / "kiosk.ini"
    with path.open("w", encoding="utf-8") as handle:
        parser.write(handle)
    return path


if __name__ == "__main__":
    sys.exit(main())
