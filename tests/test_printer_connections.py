"""Tests of the file, serial, cups and usb connections against real local stand-ins.

serial: a pseudo-terminal whose other end answers DLE EOT like a printer. file: a
regular file and FIFOs. cups: a cupsd started here with its own configuration and a
raw queue whose socket backend feeds a TCP listener (skips without cupsd or
pycups; ``.ci/setup-cups.sh`` installs both). usb: this machine has no USB, so only
the "device not found" path runs (skips without pyusb).
"""

import fcntl
import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import tty
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.config import PrinterSettings
from printer import PrinterTimeoutError, PrinterUnreachableError, TicketPrinter
from printer.errors import PrinterOfflineError, PrinterPaperOutError
from printer.samples import sample_ticket
from printer.slip import TicketSlip
from printer.status import DLE_EOT

BOUND = 2.0
SHORT_BOUND = 0.5
MARGIN = 0.3

# DLE EOT 1, 2, 4 replies (see printer/status.py): all well; paper out (offline,
# paper stop, sensor "no paper"); paper near end.
READY = {1: 0x16, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1E, 2: 0x32, 4: 0x72}
NEAR_END = {1: 0x16, 2: 0x12, 4: 0x1E}


def job_bytes(printer: TicketPrinter, token: str = "A-001") -> tuple[bytes, TicketSlip]:
    slip = sample_ticket(token=token)
    return printer.tickets.build(slip).commands(), slip


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the stand-in"
        time.sleep(0.02)


# --- serial: a pseudo-terminal as the printer's end of the cable -------------------


class PtyPrinter:
    """The printer end of a pseudo-terminal: answers DLE EOT, records the job.

    Status requests are answered from ``replies`` (n -> reply byte) until the first
    byte that is not a request; from then on everything is job data. ``replies``
    None is a printer that never answers.
    """

    def __init__(self, replies: dict[int, int] | None) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.replies = replies
        self.queries: list[int] = []
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        pending = b""
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if self.replies is None:
                self.received += chunk
            else:
                pending = self._answer(pending + chunk)

    def _answer(self, pending: bytes) -> bytes:
        while not self.received and len(pending) >= 3 and pending[:2] == DLE_EOT:
            request = pending[2]
            os.write(self.master, bytes([self.replies[request]]))
            self.queries.append(request)
            pending = pending[3:]
        if self.received or not DLE_EOT.startswith(pending[:2]):
            self.received += pending
            return b""
        return pending

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty_printer(request: pytest.FixtureRequest) -> Iterator[PtyPrinter]:
    """A PtyPrinter answering with ``request.param`` (READY when not parametrized)."""
    line = PtyPrinter(getattr(request, "param", READY))
    yield line
    line.close()


def serial(path: str, timeout: float = BOUND) -> TicketPrinter:
    return TicketPrinter(
        PrinterSettings(
            connection="serial",
            serial_port=path,
            baudrate=19200,
            timeout_seconds=timeout,
        )
    )


def require_pyserial() -> None:
    pytest.importorskip(
        "serial", reason="pyserial is not installed; pip install 'pkm-kiosk[serial]'"
    )


def test_serial_prints_the_job_after_three_status_queries(pty_printer: PtyPrinter):
    require_pyserial()
    printer = serial(pty_printer.path)
    expected, slip = job_bytes(printer)

    started = time.monotonic()
    status = printer.print_ticket(slip)
    elapsed = time.monotonic() - started

    wait_until(lambda: len(pty_printer.received) >= len(expected))
    assert bytes(pty_printer.received) == expected
    assert pty_printer.queries == [1, 2, 4]
    assert status.answered and status.paper == "ok" and status.can_print
    # Each reply is one byte; waiting out the read timeout per query overran this.
    assert elapsed < BOUND


@pytest.mark.parametrize("pty_printer", [PAPER_OUT], indirect=True)
def test_serial_paper_out_reply_stops_the_job(pty_printer: PtyPrinter):
    require_pyserial()
    printer = serial(pty_printer.path)

    with pytest.raises(PrinterPaperOutError, match="no paper"):
        printer.print_ticket(sample_ticket())

    assert pty_printer.received == b""
    assert printer.status().paper == "out"


@pytest.mark.parametrize("pty_printer", [NEAR_END], indirect=True)
def test_serial_paper_near_end_prints_with_a_warning(pty_printer: PtyPrinter):
    require_pyserial()
    printer = serial(pty_printer.path)
    expected, slip = job_bytes(printer)

    status = printer.print_ticket(slip)

    assert status.paper_near_end
    wait_until(lambda: len(pty_printer.received) >= len(expected))
    assert bytes(pty_printer.received) == expected


