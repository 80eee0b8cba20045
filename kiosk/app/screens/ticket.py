"""The ticket screen: issue the ticket, show it, print it, and say what happened.

Issuing runs on the database worker and printing on the printer worker, so the
screen answers touches while either runs. The database worker also draws the
ticket's lines (Urdu shaping is the slow part) and its QR code with Pillow, so
the UI thread only makes textures of them; printing starts on the frame after
the one showing the ticket. When printing fails the token, its QR code and
"please note your number; staff have been told" stay on screen, and the fault is
logged for staff, who may reprint with the kiosk PIN. A complaint ends here too:
its case receipt (with the CNIC masked) is printed instead of a ticket.
"""

import dataclasses
import logging
from collections.abc import Mapping

from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.properties import (
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from PIL import Image

from kiosk.app.qr_image import qr_picture
from kiosk.app.screens.base import KioskScreen
from kiosk.app.texts import TEXTS
from kiosk.complaints import ComplaintForm
from kiosk.config import Service
from kiosk.errors import CentreClosedError
from kiosk.models import IssuedTicket, Priority
from kiosk.tracking_codes import format_tracking_code
from kiosk.urdu_text import default_renderer
from kiosk.widgets.rendered_text import (
    WHITE_INK,
    RenderedText,
    TextKey,
    adopt_drawn,
    draw_text,
    forget_drawn,
)
from printer import CaseReceipt, PrinterError, TicketSlip
from printer.queue_slips import case_receipt, ticket_slip

log = logging.getLogger(__name__)

Slip = TicketSlip | CaseReceipt
# The widgets (kv ids) whose text comes from the issued ticket; each has a
# ``<id>_text`` property on the screen.
TICKET_LINES = ("token", "people", "wait", "case", "tracking", "documents")
# Those of them no later visit shows (the documents are the service's).
VISIT_LINES = ("token", "people", "wait", "case", "tracking")
# Drawn once at each of the screen's sizes after start, so the fonts are loaded
# before the first visitor's ticket (loading a face at a new size takes ~50 ms).
WARM_SAMPLES = {"en": "C-0123456789 ~ min", "ur": "C-007 آپ سے پہلے منٹ ٹکٹ"}


class TicketScreen(KioskScreen):
    """Show the ticket being issued and printed (see the module docstring)."""

    phase = OptionProperty(
        "idle",
        options=[
            "idle",
            "issuing",
            "printing",
            "printed",
            "print_failed",
            "issue_failed",
        ],
    )
    token = StringProperty("")
    token_text = StringProperty("…")
    people_text = StringProperty("")
    wait_text = StringProperty("")
    case_text = StringProperty("")
    tracking_text = StringProperty("")
    documents_text = StringProperty("")
    service_names = ListProperty(["", ""])
    people_ahead = NumericProperty(0)
    wait_minutes = NumericProperty(0)
    documents = ListProperty(["", ""])
    tracking_code = StringProperty("")
    case_number = StringProperty("")
    qr_texture = ObjectProperty(None, allownone=True)
    fault = ListProperty(["", ""])
    status_text = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._slip: Slip | None = None
        self._issued_ticket: IssuedTicket | None = None
        self._home_event = None
        self.bind(phase=self._show_status, fault=self._show_status)

    def on_kv_post(self, *_args: object) -> None:
        """Follow the visitor's language in the status line and the ticket."""
        self.app.bind(language=self._show_status)
        self.app.bind(language=self._show_language)
        self.app.bind(language=self.warm_fonts)

    def prepare(self, service_code: str) -> None:
        """Draw the service's documents line on the print worker, ahead of a ticket.

        Called while the visitor chooses a priority: wrapping a service's long
        documents paragraph is most of the work of showing its first ticket
        (~0.5 s on a small CPU); drawn now, the ticket finds it in the cache.
        """
        service = self.app.kiosk_config.service(service_code)
        documents = _documents(service)[1 if self.app.rtl else 0]
        key = self.ids.documents.key_for(documents)
        if documents:
            self.app.print_worker.submit(lambda: draw_text(key), _ignore)

    def warm_fonts(self, *_args: object) -> None:
        """Load the fonts this screen draws with, at its sizes, on the print worker.

        Called after start and when the language changes: the visitor's first
        ticket then draws with fonts already loaded. The printer worker is idle
        until that ticket prints, so issuing is not held up.
        """
        sample = WARM_SAMPLES[self.app.language]
        looks = {
            (max(int(widget.font_size), 8), widget.bold)
            for widget in self.walk(restrict=True)
            if isinstance(widget, RenderedText)
        }
        self.app.print_worker.submit(lambda: _draw_samples(sample, looks), _ignore)

    def issue(
        self,
        service_code: str,
        priority: Priority,
        complaint: ComplaintForm | None = None,
    ) -> None:
        """Issue a ticket (with its complaint, if any) and print it."""
        if self.phase in ("issuing", "printing"):
            return
        self.reset()
        service = self.app.kiosk_config.service(service_code)
        self.service_names = [service.name_en, service.name_ur]
        self.phase = "issuing"
        # Read on the UI thread: how each line will be drawn, in which language.
        looks = {name: self.ids[name].key_for("")[1:] for name in TICKET_LINES}
        printing = self.ids.status_text.key_for(self.app.tr["printing"])
        lines = LineLooks(dict(self.app.tr), self.app.rtl, service, looks, printing)
        self.app.db_worker.submit(
            lambda: self._issue_now(service_code, priority, complaint, lines),
            self._issued,
            self._issue_failed,
        )

    def finish(self) -> None:
        """Forget the visit and go back to the welcome screen."""
        self.app.go_home()

    def ask_reprint(self) -> None:
        """Ask for the staff PIN, then print the slip again marked as a reprint."""
        if self._slip is not None:
            self.app.ask_staff_pin(self._reprint)

    def reset(self) -> None:
        """Clear the ticket from the screen (after leaving it or on idle)."""
        super().reset()
        self._cancel_home()
        self._slip = None
        self.phase = "idle"
        self.token = self.tracking_code = self.case_number = ""
        self.people_ahead = self.wait_minutes = 0
        self.documents = ["", ""]
        self._issued_ticket = None
        forget_drawn(
            self.ids[name].key_for(self.ids[name].text) for name in VISIT_LINES
        )
        self._set_lines(ticket_lines(self.app.tr, self.app.rtl, None, None))
        self.fault = ["", ""]
        self.qr_texture = None

    def on_leave(self, *_args: object) -> None:
        """Stop the timer that would send a later visitor home."""
        self._cancel_home()

    # -- worker side (no widgets here) -----------------------------------

    def _issue_now(
        self,
        service_code: str,
        priority: Priority,
        complaint: ComplaintForm | None,
        looks: "LineLooks",
    ) -> tuple[IssuedTicket, Slip, Image.Image | None, dict[TextKey, Image.Image]]:
        store = self.app.store
        issued = store.issue(service_code, priority, actor="kiosk", complaint=complaint)
        if complaint is not None:
            case = store.case_by_code(issued.tracking_code)
            slip: Slip = case_receipt(store, case, complaint.cnic)
        else:
            slip = ticket_slip(store, issued.ticket, issued.tracking_code)
        picture = qr_picture(slip.qr_payload) if slip.qr_payload else None
        return issued, slip, picture, looks.draw(issued)

    # -- UI side ------------------------------------------------------------

    def _issued(
        self,
        result: tuple[
            IssuedTicket, Slip, Image.Image | None, dict[TextKey, Image.Image]
        ],
    ) -> None:
        issued, slip, picture, drawn = result
        adopt_drawn(drawn)
        self._slip = slip
        self._issued_ticket = issued
        self.token = issued.ticket.token
        self.people_ahead = issued.people_ahead
        self.wait_minutes = issued.estimated_wait_minutes
        self.tracking_code = (
            format_tracking_code(issued.tracking_code) if issued.tracking_code else ""
        )
        self.case_number = issued.case_number or ""
        self._show_language()
        self.qr_texture = _texture(picture) if picture is not None else None
        self.phase = "printing"
        # Laying out a slip is CPU work that shares the GIL with the UI thread:
        # start it on the next frame, once the frame showing the ticket is drawn.
        Clock.schedule_once(lambda _dt: self._print(slip), 0)

    def _show_language(self, *_args: object) -> None:
        issued = self._issued_ticket
        config = self.app.kiosk_config
        service = config.service(issued.ticket.service) if issued else None
        self.documents = list(_documents(service)) if service else ["", ""]
        self._set_lines(ticket_lines(self.app.tr, self.app.rtl, issued, service))

    def _set_lines(self, lines: Mapping[str, str]) -> None:
        for name, line in lines.items():
            setattr(self, f"{name}_text", line)

    def _issue_failed(self, error: Exception) -> None:
        if isinstance(error, CentreClosedError):
            log.warning("ticket refused: %s", error)
            self.fault = list(TEXTS["service_closed"])
        else:
            log.error("issuing a ticket failed: %r", error)
            self.fault = list(TEXTS["issue_failed"])
        self.phase = "issue_failed"
        self._schedule_home()

    def _print(self, slip: Slip) -> None:
        printer = self.app.printer
        if isinstance(slip, CaseReceipt):
            job = lambda: printer.print_receipt(slip)  # noqa: E731
        else:
            job = lambda: printer.print_ticket(slip)  # noqa: E731
        self.app.print_worker.submit(job, self._printed, self._print_failed)

    def _printed(self, _status: object) -> None:
        self.phase = "printed"
        self._schedule_home()

    def _print_failed(self, error: Exception) -> None:
        if not isinstance(error, PrinterError):
            log.error("printing ticket %s failed unexpectedly: %r", self.token, error)
            self.fault = [PrinterError.message_en, PrinterError.message_ur]
        else:
            log.error(
                "PRINTER FAULT, staff needed: ticket %s not printed: %s",
                self.token,
                error,
            )
            self.fault = [error.message_en, error.message_ur]
        self.phase = "print_failed"
        self._schedule_home(self.app.settings.done_seconds * 2)

    def _reprint(self) -> None:
        if self._slip is None:
            return
        log.info("staff reprint of ticket %s", self.token)
        self.phase = "printing"
        self._cancel_home()
        self._print(dataclasses.replace(self._slip, reprint=True))

    def _show_status(self, *_args: object) -> None:
        tr = self.app.tr
        fault = self.fault[1] if self.app.rtl else self.fault[0]
        stop = "۔" if self.app.rtl else "."
        self.status_text = {
            "idle": "",
            "issuing": tr["issuing"],
            "printing": tr["printing"],
            "printed": tr["take_receipt" if self._is_receipt() else "take_ticket"],
            "print_failed": f"{fault}{stop} {self.token} — {tr['note_number']}",
            "issue_failed": fault,
        }[self.phase]

    def _is_receipt(self) -> bool:
        return isinstance(self._slip, CaseReceipt)

    def _schedule_home(self, seconds: float | None = None) -> None:
        self._cancel_home()
        delay = seconds or self.app.settings.done_seconds
        self._home_event = Clock.schedule_once(lambda _dt: self.finish(), delay)

    def _cancel_home(self) -> None:
        if self._home_event is not None:
            self._home_event.cancel()
            self._home_event = None


def ticket_lines(
    tr: Mapping[str, str],
    rtl: bool,
    issued: IssuedTicket | None,
    service: Service | None,
) -> dict[str, str]:
    """Return the text of each of TICKET_LINES for ``issued`` (None: issuing)."""
    if issued is None or service is None:
        return {name: "…" if name == "token" else "" for name in TICKET_LINES}
    minutes = issued.estimated_wait_minutes
    case = issued.case_number
    code = issued.tracking_code
    return {
        "token": issued.ticket.token,
        "people": tr["people_ahead"].format(count=issued.people_ahead),
        "wait": tr["estimated_wait"].format(minutes=minutes)
        if minutes
        else tr["no_wait"],
        "case": f"{tr['case_number']}: {case}" if case else "",
        "tracking": format_tracking_code(code) if code else "",
        "documents": _documents(service)[1 if rtl else 0],
    }


def _documents(service: Service) -> tuple[str, str]:
    """Return the service's documents as one English and one Urdu line."""
    return (
        "   ".join(f"• {item}" for item in service.documents_en),
        # Nastaliq has no bullet; Urdu items are set apart by its semicolon.
        " ؛ ".join(service.documents_ur),
    )


@dataclasses.dataclass(frozen=True)
class LineLooks:
    """What the worker needs to draw the ticket's lines as the widgets will.

    Taken on the UI thread when the ticket is asked for: the sentences of the
    visitor's language, the service, each line's drawing key without its text
    (:meth:`RenderedText.key_for`), and the "printing…" status line's key.
    """

    tr: Mapping[str, str]
    rtl: bool
    service: Service
    shapes: Mapping[str, tuple]
    printing: TextKey

    def draw(self, issued: IssuedTicket) -> dict[TextKey, Image.Image]:
        """Draw the lines of ``issued`` with Pillow (any thread, no widgets)."""
        lines = ticket_lines(self.tr, self.rtl, issued, self.service)
        keys = [(lines[name], *self.shapes[name]) for name in TICKET_LINES]
        return {key: draw_text(key) for key in [*keys, self.printing] if key[0]}


def _draw_samples(sample: str, looks: set[tuple[int, bool]]) -> None:
    renderer = default_renderer()
    for size, bold in sorted(looks):
        renderer.render_line(sample, size, bold=bold, mode="RGBA", ink=WHITE_INK)


def _ignore(_result: object) -> None:
    """Nothing to show when the fonts are loaded."""


def _texture(picture: Image.Image) -> Texture:
    texture = Texture.create(size=picture.size, colorfmt="rgba")
    texture.blit_buffer(picture.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    texture.mag_filter = "nearest"
    return texture
