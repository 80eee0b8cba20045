"""Exceptions raised by the ticket printer.

Each class is one printer fault a caller handles differently. Every fault carries
a message in English and in Urdu that a kiosk screen can show as it is; ``str()``
of the error is the English message plus the technical detail for the log. Paper
near end is not an error: :class:`~printer.service.PrinterStatus` reports it as a
warning to staff while slips keep printing.
"""

from typing import ClassVar


class PrinterError(Exception):
    """Base class of every error the printer package raises on purpose.

    ``message_en`` and ``message_ur`` are for visitors and staff; ``detail`` names
    the printer and the cause, for logs and ``kiosk-admin``.
    """

    message_en: ClassVar[str] = "The printer is not working"
    message_ur: ClassVar[str] = "پرنٹر کام نہیں کر رہا"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        text = f"{self.message_en}: {detail}" if detail else self.message_en
        super().__init__(text)


class PrinterConfigError(PrinterError):
    """The ``[printer]`` settings cannot work: unknown profile, missing host, etc."""

    message_en = "The printer is not set up correctly"
    message_ur = "پرنٹر کی ترتیبات درست نہیں ہیں"


class PrinterUnreachableError(PrinterError):
    """The printer cannot be reached: no device, refused or unanswered connection."""

    message_en = "The printer cannot be reached"
    message_ur = "پرنٹر سے رابطہ نہیں ہو سکا"


class PrinterTimeoutError(PrinterError):
    """The printer stopped answering or accepting data within the time bound."""

    message_en = "The printer did not respond in time"
    message_ur = "پرنٹر نے بروقت جواب نہیں دیا"


class PrinterOfflineError(PrinterError):
    """The printer answers but is off line for a reason it does not name."""

    message_en = "The printer is off line"
    message_ur = "پرنٹر آف لائن ہے"


class PrinterCoverOpenError(PrinterOfflineError):
    """The printer's cover is open."""

    message_en = "The printer cover is open"
    message_ur = "پرنٹر کا ڈھکن کھلا ہے"


class PrinterPaperOutError(PrinterOfflineError):
    """The printer has run out of paper."""

    message_en = "The printer is out of paper"
    message_ur = "پرنٹر میں کاغذ ختم ہو گیا ہے"
