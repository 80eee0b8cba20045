"""Tests of TicketPrinter with the preview connection and unanswering printers."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import PrinterSettings
from printer import (
    PrinterConfigError,
    PrinterTimeoutError,
    PrinterUnreachableError,
    TicketPrinter,
)
from printer.errors import PrinterPaperOutError
from printer.samples import sample_receipt, sample_ticket


@pytest.fixture
def preview(tmp_path: Path) -> TicketPrinter:
    return TicketPrinter(PrinterSettings(preview_dir=tmp_path / "out"))


def test_preview_writes_bytes_and_picture(preview: TicketPrinter, tmp_path: Path):
    slip = sample_ticket()

    status = preview.print_ticket(slip)

    written = sorted(path.suffix for path in (tmp_path / "out").iterdir())
    assert written == [".bin", ".png"]
    data = next((tmp_path / "out").glob("*.bin")).read_bytes()
    assert data == preview.tickets.build(slip).commands()
    assert status.reachable and not status.answered


def test_preview_prints_receipts_and_test_slips(preview: TicketPrinter, tmp_path):
    preview.print_receipt(sample_receipt())
    preview.print_test()

    names = sorted(path.name for path in (tmp_path / "out").glob("*.png"))
    assert any("receipt-K7QM4X2P" in name for name in names)
    assert any(name.endswith("-test.png") for name in names)


def test_preview_status_is_ready(preview: TicketPrinter):
    status = preview.status()

    assert status.can_print
    assert status.paper == "unknown"
    assert status.message_ur == "پرنٹر تیار ہے"


def test_unwritable_preview_folder_is_unreachable(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    printer = TicketPrinter(PrinterSettings(preview_dir=blocker / "sub"))

    with pytest.raises(PrinterUnreachableError, match="cannot write"):
        printer.print_ticket(sample_ticket())
    assert not printer.status().reachable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_printer() -> Iterator[int]:
    """A TCP listener that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def network(port: int, timeout: float = 1.0) -> TicketPrinter:
    settings = PrinterSettings(
        connection="network", host="127.0.0.1", port=port, timeout_seconds=timeout
    )
    return TicketPrinter(settings)


def test_silent_printer_times_out_within_the_bound(silent_printer: int):
    printer = network(silent_printer, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(PrinterTimeoutError) as caught:
        printer.print_ticket(sample_ticket())

    assert time.monotonic() - started < 0.5 + 0.3
    assert caught.value.message_ur == "پرنٹر نے بروقت جواب نہیں دیا"


def test_closed_port_is_unreachable():
    printer = network(free_port())

    started = time.monotonic()
    with pytest.raises(PrinterUnreachableError, match="127.0.0.1"):
        printer.print_ticket(sample_ticket())
    assert time.monotonic() - started < 1.0 + 0.3

    status = printer.status()
    assert not status.reachable
    assert status.message_en == "The printer cannot be reached"


def test_network_without_host_is_a_config_error():
    printer = TicketPrinter(PrinterSettings(connection="network", host=None))

    with pytest.raises(PrinterConfigError, match="host"):
        printer.print_ticket(sample_ticket())


def test_errors_carry_english_and_urdu():
    error = PrinterPaperOutError("sensor")

    assert error.message_en == "The printer is out of paper"
    assert error.message_ur == "پرنٹر میں کاغذ ختم ہو گیا ہے"
    assert str(error) == "The printer is out of paper: sensor"
