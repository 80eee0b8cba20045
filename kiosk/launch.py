"""Run the whole centre on one machine: the kiosk, the hall board and a desk.

``make run`` calls this after ``kiosk-admin init``. It is for trying the
product on its embedded default (the local database beside kiosk.ini, the
preview printer); a real centre starts each app from its own systemd unit (see
docs/deployment.md). Ctrl+C, or closing any of the three, stops them all.

Without a screen (no ``DISPLAY``) the apps run on a virtual one (Xvfb) and
this says so; with no counter PIN set, counter 1 gets the demo PIN 1111, and
this says so too.
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from kiosk.config import load_config
from kiosk.errors import KioskError
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

DEMO_COUNTER = 1
DEMO_PIN = "1111"
VIRTUAL_DISPLAY = ":77"


def main(argv: Sequence[str] | None = None) -> int:
    """Start the three apps and wait; return the first non-zero exit status."""
    args = _parse_args(argv)
    try:
        config = load_config(args.config)
    except KioskError as error:
        print(f"launch: {error}", file=sys.stderr)
        return 2

    _ensure_demo_pin(config)
    environment = dict(os.environ)
    # Kivy otherwise looks for xclip or xsel, logs CRITICAL, then uses SDL2.
    environment.setdefault("KIVY_CLIPBOARD", "sdl2")
    xvfb = None
    if not environment.get("DISPLAY"):
        xvfb = _start_virtual_display(environment)

    apps = _start_apps(args.config, environment)
    try:
        return _wait(apps, args.seconds)
    finally:
        _stop(apps)
        if xvfb is not None:
            xvfb.terminate()


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.launch", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--config", default=os.environ.get("KIOSK_CONFIG", "kiosk.ini"))
    parser.add_argument(
        "--seconds", type=float, default=0, help="stop after this long (0: never)"
    )
    return parser.parse_args(argv)


def _ensure_demo_pin(config: object) -> None:
    store = QueueStore(config)  # type: ignore[arg-type]
    try:
        if not store.pins.has_pin(f"counter:{DEMO_COUNTER}"):
            store.pins.set_pin(f"counter:{DEMO_COUNTER}", DEMO_PIN)
            print(
                f"launch: counter {DEMO_COUNTER} has the demo PIN {DEMO_PIN}; set "
                f"your own with kiosk-admin set-pin counter:{DEMO_COUNTER}"
            )
    finally:
        store.close()


def _start_virtual_display(environment: dict[str, str]) -> subprocess.Popen | None:
    if shutil.which("Xvfb") is None:
        print("launch: no screen (DISPLAY is unset) and no Xvfb; the apps will fail")
        return None
    server = subprocess.Popen(
        ["Xvfb", VIRTUAL_DISPLAY, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    environment["DISPLAY"] = VIRTUAL_DISPLAY
    time.sleep(1.0)
    print(f"launch: no screen, so the apps run on the virtual screen {VIRTUAL_DISPLAY}")
    return server


def _start_apps(config: str, environment: dict[str, str]) -> list[subprocess.Popen]:
    apps_and_arguments = [
        ("kiosk.app.main", ["--windowed"]),
        ("display_board.board_main", ["--windowed"]),
        ("display_board.desk_main", ["--counter", str(DEMO_COUNTER)]),
    ]
    apps = []
    for module, arguments in apps_and_arguments:
        # The same interpreter as this one, so the apps need no console scripts.
        runner = f"import sys; from {module} import main; sys.exit(main())"
        command = [sys.executable, "-c", runner, "--config", config, *arguments]
        # A session of its own: Ctrl+C reaches only this launcher, which then
        # stops each app with SIGTERM, the clean way.
        apps.append(subprocess.Popen(command, env=environment, start_new_session=True))
        print(f"launch: started {module} (pid {apps[-1].pid})")
    return apps


def _wait(apps: list[subprocess.Popen], seconds: float) -> int:
    deadline = time.monotonic() + seconds if seconds > 0 else None
    try:
        while deadline is None or time.monotonic() < deadline:
            for app in apps:
                status = app.poll()
                if status is not None:
                    print(f"launch: {app.args[2]} stopped with status {status}")
                    return status
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("launch: stopping")
    return 0


def _stop(apps: list[subprocess.Popen]) -> None:
    for app in apps:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
    for app in apps:
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()


if __name__ == "__main__":
    sys.exit(main())
