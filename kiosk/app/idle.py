"""Bring an abandoned kiosk back to the welcome screen, with a countdown first.

Any touch or key press counts as activity. After ``idle_seconds`` without any,
a screen other than the welcome screen shows "Continue?" with the seconds left
for the last ``idle_warning_seconds``; at zero the app forgets the visit (typed
personal data included) and shows the welcome screen.
"""

import logging
import time
from collections.abc import Callable

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.app.settings import KioskSettings

log = logging.getLogger(__name__)

CHECK_SECONDS = 0.25


class IdleWatcher:
    """Watch the window for touches and drive ``app.idle_countdown``.

    ``app`` needs ``idle_countdown``, ``go_home()`` and ``root.manager``.
    ``clock`` returns monotonic seconds; tests may pass their own.
    """

    def __init__(
        self,
        app: object,
        settings: KioskSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.settings = settings
        self.clock = clock
        self.last_activity = clock()
        self._event = None

    def start(self) -> None:
        """Start watching touches and keys."""
        Window.bind(on_touch_down=self.touched, on_key_down=self.touched)
        self._event = Clock.schedule_interval(self.check, CHECK_SECONDS)
        self.touched()

    def stop(self) -> None:
        """Stop watching."""
        Window.unbind(on_touch_down=self.touched, on_key_down=self.touched)
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def touched(self, *_args: object) -> bool:
        """Count activity now; hide the countdown after this touch is handled.

        The notice is hidden on the next frame, so the touch that answers
        "Continue?" lands on the notice, not on the screen under it.
        """
        self.last_activity = self.clock()
        Clock.schedule_once(self._hide_countdown, 0)
        return False

    def _hide_countdown(self, *_args: object) -> None:
        self.app.idle_countdown = 0

    def check(self, *_args: object) -> None:
        """Show the countdown, or go home, when the visitor has gone."""
        if self.app.root.manager.current == "welcome":
            self.app.idle_countdown = 0
            return
        left = self.settings.idle_seconds - (self.clock() - self.last_activity)
        if left <= 0:
            log.info("no touch for %d s; back to the start", self.settings.idle_seconds)
            self.touched()
            self.app.idle_countdown = 0
            self.app.go_home()
        elif left <= self.settings.idle_warning_seconds:
            self.app.idle_countdown = int(left + 0.999)
        else:
            self.app.idle_countdown = 0
