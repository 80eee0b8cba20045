"""How bytes reach a printer: one transport class per ``[printer] connection``.

``preview`` writes each job's bytes and a picture of the slip to a folder and
needs no hardware; ``file``, ``usb``, ``network``, ``serial`` and ``cups`` wrap
the python-escpos printer classes. Every transport sends raw bytes built by
:class:`~printer.layout.PrintJob` and, where the wire carries replies back
(network, usb, serial), answers DLE EOT status queries. Library exceptions are
turned into the typed errors of :mod:`printer.errors` here.

The python-escpos classes are used through :mod:`printer.escpos_devices`, which
fixes them where they would block or misread. It is imported only when a
transport needs it: python-escpos's printer package imports the library of every
device kind on import (pycups alone is ~4.6 MB of resident memory), and the
preview printer needs none of them.

The usb connection has never run against a device in this project's tests: the
test machine's kernel has no USB support (no CONFIG_USB, no loadable modules, so
no dummy_hcd gadget or USB/IP), so only its "device not found" path is tested.
"""

import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from PIL import Image

from kiosk.config import PrinterSettings
from printer.errors import (
    PrinterConfigError,
    PrinterError,
    PrinterTimeoutError,
    PrinterUnreachableError,
)

logger = logging.getLogger(__name__)


class Transport(Protocol):
    """What the printer service needs from a connection."""

    name: str
    can_query: bool

    def send(self, data: bytes, picture: Callable[[], Image.Image], label: str) -> None:
        """Deliver one job's bytes; ``picture`` draws the slip if one is wanted."""

    def query(self, request: bytes) -> bytes:
        """Send a real-time request and return the printer's reply."""

    def check(self) -> None:
        """Raise a PrinterError unless the printer can be reached now."""

    def close(self) -> None:
        """Release the device or socket."""


class PreviewTransport:
    """Write each job to ``preview_dir`` as ``.bin`` (raw bytes) and ``.png``."""

    can_query = False

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"preview folder {folder}"
        self.last_paths: tuple[Path, Path] | None = None

    def send(self, data: bytes, picture: Callable[[], Image.Image], label: str) -> None:
        """Write ``data`` and the picture under a time-stamped name."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stem = self.folder / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{label}"
            stem.with_suffix(".bin").write_bytes(data)
            picture().save(stem.with_suffix(".png"))
        except OSError as error:
            raise PrinterUnreachableError(
                f"cannot write to {self.folder} ({error.strerror}); "
                "check [printer] preview_dir"
            ) from error
        self.last_paths = (stem.with_suffix(".bin"), stem.with_suffix(".png"))

    def query(self, request: bytes) -> bytes:
        """Preview has no status to report."""
        raise NotImplementedError("the preview connection cannot report status")

    def check(self) -> None:
        """Raise PrinterUnreachableError unless the folder can be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise PrinterUnreachableError(
                f"cannot write to {self.folder} ({error.strerror})"
            ) from error

    def close(self) -> None:
        """Nothing to release."""


class EscposTransport:
    """Send through a python-escpos printer: file, usb, network, serial or cups."""

    def __init__(
        self, name: str, make: Callable[[], Escpos], can_query: bool, timeout: float
    ) -> None:
        self.name = name
        self.can_query = can_query
        self.timeout = timeout
        self._make = make
        self._printer: Escpos | None = None

    def _device(self) -> Escpos:
        if self._printer is None:
            with _mapped_errors(self.name, "connecting to"):
                printer = self._make()
                printer.open()
            self._printer = printer
        return self._printer

    def check(self) -> None:
        """Open the device, so a missing one is reported before a job is built."""
        self._device()

    def send(self, data: bytes, picture: Callable[[], Image.Image], label: str) -> None:
        """Write ``data`` to the printer; the picture is not needed."""
        printer = self._device()
        with _mapped_errors(self.name, "sending a job to"):
            printer._raw(data)
            # File buffers and CUPS spools until told; the others write at once.
            finish = getattr(printer, "flush", None) or getattr(printer, "send", None)
            if callable(finish):
                finish()

    def query(self, request: bytes) -> bytes:
        """Send ``request`` and return the reply (at least one byte)."""
        printer = self._device()
        with _mapped_errors(self.name, "reading the status of"):
            printer._raw(request)
            reply = printer._read()
        if not reply:
            raise PrinterTimeoutError(f"{self.name} sent no status reply")
        return bytes(reply[-1:])

    def close(self) -> None:
        """Close the device; a close that fails is logged, not raised."""
        printer, self._printer = self._printer, None
        if printer is None:
            return
        try:
            printer.close()
        except (OSError, EscposError) as error:
            logger.warning("Closing %s failed: %s", self.name, error)