@pytest.mark.parametrize("pty_printer", [None], indirect=True)
def test_silent_serial_port_times_out_within_the_bound(pty_printer: PtyPrinter):
    require_pyserial()
    printer = serial(pty_printer.path, timeout=SHORT_BOUND)

    started = time.monotonic()
    with pytest.raises(PrinterTimeoutError):
        printer.print_ticket(sample_ticket())

    assert time.monotonic() - started < SHORT_BOUND + MARGIN
    assert pty_printer.received.startswith(DLE_EOT + b"\x01")


def test_missing_serial_port_is_unreachable(tmp_path: Path):
    require_pyserial()
    printer = serial(str(tmp_path / "ttyUSB9"))

    with pytest.raises(PrinterUnreachableError, match="ttyUSB9"):
        printer.print_ticket(sample_ticket())


# --- file: a regular file, FIFOs and missing devices -------------------------------


def file_printer(path: Path, timeout: float = BOUND) -> TicketPrinter:
    return TicketPrinter(
        PrinterSettings(connection="file", device=str(path), timeout_seconds=timeout)
    )


def test_file_appends_each_job_to_a_regular_file(tmp_path: Path):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = file_printer(device)
    first, first_slip = job_bytes(printer, "A-001")
    second, second_slip = job_bytes(printer, "A-002")

    printer.print_ticket(first_slip)
    printer.print_ticket(second_slip)

    assert device.read_bytes() == first + second


def read_fifo_until_closed(descriptor: int, into: bytearray, seconds: float) -> None:
    """Read a FIFO opened O_NONBLOCK until its writer has come and gone."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not select.select([descriptor], [], [], 0.05)[0]:
            continue
        chunk = os.read(descriptor, 65536)
        if not chunk and into:
            return
        into += chunk
        if not chunk:
            time.sleep(0.01)  # no writer yet: a FIFO reads as empty, not blocked


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "printer.fifo"
    os.mkfifo(path)
    return path


def test_file_prints_into_a_fifo_a_thread_reads(fifo: Path):
    printer = file_printer(fifo)
    expected, slip = job_bytes(printer)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received = bytearray()
    thread = threading.Thread(
        target=read_fifo_until_closed, args=(reader, received, 10.0)
    )
    thread.start()

    printer.print_ticket(slip)

    thread.join()
    os.close(reader)
    assert bytes(received) == expected


def test_fifo_nobody_reads_fails_at_once(fifo: Path):
    printer = file_printer(fifo)

    started = time.monotonic()
    with pytest.raises(PrinterUnreachableError, match="no program reads"):
        printer.print_ticket(sample_ticket())

    assert time.monotonic() - started < BOUND
    assert not printer.status().reachable


def test_fifo_that_stops_reading_times_out_and_is_let_go(fifo: Path):
    printer = file_printer(fifo, timeout=SHORT_BOUND)
    expected, slip = job_bytes(printer)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    # The smallest pipe buffer (one page) holds less than a ticket.
    fcntl.fcntl(reader, fcntl.F_SETPIPE_SZ, 4096)

    started = time.monotonic()
    with pytest.raises(PrinterTimeoutError):
        printer.print_ticket(slip)
    assert time.monotonic() - started < SHORT_BOUND + MARGIN

    # The writer gave up and closed the device: the pipe drains to end of file.
    received = bytearray()
    read_fifo_until_closed(reader, received, 2.0)
    os.close(reader)
    assert 0 < len(received) < len(expected)
    assert expected.startswith(bytes(received))


@pytest.mark.parametrize("missing", ["no-such-folder/lp0", "lp0"])
def test_missing_device_is_unreachable_and_not_created(tmp_path: Path, missing):
    device = tmp_path / missing
    printer = file_printer(device)

    with pytest.raises(PrinterUnreachableError, match="does not exist") as caught:
        printer.print_ticket(sample_ticket())

    assert str(device) in str(caught.value)
    assert "plugged in" in caught.value.detail
    assert caught.value.message_ur == "پرنٹر سے رابطہ نہیں ہو سکا"
    assert not device.exists()


def test_folder_as_device_is_unreachable(tmp_path: Path):
    with pytest.raises(PrinterUnreachableError, match="is a folder"):
        file_printer(tmp_path).print_ticket(sample_ticket())


# --- usb: no USB on this machine, so only "not found" -------------------------------


def test_usb_printer_not_found_is_unreachable():
    pytest.importorskip(
        "usb.core", reason="pyusb is not installed; pip install 'pkm-kiosk[usb]'"
    )
    settings = PrinterSettings(
        connection="usb",
        usb_vendor_id=0x04B8,
        usb_product_id=0x0E28,
        timeout_seconds=BOUND,
    )

    started = time.monotonic()
    with pytest.raises(PrinterUnreachableError, match="04b8:0e28"):
        TicketPrinter(settings).print_ticket(sample_ticket())

    assert time.monotonic() - started < BOUND + MARGIN


# --- cups: a private cupsd with a raw queue to a TCP listener -----------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RawSocketPrinter:
    """A TCP listener taking one job per connection, as a port-9100 printer does."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(10)
                self.jobs.append(_read_to_end(connection))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


