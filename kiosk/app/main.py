"""The ``kiosk`` command: check kiosk.ini, lock the screen down, run the kiosk.

Kivy reads its settings when it is first imported, so this module sets them
(full screen, no cursor, no multitouch emulation, Escape does not quit, no
command-line parsing) before importing anything from Kivy. A broken kiosk.ini
prints one line and exits with status 2; an unexpected error is logged by the
last-resort hook and exits with status 1 so the service manager restarts the
kiosk; SIGTERM stops it cleanly with status 0.
"""

import argparse
import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from types import TracebackType

from kiosk.app.settings import KioskSettings, read_settings
from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError, DatabaseError
from kiosk.heap import limit_malloc_arenas
from kiosk.logging_setup import log_dir_from_environment, setup_logging
from kiosk.lookup_errors import CameraUnavailableError

log = logging.getLogger(__name__)

EXIT_CRASH = 1
# malloc arenas the kiosk's threads share (kiosk.heap); glibc's default is 8 per core.
MALLOC_ARENAS = 1
EXIT_CONFIG = 2


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk; return the exit status (see the module docstring)."""
    args = _parse_args(argv)
    setup_logging("kiosk", log_dir_from_environment())
    try:
        config = load_config(args.config)
        settings = read_settings(config)
    except ConfigError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_CONFIG

    install_crash_hooks()
    prepare_kivy(settings, windowed=args.windowed)
    return run(config, settings)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Run the visitor kiosk of a Police Khidmat Markaz."
    )
    parser.add_argument(
        "--config",
        default=os.environ.get("KIOSK_CONFIG", "kiosk.ini"),
        help="kiosk.ini to use (default: $KIOSK_CONFIG, then ./kiosk.ini)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="run in a window with a cursor, for trying the kiosk on a desktop",
    )
    return parser.parse_args(argv)


def prepare_kivy(settings: KioskSettings, windowed: bool = False) -> None:
    """Set Kivy's environment and settings; call before any Kivy import."""
    # Before the renderer and the workers start their threads (kiosk.heap).
    limit_malloc_arenas(MALLOC_ARENAS)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # Kivy logs through Python logging and leaves stderr alone (tracebacks stay).
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    if "KIVY_HOME" not in os.environ:
        os.environ["KIVY_HOME"] = str(Path(tempfile.gettempdir()) / "pkm-kiosk-kivy")

    from kivy.config import Config

    fullscreen = settings.fullscreen and not windowed
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set(
        "graphics", "show_cursor", "1" if settings.show_cursor or windowed else "0"
    )
    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    # Multisampling doubles every colour buffer; with Mesa's software renderer
    # it costs about 80 MB of memory, for smoother edges on a few round corners.
    Config.set("graphics", "multisamples", "0")
    # Several fingers at once must not become gestures; keep touches plain.
    Config.set("postproc", "double_tap_time", "0")
    Config.set("postproc", "triple_tap_time", "0")


def build_app(
    config: KioskConfig, settings: KioskSettings, store: object, printer: object
) -> object:
    """Return a KioskApp wired to ``store`` and ``printer`` (tests pass their own)."""
    from kiosk.app.kiosk_app import KioskApp
    from kiosk.case_status import build_status_source
    from kiosk.local_status import LocalCaseStatusSource

    cache = config.database_path.parent / "case-status-cache.json"
    status = build_status_source(config.tracking, LocalCaseStatusSource(store), cache)
    return KioskApp(
        config, store, printer, settings, status, open_scanner=scanner_factory(config)
    )


def scanner_factory(config: KioskConfig) -> object | None:
    """Return a function that makes a camera scanner, or None with no camera.

    OpenCV (about 25 MB and half a second to import) is imported the first time
    a screen opens the camera, and only when the camera's device exists then:
    without one the function raises CameraUnavailableError, which the screen
    shows, and looks again on the next visit (a camera plugged in later works).
    """
    if not config.camera.enabled:
        return None

    def open_scanner(**callbacks: object) -> object:
        if not camera_present(config.camera.device):
            raise CameraUnavailableError(f"camera {config.camera.device} not found")
        from kiosk.camera_scanner import QrScanner

        return QrScanner(config.camera, **callbacks)

    return open_scanner


def camera_present(device: str) -> bool:
    """Return whether camera ``device`` (an index or a path/URL) may be there.

    On Linux an index N is the device node /dev/videoN; anything else is left to
    OpenCV to try.
    """
    if device.isdigit() and sys.platform.startswith("linux"):
        return Path(f"/dev/video{device}").exists()
    if device.startswith("/dev/"):
        return Path(device).exists()
    return True


def run(config: KioskConfig, settings: KioskSettings) -> int:
    """Open the store and printer, run the app until it stops; return 0."""
    from kiosk.store import QueueStore
    from printer import TicketPrinter

    try:
        store = QueueStore(config)
    except DatabaseError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_CONFIG
    # Before the window exists: SDL leaves a SIGTERM handler already set alone.
    stopper = SigtermStopper()
    signal.signal(signal.SIGTERM, stopper)
    stopper.app = build_app(config, settings, store, TicketPrinter(config.printer))
    try:
        stopper.app.run()
    finally:
        store.close()
    return 0


class SigtermStopper:
    """A SIGTERM handler that stops the app cleanly on Kivy's next frame."""

    def __init__(self) -> None:
        self.app: object | None = None

    def __call__(self, _signal: int, _frame: object) -> None:
        """Let the window close and stop the app (or exit if it is not up yet)."""
        log.info("SIGTERM: stopping the kiosk")
        if self.app is None:
            sys.exit(0)
        from kivy.clock import Clock

        self.app.lockdown.allow_close()
        Clock.schedule_once(lambda _dt: self.app.stop(), 0)


def install_crash_hooks() -> None:
    """Log any uncaught error, then exit with status 1 for the service manager."""
    sys.excepthook = _crash
    threading.excepthook = lambda hook: _crash(
        hook.exc_type, hook.exc_value, hook.exc_traceback
    )


def _crash(
    kind: type[BaseException],
    error: BaseException | None,
    traceback: TracebackType | None,
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        os._exit(EXIT_CRASH)
    logging.getLogger("kiosk.crash").critical(
        "the kiosk stopped on an unexpected error", exc_info=(kind, error, traceback)
    )
    logging.shutdown()
    os._exit(EXIT_CRASH)


if __name__ == "__main__":
    sys.exit(main())