@contextlib.contextmanager
def _mapped_errors(name: str, doing: str) -> Iterator[None]:
    """Turn library and OS errors into the printer package's typed errors."""
    where = f"{doing} {name}"
    try:
        yield
    except PrinterError:
        raise
    except Exception as error:
        if isinstance(error, TimeoutError) or _is_device_timeout(error):
            raise PrinterTimeoutError(f"no answer while {where}") from error
        if isinstance(error, OSError | EscposError) or _is_device_error(error):
            raise PrinterUnreachableError(f"failed {where}: {error}") from error
        raise


def _is_device_timeout(error: BaseException) -> bool:
    """Return whether pyserial or pyusb gave up waiting (neither is a TimeoutError)."""
    return type(error).__name__ in {"SerialTimeoutException", "USBTimeoutError"}


def _is_device_error(error: BaseException) -> bool:
    """Return whether pyusb, pyserial or pycups raised ``error``."""
    module = type(error).__module__
    return module == "cups" or module.startswith(("usb.", "serial."))


def open_transport(settings: PrinterSettings) -> Transport:
    """Return the transport ``settings.connection`` names (nothing is opened yet)."""
    makers = {
        "preview": _preview,
        "file": _file,
        "usb": _usb,
        "network": _network,
        "serial": _serial,
        "cups": _cups,
    }
    return makers[settings.connection](settings)


def _preview(settings: PrinterSettings) -> Transport:
    return PreviewTransport(Path(settings.preview_dir))


def _file(settings: PrinterSettings) -> Transport:
    from printer.escpos_devices import BoundedFile

    def make() -> Escpos:
        return BoundedFile(
            settings.device, settings.timeout_seconds, profile=settings.profile
        )

    return EscposTransport(
        f"printer {settings.device}", make, False, settings.timeout_seconds
    )


def _network(settings: PrinterSettings) -> Transport:
    if not settings.host:
        raise PrinterConfigError("connection = network needs [printer] host")
    from escpos.printer import Network

    def make() -> Escpos:
        return Network(
            settings.host or "",
            settings.port,
            timeout=settings.timeout_seconds,
            profile=settings.profile,
        )

    name = f"printer {settings.host}:{settings.port}"
    return EscposTransport(name, make, True, settings.timeout_seconds)


def _usb(settings: PrinterSettings) -> Transport:
    from escpos.printer import Usb

    _require(Usb, "usb", "pyusb")
    if settings.usb_vendor_id is None or settings.usb_product_id is None:
        raise PrinterConfigError(
            "connection = usb needs usb_vendor_id and usb_product_id"
        )

    def make() -> Escpos:
        return Usb(
            settings.usb_vendor_id,
            settings.usb_product_id,
            timeout=round(settings.timeout_seconds * 1000),
            in_ep=settings.usb_in_ep,
            out_ep=settings.usb_out_ep,
            profile=settings.profile,
        )

    name = f"USB printer {settings.usb_vendor_id:04x}:{settings.usb_product_id:04x}"
    return EscposTransport(name, make, True, settings.timeout_seconds)


def _serial(settings: PrinterSettings) -> Transport:
    from printer.escpos_devices import BoundedSerial

    _require(BoundedSerial, "serial", "pyserial")

    def make() -> Escpos:
        return BoundedSerial(
            settings.serial_port,
            settings.baudrate,
            timeout=settings.timeout_seconds,
            profile=settings.profile,
        )

    name = f"printer {settings.serial_port}"
    return EscposTransport(name, make, True, settings.timeout_seconds)


def _cups(settings: PrinterSettings) -> Transport:
    from printer.escpos_devices import CheckedCupsPrinter

    _require(CheckedCupsPrinter, "cups", "pycups")
    if not settings.cups_printer:
        raise PrinterConfigError("connection = cups needs [printer] cups_printer")

    def make() -> Escpos:
        return CheckedCupsPrinter(settings.cups_printer or "", profile=settings.profile)

    name = f"CUPS printer {settings.cups_printer}"
    return EscposTransport(name, make, False, settings.timeout_seconds)


def _require(printer_class: type[Escpos], kind: str, package: str) -> None:
    if not printer_class.is_usable():
        raise PrinterConfigError(
            f"connection = {kind} needs the Python package {package}; "
            f"install it with pip install {package}"
        )
