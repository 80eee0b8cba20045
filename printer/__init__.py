"""Ticket printing: slip layouts, printer connections and faults, with no Kivy.

Callers use :class:`TicketPrinter` with the ``[printer]`` settings, the slip
dataclasses in :mod:`printer.slip`, and catch :class:`PrinterError`.
"""

from printer.errors import (
    PrinterConfigError,
    PrinterCoverOpenError,
    PrinterError,
    PrinterOfflineError,
    PrinterPaperOutError,
    PrinterTimeoutError,
    PrinterUnreachableError,
)
from printer.layout import PrintJob, ReceiptLayout, TicketLayout, paper_dots
from printer.service import TicketPrinter
from printer.slip import CaseReceipt, TicketSlip, mask_cnic, qr_payload
from printer.status import PrinterStatus

__all__ = [
    "CaseReceipt",
    "PrintJob",
    "PrinterConfigError",
    "PrinterCoverOpenError",
    "PrinterError",
    "PrinterOfflineError",
    "PrinterPaperOutError",
    "PrinterStatus",
    "PrinterTimeoutError",
    "PrinterUnreachableError",
    "ReceiptLayout",
    "TicketLayout",
    "TicketPrinter",
    "TicketSlip",
    "mask_cnic",
    "paper_dots",
    "qr_payload",
]
