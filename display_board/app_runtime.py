"""What both Kivy apps (board and desk) do before and around their main loop.

Kivy reads its settings when first imported, so :func:`configure_kivy` must run
before any module that imports ``kivy.core.window``. :func:`install_handlers`
adds the last-resort exception hook and the SIGTERM handler every app needs.
"""

import logging
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType, TracebackType

from kiosk.logging_setup import log_dir_from_environment, setup_logging

log = logging.getLogger(__name__)

EXIT_CONFIG = 2


def configure_logging(program: str) -> None:
    """Log INFO and up to stderr (or the journal) and, under systemd, a file.

    The file goes to ``$PKM_LOG_DIR`` when set (the shipped units set it); a
    filter masks anything shaped like a CNIC or phone number as a last guard.
    """
    setup_logging(program, log_dir_from_environment())


def configure_kivy(
    fullscreen: bool, width: int, height: int, max_fps: int = 60
) -> None:
    """Set Kivy's window before it opens; keep Kivy away from argv and ~/.kivy.

    ``max_fps`` bounds how often the UI loop wakes; with Kivy's interruptible
    clock, work handed over from another thread (a trigger) still runs at once
    instead of waiting for the next of those wake-ups.
    """
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONFIG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kivy.config import Config

    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0" if fullscreen else "1")
    # Kivy asks for 2x multisampling by default; Mesa's software GL (llvmpipe,
    # on hall PCs without a GPU driver) then renders and resolves every frame at
    # 4 samples a pixel: at 1920x1080 that tripled each frame's cost. Text is
    # drawn from textures and needs no multisampling.
    Config.set("graphics", "multisamples", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "kivy_clock", "interrupt")
    Config.set("graphics", "maxfps", str(max_fps))
    Config.set("input", "mouse", "mouse,multitouch_on_demand")


def install_handlers(stop: Callable[[], object]) -> None:
    """Log uncaught errors; stop cleanly on SIGTERM by calling ``stop`` in the loop."""
    from kivy.base import ExceptionHandler, ExceptionManager
    from kivy.clock import Clock

    def on_sigterm(_number: int, _frame: FrameType | None) -> None:
        log.info("SIGTERM received; stopping")
        Clock.schedule_once(lambda _dt: stop(), 0)

    signal.signal(signal.SIGTERM, on_sigterm)
    sys.excepthook = _log_uncaught

    class _LogAndGoOn(ExceptionHandler):
        """Keep the screen up after a failed callback; the log says what broke."""

        def handle_exception(self, exception: BaseException) -> int:
            if isinstance(exception, KeyboardInterrupt | SystemExit):
                return ExceptionManager.RAISE
            log.error("error in the UI loop; carrying on", exc_info=exception)
            return ExceptionManager.PASS

    ExceptionManager.add_handler(_LogAndGoOn())


def _log_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log.critical("uncaught error; the app stops", exc_info=(kind, error, trace))
