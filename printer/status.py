"""What a printer says about itself: DLE EOT replies and :class:`PrinterStatus`.

ESC/POS printers answer the real-time request DLE EOT n at once, even while a
fault stops printing. This module builds the requests, reads the one-byte
replies (Epson ESC/POS reference, "DLE EOT") and turns them into one
:class:`PrinterStatus` that kiosk-admin and the kiosk show.
"""

from dataclasses import dataclass
from typing import Literal

from printer.errors import (
    PrinterCoverOpenError,
    PrinterError,
    PrinterOfflineError,
    PrinterPaperOutError,
)

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = 1
OFFLINE_CAUSE = 2
PAPER_SENSOR = 4

# Every DLE EOT reply has the bit pattern 0xx1xx10.
REPLY_MASK = 0x93
REPLY_FIXED = 0x12
OFFLINE_BIT = 0x08
COVER_OPEN_BIT = 0x04
PAPER_STOP_BIT = 0x20
NEAR_END_BITS = 0x0C
PAPER_OUT_BITS = 0x60

Paper = Literal["ok", "near_end", "out", "unknown"]


def status_request(n: int) -> bytes:
    """Return the DLE EOT request for status ``n`` (1, 2 or 4)."""
    return DLE_EOT + bytes([n])


def is_status_reply(reply: bytes) -> bool:
    """Return whether ``reply`` is one well-formed DLE EOT status byte."""
    return len(reply) == 1 and reply[0] & REPLY_MASK == REPLY_FIXED


@dataclass(frozen=True)
class PrinterStatus:
    """The printer's state as last asked, with a message staff can read.

    ``answered`` is False for connections that cannot report status (preview,
    file, cups); their ``paper`` is "unknown" and ``online`` means only that the
    connection could be opened.
    """

    reachable: bool
    online: bool
    paper: Paper
    cover_open: bool
    answered: bool
    message_en: str
    message_ur: str
    detail: str = ""

    @property
    def can_print(self) -> bool:
        """Return whether a slip sent now should come out."""
        return self.reachable and self.online and self.paper != "out"

    @property
    def paper_near_end(self) -> bool:
        """Return whether staff should change the roll soon (a warning only)."""
        return self.paper == "near_end"

    @classmethod
    def from_error(cls, error: PrinterError) -> "PrinterStatus":
        """Return the status that a failed connection or query implies."""
        from printer.errors import PrinterTimeoutError, PrinterUnreachableError

        reachable = not isinstance(error, PrinterUnreachableError | PrinterTimeoutError)
        return cls(
            reachable=reachable,
            online=False,
            paper="unknown",
            cover_open=False,
            answered=False,
            message_en=error.message_en,
            message_ur=error.message_ur,
            detail=error.detail,
        )

    @classmethod
    def from_replies(cls, printer: int, offline: int, paper: int) -> "PrinterStatus":
        """Return the status read from the DLE EOT 1, 2 and 4 reply bytes."""
        cover_open = bool(offline & COVER_OPEN_BIT)
        paper_state: Paper = "ok"
        if paper & PAPER_OUT_BITS or offline & PAPER_STOP_BIT:
            paper_state = "out"
        elif paper & NEAR_END_BITS:
            paper_state = "near_end"

        status = cls(
            reachable=True,
            online=not printer & OFFLINE_BIT,
            paper=paper_state,
            cover_open=cover_open,
            answered=True,
            message_en="",
            message_ur="",
        )
        english, urdu = status.messages()
        return cls(**{**status.__dict__, "message_en": english, "message_ur": urdu})

    def fault(self) -> PrinterError | None:
        """Return the typed error this status means for printing, or None."""
        if self.answered and self.paper == "out":
            return PrinterPaperOutError("the paper sensor reports no paper")
        if self.answered and self.cover_open:
            return PrinterCoverOpenError("the printer reports its cover open")
        if self.answered and not self.online:
            return PrinterOfflineError("the printer reports off line without a cause")
        return None

    def messages(self) -> tuple[str, str]:
        """Return the English and Urdu message for this status."""
        error = self.fault()
        if error is not None:
            return error.message_en, error.message_ur
        if self.paper_near_end:
            return (
                "The printer is working; the paper roll is nearly finished",
                "پرنٹر کام کر رہا ہے؛ کاغذ کا رول ختم ہونے والا ہے",
            )
        return "The printer is ready", "پرنٹر تیار ہے"
