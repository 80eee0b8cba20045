"""python-escpos's device classes, fixed where they would block or misread.

A file device is opened without creating it and without waiting for a reader, a
serial status read returns on the first reply byte, serial and file writes give
up after a timeout, and a CUPS job goes to the server CUPS_SERVER or client.conf
names and is refused while its queue is stopped. A CUPS job counts as printed
once the server has queued it: CUPS reports neither paper nor cover faults back.

Importing this module imports python-escpos's printer package, and with it the
library of every device kind that is installed; :mod:`printer.connections`
imports it only for a connection that needs a device.
"""

import contextlib
import errno
import os
import select
import time

from escpos.printer import CupsPrinter, File, Serial

from printer.errors import PrinterOfflineError, PrinterUnreachableError


class BoundedFile(File):
    """A python-escpos File that neither creates the device nor waits past a bound.

    The path is opened without creating it, so an unplugged printer's missing
    /dev/usb/lp0 is reported instead of being replaced by a regular file, and
    without blocking, so a FIFO that nobody reads is reported at once. A write
    gives up after ``timeout`` seconds. A regular file gets each job appended.
    """

    def __init__(self, devfile: str, timeout: float, **kwargs: object) -> None:
        super().__init__(devfile, auto_flush=False, **kwargs)
        self.timeout = timeout

    def open(self, raise_not_found: bool = True) -> None:
        """Open the device for writing; raise PrinterUnreachableError if it cannot."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY
        try:
            descriptor = os.open(self.devfile, flags)
        except OSError as error:
            raise PrinterUnreachableError(_open_failure(self.devfile, error)) from error
        self.device = os.fdopen(descriptor, "wb", buffering=0)

    def _raw(self, msg: bytes) -> None:
        """Write all of ``msg``; raise TimeoutError if the device stops taking it."""
        descriptor = self.device.fileno()
        deadline = time.monotonic() + self.timeout
        pending = memoryview(msg)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [descriptor], [], remaining)[1]:
                sent = len(msg) - len(pending)
                raise TimeoutError(
                    f"{self.devfile} took {sent} of {len(msg)} bytes "
                    f"in {self.timeout:g} s"
                )
            with contextlib.suppress(BlockingIOError):
                pending = pending[os.write(descriptor, pending) :]


def _open_failure(path: str, error: OSError) -> str:
    """Say why the device ``path`` cannot be opened, and what to check."""
    reasons = {
        errno.ENOENT: "does not exist; check that the printer is plugged in and "
        "switched on, and [printer] device",
        errno.ENXIO: "has nothing on the other end; the printer is off or no "
        "program reads this pipe",
        errno.ENODEV: "has no printer behind it; check the cable and power",
        errno.EACCES: "cannot be written by this user; add the user to group lp",
        errno.EISDIR: "is a folder, not a device; check [printer] device",
    }
    reason = reasons.get(error.errno or 0, f"cannot be opened ({error.strerror})")
    return f"printer {path} {reason}"


class BoundedSerial(Serial):
    """A python-escpos Serial whose status reads return as soon as a reply comes.

    python-escpos reads 16 bytes and so always waits the full read timeout for a
    one-byte DLE EOT reply; three queries then overran the print bound. Writes
    give up after the same timeout instead of blocking on flow control forever.
    """

    def open(self, raise_not_found: bool = True) -> None:
        """Open the port, bound its writes and drop bytes left from before."""
        super().open(raise_not_found)
        self.device.write_timeout = self.timeout
        self.device.reset_input_buffer()

    def _read(self) -> bytes:
        """Return the first byte to arrive within the timeout and any that follow."""
        reply = self.device.read(1)
        return reply + self.device.read(self.device.in_waiting)


IPP_PRINTER_STOPPED = 5


class CheckedCupsPrinter(CupsPrinter):
    """A python-escpos CupsPrinter that asks the right server and a live queue.

    python-escpos fixes the server when it is first imported; this one asks
    CUPS_SERVER and client.conf each time it opens. A job for a stopped or
    rejecting queue raises PrinterOfflineError instead of waiting there unseen.
    """

    def open(
        self, job_name: str = "python-escpos", raise_not_found: bool = True
    ) -> None:
        """Connect to the CUPS server configured now and check the queue exists."""
        import cups

        self.host, self.port = cups.getServer(), cups.getPort()
        super().open(job_name, raise_not_found)

    def send(self) -> None:
        """Queue the buffered job unless the CUPS queue cannot print it."""
        if self.pending_job:
            self._check_queue()
        super().send()

    def close(self) -> None:
        """Drop a job that was not sent, then disconnect.

        The transport sends each job itself; python-escpos would send it again
        here, repeating a job CUPS already refused.
        """
        if self.pending_job:
            self._clear()
        super().close()

    def _check_queue(self) -> None:
        name = self.printer_name
        attributes = self.device.getPrinterAttributes(
            name,
            requested_attributes=[
                "printer-state",
                "printer-state-message",
                "printer-is-accepting-jobs",
            ],
        )
        reason = attributes.get("printer-state-message") or "no reason given"
        if attributes.get("printer-state") == IPP_PRINTER_STOPPED:
            raise PrinterOfflineError(
                f"CUPS queue {name} is stopped ({reason}); start it with "
                f"cupsenable {name}"
            )
        if not attributes.get("printer-is-accepting-jobs", True):
            raise PrinterOfflineError(
                f"CUPS queue {name} rejects jobs ({reason}); allow them with "
                f"cupsaccept {name}"
            )
