"""The staff PIN prompt: closes the kiosk or reprints a slip for staff.

The PIN is checked against the kiosk role in the queue database on the database
worker (scrypt takes about 50 ms); wrong PINs are counted and locked out there.
"""

import logging
from collections.abc import Callable

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

from kiosk.staff_pins import PinLockedError

log = logging.getLogger(__name__)

PIN_ROLE = "kiosk"
LONGEST_PIN = 8


class StaffPinPopup(ModalView):
    """Ask for the kiosk's staff PIN; run ``on_success`` when it is right."""

    pin = StringProperty("")
    message = StringProperty("")

    def __init__(
        self,
        on_success: Callable[[], None],
        on_close: Callable[[], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.on_success = on_success
        self.on_close = on_close
        self._checking = False

    def type_digit(self, digit: str) -> None:
        """Add a digit to the PIN."""
        if len(self.pin) < LONGEST_PIN:
            self.pin += digit
            self.message = ""

    def erase(self) -> None:
        """Remove the last digit."""
        self.pin = self.pin[:-1]

    def submit(self) -> None:
        """Check the PIN on the database worker."""
        if self._checking or not self.pin:
            return
        self._checking = True
        app = App.get_running_app()
        pin = self.pin
        app.db_worker.submit(
            lambda: app.store.pins.check(PIN_ROLE, pin), self._checked, self._failed
        )

    def cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss()

    def on_dismiss(self) -> None:
        """Forget the PIN and tell the caller."""
        self.pin = ""
        if self.on_close is not None:
            self.on_close()

    def _checked(self, right: bool) -> None:
        self._checking = False
        if right:
            log.info("staff PIN accepted on the kiosk")
            self.dismiss()
            self.on_success()
            return
        log.warning("wrong staff PIN typed on the kiosk")
        self.pin = ""
        self.message = App.get_running_app().tr["wrong_pin"]

    def _failed(self, error: Exception) -> None:
        self._checking = False
        self.pin = ""
        if isinstance(error, PinLockedError):
            seconds = int(error.seconds_left + 0.999)
            self.message = App.get_running_app().text("pin_locked", seconds=seconds)
            return
        log.error("checking the staff PIN failed: %r", error)
        self.message = App.get_running_app().tr["wrong_pin"]
