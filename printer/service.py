"""The ticket printer as the kiosk and kiosk-admin use it.

:class:`TicketPrinter` lays out a slip, asks the printer for its status where the
connection can answer, sends the job and reports faults as typed errors from
:mod:`printer.errors`. Every call returns or raises within
``settings.timeout_seconds``: the work on the wire runs in a helper thread, and
a printer that stops answering is reported as :class:`PrinterTimeoutError`
while its thread runs into its own socket or device timeout.
"""

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from kiosk.config import Centre, PrinterSettings, TrackingSettings
from kiosk.urdu_text import TextRenderer, default_renderer
from printer.connections import PreviewTransport, Transport, open_transport
from printer.errors import PrinterError, PrinterTimeoutError
from printer.layout import PrintJob, ReceiptLayout, TicketLayout
from printer.samples import sample_ticket
from printer.slip import CaseReceipt, TicketSlip
from printer.status import (
    OFFLINE_CAUSE,
    PAPER_SENSOR,
    PRINTER_STATUS,
    PrinterStatus,
    is_status_reply,
    status_request,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")


class TicketPrinter:
    """Print tickets and case receipts on the printer kiosk.ini describes."""

    def __init__(
        self,
        settings: PrinterSettings,
        *,
        renderer: TextRenderer | None = None,
        transport_factory: Callable[[PrinterSettings], Transport] = open_transport,
    ) -> None:
        self.settings = settings
        renderer = renderer or default_renderer()
        self.tickets = TicketLayout(settings, renderer)
        self.receipts = ReceiptLayout(settings, renderer)
        self._transport_factory = transport_factory

    def print_ticket(self, slip: TicketSlip) -> PrinterStatus:
        """Print a queue ticket; return the status seen before printing.

        Raise a :class:`~printer.errors.PrinterError` subclass on any fault. A
        returned status with ``paper_near_end`` is a warning for staff.
        """
        return self.print_job(self.tickets.build(slip), f"ticket-{slip.token}")

    def print_receipt(self, receipt: CaseReceipt) -> PrinterStatus:
        """Print a case receipt; faults raise as in :meth:`print_ticket`."""
        return self.print_job(
            self.receipts.build(receipt), f"receipt-{receipt.tracking_code}"
        )

    def print_test(
        self, centre: Centre | None = None, tracking: TrackingSettings | None = None
    ) -> PrinterStatus:
        """Print a sample ticket marked T-000 for ``centre``."""
        public_url = tracking.public_url if tracking else None
        slip = sample_ticket(centre, public_url, token="T-000")
        return self.print_job(self.tickets.build(slip), "test")

    def print_job(self, job: PrintJob, label: str) -> PrinterStatus:
        """Check the printer, send ``job`` and return the status seen before it."""
        data = job.commands()
        status = self._bounded(lambda: self._deliver(data, job, label))
        logger.info(
            "Printed %s (%d bytes) on %s", label, len(data), self.settings.connection
        )
        if status.paper_near_end:
            logger.warning("Printer paper is nearly finished; change the roll soon")
        return status

    def status(self) -> PrinterStatus:
        """Return the printer's status; faults are reported in it, not raised."""
        try:
            return self._bounded(self._read_status)
        except PrinterError as error:
            logger.warning("Printer status check failed: %s", error)
            return PrinterStatus.from_error(error)

    def _deliver(self, data: bytes, job: PrintJob, label: str) -> PrinterStatus:
        transport = self._transport_factory(self.settings)
        try:
            status = self._check(transport)
            fault = status.fault()
            if fault is not None:
                raise fault
            transport.send(data, job.picture, label)
            return status
        finally:
            transport.close()

    def _read_status(self) -> PrinterStatus:
        transport = self._transport_factory(self.settings)
        try:
            return self._check(transport)
        finally:
            transport.close()

    def _check(self, transport: Transport) -> PrinterStatus:
        """Ask the printer for DLE EOT 1, 2 and 4, or describe what cannot be asked."""
        if isinstance(transport, PreviewTransport):
            transport.check()
            return _unanswered(f"preview: slips are saved to {transport.folder}")
        if not transport.can_query:
            transport.check()
            return _unanswered(f"{transport.name} cannot report paper or cover status")
        if not self.settings.query_status:
            transport.check()
            return _unanswered(f"{transport.name}: status queries are off in kiosk.ini")

        replies = []
        for n in (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR):
            reply = transport.query(status_request(n))
            if not is_status_reply(reply):
                raise PrinterTimeoutError(
                    f"{transport.name} answered DLE EOT {n} with {reply.hex()}, "
                    "not a status byte"
                )
            replies.append(reply[0])
        status = PrinterStatus.from_replies(*replies)
        return _with_detail(status, transport.name)

    def _bounded(self, work: Callable[[], T]) -> T:
        """Run ``work`` in a helper thread; give up after the configured bound."""
        outcome: list[T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome.append(work())
            except BaseException as error:  # handed to the caller's thread below
                failure.append(error)

        worker = threading.Thread(target=run, name="printer-job", daemon=True)
        worker.start()
        worker.join(self.settings.timeout_seconds)
        if worker.is_alive():
            raise PrinterTimeoutError(
                f"no answer from the {self.settings.connection} printer within "
                f"{self.settings.timeout_seconds:g} s"
            )
        if failure:
            raise failure[0]
        return outcome[0]


def _unanswered(detail: str) -> PrinterStatus:
    return PrinterStatus(
        reachable=True,
        online=True,
        paper="unknown",
        cover_open=False,
        answered=False,
        message_en="The printer is ready",
        message_ur="پرنٹر تیار ہے",
        detail=detail,
    )


def _with_detail(status: PrinterStatus, name: str) -> PrinterStatus:
    return PrinterStatus(**{**status.__dict__, "detail": name})
