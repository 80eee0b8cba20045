"""Keep visitors from closing or escaping the kiosk window.

Escape, Alt+F4 and the window manager's close button ask for the staff PIN
instead of closing; only a right PIN (or SIGTERM from the service manager)
ends the app. Kivy's settings panel (F1) is never opened.
"""

import logging

from kivy.core.window import Window

log = logging.getLogger(__name__)

ESCAPE = 27
F1 = 282


class Lockdown:
    """Window bindings that turn close requests into a staff PIN prompt."""

    def __init__(self, app: object) -> None:
        self.app = app
        self.close_allowed = False
        self._asking = False

    def install(self) -> None:
        """Bind the window's close request and keyboard."""
        Window.bind(
            on_request_close=self.on_request_close, on_keyboard=self.on_keyboard
        )

    def uninstall(self) -> None:
        """Undo :meth:`install`."""
        Window.unbind(
            on_request_close=self.on_request_close, on_keyboard=self.on_keyboard
        )

    def allow_close(self) -> None:
        """Let the next close request through (after a right PIN or SIGTERM)."""
        self.close_allowed = True

    def on_request_close(self, *_args: object, **_kwargs: object) -> bool:
        """Refuse to close unless allowed; offer the staff PIN instead."""
        if self.close_allowed:
            return False
        log.warning("close request refused: the kiosk is locked")
        self.ask_to_exit()
        return True

    def on_keyboard(self, _window: object, key: int, *_args: object) -> bool:
        """Swallow Escape (asking for the PIN) and F1; pass other keys on."""
        if key == ESCAPE:
            log.info("Escape pressed: asking for the staff PIN")
            self.ask_to_exit()
            return True
        return key == F1

    def ask_to_exit(self) -> None:
        """Ask for the staff PIN once; a right PIN closes the kiosk."""
        if self._asking:
            return
        self._asking = True
        self.app.ask_staff_pin(self._exit, on_dismiss=self._done_asking)

    def _done_asking(self) -> None:
        self._asking = False

    def _exit(self) -> None:
        log.info("staff closed the kiosk with the PIN")
        self.allow_close()
        self.app.stop()
