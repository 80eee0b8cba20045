"""Run the real kiosk app inside this process and drive it with touches.

For tests, screenshots and the benchmark: :class:`AppDriver` builds the same
KioskApp the ``kiosk`` command runs, shows it in Kivy's window, advances frames
and taps widgets with touches that go through the window's input pipeline
(:class:`WindowTouch`), as a finger would. Call
:func:`kiosk.app.main.prepare_kivy` before importing this module.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.input.motionevent import MotionEvent
from kivy.lang.parser import global_idmap
from kivy.uix.widget import Widget

from kiosk.app.kiosk_app import KioskApp
from kiosk.app.main import build_app
from kiosk.app.settings import KioskSettings
from kiosk.config import KioskConfig

log = logging.getLogger(__name__)

PRESS_SETTLE_SECONDS = 0.06


class WindowTouch(MotionEvent):
    """One finger on the window at (x, y) pixels, fed to Kivy's input queue.

    It takes the path a touchscreen's touches take (post_dispatch_input, then
    the window's dispatch to widgets). Kivy's own test touch does the same but
    lives in kivy.tests, which imports pytest: 10 MB the benchmark would count
    against a kiosk that never loads it.
    """

    def __init__(self, x: float, y: float) -> None:
        super().__init__(
            "WindowTouch", 1, _window_share(x, y), is_touch=True, type_id="touch"
        )
        self.profile = ["pos"]

    def depack(self, args: dict) -> None:
        """Take the position, given as shares of the window's width and height."""
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)

    def press(self) -> None:
        """Put the finger down."""
        EventLoop.post_dispatch_input("begin", self)

    def slide(self, x: float, y: float) -> None:
        """Move the finger, still on the glass, to (x, y) pixels."""
        self.move(_window_share(x, y))
        EventLoop.post_dispatch_input("update", self)

    def lift(self) -> None:
        """Take the finger off the glass."""
        EventLoop.post_dispatch_input("end", self)


def _window_share(x: float, y: float) -> dict[str, float]:
    window = EventLoop.window
    return {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}


class AppDriver:
    """Start a KioskApp in this process's window and drive it (see module doc).

    With ``build_all`` the driver waits until the app has built every screen in
    the background, as in production; without it screens are built on first use.
    """

    def __init__(
        self,
        config: KioskConfig,
        settings: KioskSettings,
        store: object,
        printer: object,
        size: tuple[int, int] = (1920, 1080),
        build_all: bool = False,
    ) -> None:
        EventLoop.ensure_window()
        Window.size = size
        self.app: KioskApp = build_app(config, settings, store, printer)
        self.app._run_prepare()
        if not build_all:
            # Tests build each screen when first shown, which is quicker.
            self.app._startup_steps.clear()
        self.frames(3)
        self.wait_until(self.ready_for_visitors, 60)

    def ready_for_visitors(self) -> bool:
        """Return whether the app has finished getting ready after its first frame."""
        return self.app.ready

    @property
    def screen(self) -> Widget:
        """Return the screen on show."""
        return self.app.root.manager.current_screen

    def frames(self, count: int = 1) -> None:
        """Advance Kivy by ``count`` frames (clock, layout and drawing)."""
        for _ in range(count):
            EventLoop.idle()

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Advance frames until ``condition()`` holds; return whether it did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.frames()
            if condition():
                return True
            time.sleep(0.005)
        return condition()

    def wait(self, seconds: float) -> None:
        """Advance frames for ``seconds`` of real time."""
        self.wait_until(lambda: False, seconds)

    def tap_at(self, x: float, y: float) -> None:
        """Touch the window at (x, y) and lift the finger."""
        touch = WindowTouch(x, y)
        touch.press()
        self.frames()
        touch.lift()
        # Buttons show "pressed" at least min_state_time (35 ms) before release.
        self.wait(PRESS_SETTLE_SECONDS)

    def tap(self, widget: Widget) -> None:
        """Touch the middle of ``widget`` through the window."""
        self.frames(2)
        x, y = widget.to_window(*widget.center)
        self.tap_at(x, y)

    def resize(self, size: tuple[int, int]) -> None:
        """Resize the window and let the layout settle."""
        Window.size = size
        self.frames(4)

    def screenshot(self, path: Path) -> Path:
        """Save what the window shows as a PNG at ``path``."""
        self.frames(4)
        path.parent.mkdir(parents=True, exist_ok=True)
        Window.screenshot(name=str(path))
        # Window.screenshot numbers its files: name0001.png; keep the plain name.
        numbered = sorted(path.parent.glob(f"{path.stem}*{path.suffix}"))
        produced = max(numbered, key=lambda item: item.stat().st_mtime)
        if produced != path:
            produced.replace(path)
        return path

    def stop(self) -> None:
        """Stop the app's timers and workers and take it off the window."""
        self.app.dispatch("on_stop")
        Window.remove_widget(self.app.root)
        for child in list(Window.children):
            Window.remove_widget(child)
        KioskApp._running_app = None
        _forget_app_in_kv()
        self.frames()


def _forget_app_in_kv() -> None:
    """Make kv's ``app`` find the next app, not the one just stopped.

    kv rules read ``app`` through a proxy that holds the first running app it
    finds and lets go of it on that app's on_stop. The kiosk's own on_stop
    runs after the proxy let go and changes properties that kv rules read,
    so the proxy takes hold of the stopping app again; the next app's screens
    would then follow the old app's scale and language.
    """
    object.__setattr__(global_idmap["app"], "_obj", None)