def _read_to_end(connection: socket.socket) -> bytes:
    data = bytearray()
    while chunk := connection.recv(65536):
        data += chunk
    return bytes(data)


CUPSD_CONF = """\
Listen 127.0.0.1:{port}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
Printcap {root}/printcap
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
"""


@dataclass
class CupsServer:
    """A running private cupsd and the pycups module talking to it."""

    root: Path
    port: int
    cups: object

    def connection(self):
        self.cups.setServer("127.0.0.1")
        self.cups.setPort(self.port)
        return self.cups.Connection()

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text()[-3000:] if path.exists() else "(no error_log)"


def cupsd_path() -> str | None:
    return shutil.which("cupsd") or shutil.which("cupsd", path="/usr/sbin:/sbin")


@pytest.fixture(scope="module")
def cups_server() -> Iterator[CupsServer]:
    """Start cupsd on a free loopback port with its own config, spool and logs."""
    cups = pytest.importorskip(
        "cups",
        reason="pycups is not installed; run .ci/setup-cups.sh "
        "(pip install pycups, which builds against libcups2-dev)",
    )
    executable = cupsd_path()
    if executable is None:
        pytest.skip("cupsd is not installed; run .ci/setup-cups.sh (cups-daemon)")

    # Under /tmp, not pytest's 0700 folder: cupsd runs the backend as user lp.
    root = Path(tempfile.mkdtemp(prefix="pkm-cupsd-"))
    root.chmod(0o755)
    for name in ("spool", "cache", "state", "tmp", "log"):
        (root / name).mkdir()
    port = free_port()
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(port=port))
    (root / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
    command = [executable, "-f", "-c", str(root / "cupsd.conf")]
    command += ["-s", str(root / "cups-files.conf")]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    server = CupsServer(root, port, cups)
    try:
        _wait_for_port(port, process, server)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CUPS_SERVER", f"127.0.0.1:{port}")
            yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen, server: CupsServer) -> None:
    deadline = time.monotonic() + 10
    while True:
        assert process.poll() is None, f"cupsd exited:\n{server.log()}"
        assert time.monotonic() < deadline, f"cupsd did not listen:\n{server.log()}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)


@dataclass
class CupsQueue:
    name: str
    printer: RawSocketPrinter
    server: CupsServer


@pytest.fixture
def cups_queue(cups_server: CupsServer, request) -> Iterator[CupsQueue]:
    """A raw CUPS queue whose socket backend sends each job to a RawSocketPrinter."""
    listener = RawSocketPrinter()
    name = f"pkm-{request.node.name.split('[')[0][-20:]}".replace("_", "-")
    connection = cups_server.connection()
    # "raw" is the model lpadmin -m raw names: bytes go to the backend untouched.
    # CUPS 2.4 still runs raw queues but warns that they are deprecated.
    device = f"socket://127.0.0.1:{listener.port}"
    connection.addPrinter(name, device=device, ppdname="raw")
    connection.enablePrinter(name)
    connection.acceptJobs(name)
    yield CupsQueue(name, listener, cups_server)
    connection.deletePrinter(name)
    listener.close()


def cups_printer(queue_name: str, timeout: float = BOUND) -> TicketPrinter:
    return TicketPrinter(
        PrinterSettings(
            connection="cups", cups_printer=queue_name, timeout_seconds=timeout
        )
    )


def test_cups_sends_the_exact_job_to_the_printer(cups_queue: CupsQueue):
    printer = cups_printer(cups_queue.name)
    expected, slip = job_bytes(printer)

    status = printer.print_ticket(slip)

    assert not status.answered
    wait_until(lambda: cups_queue.printer.jobs, seconds=15)
    assert cups_queue.printer.jobs == [expected], cups_queue.server.log()


def test_stopped_cups_queue_refuses_the_job(cups_queue: CupsQueue):
    connection = cups_queue.server.connection()
    connection.disablePrinter(cups_queue.name, reason="paper jam")
    printer = cups_printer(cups_queue.name)

    with pytest.raises(PrinterOfflineError, match="paper jam.*cupsenable"):
        printer.print_ticket(sample_ticket())

    assert connection.getJobs(which_jobs="not-completed") == {}
    time.sleep(0.2)
    assert cups_queue.printer.jobs == []


def test_unknown_cups_queue_is_unreachable(cups_server: CupsServer):
    printer = cups_printer("no-such-queue")

    with pytest.raises(PrinterUnreachableError, match="no-such-queue"):
        printer.print_ticket(sample_ticket())


def test_cups_server_not_running_is_unreachable(monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("cups", reason="pycups is not installed")
    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{free_port()}")
    printer = cups_printer("pkm-test")

    started = time.monotonic()
    with pytest.raises(PrinterUnreachableError, match="pkm-test"):
        printer.print_ticket(sample_ticket())

    assert time.monotonic() - started < BOUND + MARGIN
