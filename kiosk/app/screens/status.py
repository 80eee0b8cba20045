"""The case-status screen: scan a slip or type its tracking code, see the case.

Typed codes are normalised (case, dashes, look-alikes) and checked before any
lookup; scanned QR texts must be slips of this centre. Lookups run on the
database worker through the kiosk's status source (the local database or the
online tracking service), so the screen never waits on the network.
"""

import logging

from kivy.factory import Factory
from kivy.properties import ListProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk.app.screens.base import KioskScreen
from kiosk.app.slip_camera import SlipCamera
from kiosk.app.texts import TEXTS
from kiosk.case_status import CaseStatusReport
from kiosk.errors import InvalidTrackingCodeError, UnknownCaseError
from kiosk.lookup_errors import BilingualError, CaseNotFoundError
from kiosk.slip_payload import parse_slip_payload, parse_typed_code
from kiosk.tracking_codes import CODE_LENGTH, format_tracking_code

log = logging.getLogger(__name__)


class StatusScreen(KioskScreen):
    """Find a case by slip or code and show its status and history."""

    back_target = StringProperty("services")
    phase = OptionProperty("entry", options=["entry", "checking", "result"])
    code = StringProperty("")
    shown_code = StringProperty("")
    message = ListProperty(["", ""])
    camera_message = ListProperty(["", ""])
    camera_texture = ObjectProperty(None, allownone=True)
    case_heading = StringProperty("")
    status_names = ListProperty(["", ""])
    next_step = ListProperty(["", ""])
    history = ListProperty([])

    def on_kv_post(self, *_args: object) -> None:
        """Prepare the camera panel; redraw the history with the language."""
        self.app.bind(language=self._show_history)
        self.bind(history=self._show_history)
        self.camera = SlipCamera(
            self.app.open_scanner,
            self.scanned,
            self._camera_message,
            self._camera_texture,
        )

    def on_pre_enter(self, *_args: object) -> None:
        """Start the camera."""
        self.camera.start()

    def on_leave(self, *_args: object) -> None:
        """Stop the camera and forget the lookup."""
        self.camera.stop()
        self.reset()

    def type_key(self, key: str) -> None:
        """Add a symbol to the code being typed."""
        if len(self.code) < CODE_LENGTH and self.phase == "entry":
            self.code += key
            self.message = ["", ""]

    def erase(self) -> None:
        """Remove the last symbol typed."""
        self.code = self.code[:-1]

    def check(self) -> None:
        """Check the typed code, then look the case up."""
        if self.phase != "entry":
            return
        try:
            canonical = parse_typed_code(self.code)
        except InvalidTrackingCodeError:
            self.message = list(TEXTS["bad_code"])
            return
        self._look_up(canonical)

    def scanned(self, text: str) -> None:
        """Look up the case of a slip the camera read (only this centre's slips)."""
        if self.phase != "entry":
            return
        try:
            canonical = parse_slip_payload(
                text, self.app.kiosk_config.tracking.public_url
            )
        except BilingualError as error:
            log.info("scanned QR code refused: %s", error.reason)
            self.message = [error.en, error.ur]
            return
        self.code = canonical
        self._look_up(canonical)

    def finish(self) -> None:
        """Go home after reading the status."""
        self.app.go_home()

    def reset(self) -> None:
        """Forget the code and the case."""
        super().reset()
        self.phase = "entry"
        self.code = ""
        self.message = ["", ""]
        self.case_heading = ""
        self.status_names = self.next_step = ["", ""]
        self.history = []

    def on_code(self, *_args: object) -> None:
        """Show the code grouped as on the slip while it is typed."""
        self.shown_code = format_tracking_code(self.code)

    # -- lookup ---------------------------------------------------------

    def _look_up(self, canonical: str) -> None:
        self.phase = "checking"
        source = self.app.status_source
        self.app.db_worker.submit(
            lambda: source.lookup(canonical), self._found, self._not_found
        )

    def _found(self, report: CaseStatusReport) -> None:
        if self.phase != "checking":
            return
        self.case_heading = (
            f"{report.case_number}  ·  {format_tracking_code(report.tracking_code)}"
        )
        self.status_names = [report.status_en, report.status_ur]
        self.next_step = [report.next_step_en, report.next_step_ur]
        self.history = [
            [
                f"{entry.at:%d/%m/%Y %H:%M}  {entry.label_en}",
                f"{entry.label_ur} — {entry.at:%d/%m/%Y %H:%M}",
            ]
            for entry in report.history
        ]
        self.phase = "result"

    def _not_found(self, error: Exception) -> None:
        self.phase = "entry"
        if isinstance(error, BilingualError):
            self.message = [error.en, error.ur]
        elif isinstance(error, UnknownCaseError):
            self.message = [CaseNotFoundError.en, CaseNotFoundError.ur]
        else:
            log.error("case lookup failed: %r", error)
            self.message = list(TEXTS["issue_failed"])

    def _show_history(self, *_args: object) -> None:
        """One line per step of the case's history, in the visitor's language."""
        box = self.ids.history_box
        box.clear_widgets()
        for english, urdu in self.history:
            line = Factory.TextLine(text=urdu if self.app.rtl else english)
            line.font_size = self.app.scale * 32
            box.add_widget(line)

    def _camera_message(self, message: tuple[str, str]) -> None:
        self.camera_message = list(message)

    def _camera_texture(self, texture: object) -> None:
        self.camera_texture = texture
