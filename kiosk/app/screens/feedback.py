"""The feedback screen: which ticket, five faces, optional tags, thanks.

The ticket comes from the token typed on the keypad or from a scanned slip
(whose case names its ticket). Saving runs on the database worker.
"""

import logging

from kivy.clock import Clock
from kivy.properties import (
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)

from kiosk.app.screens.base import KioskScreen
from kiosk.app.slip_camera import SlipCamera
from kiosk.app.texts import TEXTS
from kiosk.errors import InvalidInputError, KioskError
from kiosk.lookup_errors import BilingualError
from kiosk.queue_rules import normalise_token
from kiosk.slip_payload import parse_slip_payload
from kiosk.widgets.pressable import PressableBox

log = logging.getLogger(__name__)
LONGEST_TOKEN = 7


class FaceButton(PressableBox):
    """One of the five faces: ``rating`` 1 (very bad) to 5 (very good)."""

    rating = NumericProperty(0)
    icon = StringProperty("")
    label = StringProperty("")


class FeedbackScreen(KioskScreen):
    """Take a rating (and tags) for today's ticket; see the module docstring."""

    back_target = StringProperty("services")
    phase = OptionProperty("token", options=["token", "rate", "sending", "thanks"])
    token = StringProperty("")
    message = ListProperty(["", ""])
    camera_message = ListProperty(["", ""])
    rating = NumericProperty(0)
    tags = ListProperty([])

    def on_kv_post(self, *_args: object) -> None:
        """Prepare the camera panel."""
        self._home_event = None
        self.camera = SlipCamera(
            self.app.open_scanner, self.scanned, self._camera_message, lambda _t: None
        )

    def on_pre_enter(self, *_args: object) -> None:
        """Start the camera."""
        self.camera.start()

    def on_leave(self, *_args: object) -> None:
        """Stop the camera and forget the visit."""
        self.camera.stop()
        self.reset()

    def type_key(self, key: str) -> None:
        """Add a character to the token being typed."""
        if len(self.token) < LONGEST_TOKEN:
            self.token += key
            self.message = ["", ""]

    def erase(self) -> None:
        """Remove the last character typed."""
        self.token = self.token[:-1]

    def find_ticket(self) -> None:
        """Check that today's ticket with this token exists, then ask the rating."""
        if self.busy:
            return
        try:
            token = normalise_token(self.token)
        except InvalidInputError:
            self.message = list(TEXTS["unknown_token"])
            return
        self.busy = True
        self.app.db_worker.submit(
            lambda: self.app.store.ticket_by_token(token).token,
            self._ticket_found,
            self._ticket_missing,
        )

    def scanned(self, text: str) -> None:
        """Find the ticket of a scanned slip through its case."""
        if self.busy or self.phase != "token":
            return
        try:
            code = parse_slip_payload(text, self.app.kiosk_config.tracking.public_url)
        except BilingualError as error:
            self.message = [error.en, error.ur]
            return
        self.busy = True
        self.app.db_worker.submit(
            lambda: self.app.store.case_by_code(code).ticket_token or "",
            self._ticket_found,
            self._ticket_missing,
        )

    def rate(self, rating: int) -> None:
        """Choose one of the five faces."""
        self.rating = rating

    def toggle_tag(self, tag: str) -> None:
        """Add or remove an optional tag."""
        if tag in self.tags:
            self.tags = [item for item in self.tags if item != tag]
        else:
            self.tags = [*self.tags, tag]

    def send(self) -> None:
        """Save the feedback on the database worker (once)."""
        if self.phase != "rate" or not self.rating:
            return
        self.phase = "sending"
        token, rating, tags = self.token, self.rating, tuple(self.tags)
        self.app.db_worker.submit(
            lambda: self.app.store.add_feedback(token, rating, tags),
            self._saved,
            self._not_saved,
        )

    def finish(self) -> None:
        """Go home."""
        self.app.go_home()

    def reset(self) -> None:
        """Forget the token, rating and tags."""
        super().reset()
        if self._home_event is not None:
            self._home_event.cancel()
            self._home_event = None
        self.phase = "token"
        self.token = ""
        self.message = ["", ""]
        self.rating = 0
        self.tags = []

    # -- results --------------------------------------------------------

    def _ticket_found(self, token: str) -> None:
        self.busy = False
        if not token:
            self._ticket_missing(KioskError("the slip's case has no ticket"))
            return
        self.token = token
        self.phase = "rate"

    def _ticket_missing(self, error: Exception) -> None:
        self.busy = False
        if not isinstance(error, KioskError):
            log.error("finding a ticket for feedback failed: %r", error)
        self.message = list(TEXTS["unknown_token"])

    def _saved(self, _feedback_id: int) -> None:
        self.phase = "thanks"
        delay = self.app.settings.done_seconds
        self._home_event = Clock.schedule_once(lambda _dt: self.finish(), delay)

    def _not_saved(self, error: Exception) -> None:
        log.error("saving feedback failed: %r", error)
        self.phase = "rate"
        self.message = list(TEXTS["issue_failed"])

    def _camera_message(self, message: tuple[str, str]) -> None:
        self.camera_message = list(message)
