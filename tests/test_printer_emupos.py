"""End-to-end tests against emupos, an ESC/POS printer emulator, over TCP.

emupos needs Python >= 3.13 and lives in its own virtual environment made by
``.ci/setup-emupos.sh``; set EMUPOS_BIN to use another executable. Without it,
these tests skip and say why.
"""

import io
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from kiosk.config import PrinterSettings
from printer import (
    PrinterCoverOpenError,
    PrinterOfflineError,
    PrinterPaperOutError,
    TicketPrinter,
)
from printer.layout import RasterBlock
from printer.samples import sample_receipt, sample_ticket

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = ROOT / ".venv-emupos" / "bin" / "emupos"
DEVICE = "front"
BOUND = 2.0


def emupos_bin() -> Path | None:
    configured = os.environ.get("EMUPOS_BIN")
    path = Path(configured) if configured else DEFAULT_BIN
    return path if path.exists() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Emulator:
    """A running emupos with one 80 mm printer and its control API."""

    api: str
    port: int

    def call(self, method: str, path: str) -> bytes:
        request = urllib.request.Request(f"{self.api}{path}", method=method)
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.read()

    def set_fault(self, fault: str, active: bool) -> None:
        self.call("PUT" if active else "DELETE", f"/devices/{DEVICE}/faults/{fault}")

    def receipt_count(self) -> int:
        return len(json.loads(self.call("GET", f"/devices/{DEVICE}/receipts")))

    def wait_for_receipt(self, count_before: int) -> Image.Image:
        deadline = time.monotonic() + 10
        while self.receipt_count() <= count_before:
            assert time.monotonic() < deadline, "emupos completed no receipt"
            time.sleep(0.05)
        data = self.call("GET", f"/devices/{DEVICE}/receipts/latest/image")
        return Image.open(io.BytesIO(data)).convert("L")

    def settings(self) -> PrinterSettings:
        return PrinterSettings(
            connection="network",
            host="127.0.0.1",
            port=self.port,
            timeout_seconds=BOUND,
            profile="TM-T20II",
            paper_width_mm=80,
        )


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    executable = emupos_bin()
    if executable is None:
        pytest.skip(
            f"emupos not installed at {DEFAULT_BIN} (needs Python >= 3.13; "
            "run .ci/setup-emupos.sh or set EMUPOS_BIN)"
        )
    folder = tmp_path_factory.mktemp("emupos")
    api_port, printer_port = free_port(), free_port()
    config = folder / "emupos.yaml"
    config.write_text(
        json.dumps(
            {
                "schema": 1,
                "api": {"host": "127.0.0.1", "port": api_port},
                "devices": [
                    {
                        "id": DEVICE,
                        "type": "printer",
                        "profile": "epson-tm-t20iii",
                        "connections": [
                            {"tcp": {"host": "127.0.0.1", "port": printer_port}}
                        ],
                        "job_idle_timeout_ms": 500,
                        "receipts_dir": str(folder / "receipts"),
                    }
                ],
            }
        )
    )
    log = (folder / "emupos.log").open("wb")
    process = subprocess.Popen(
        [str(executable), "run", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    emulator = Emulator(f"http://127.0.0.1:{api_port}/api/v1", printer_port)
    try:
        wait_until_healthy(emulator, process, folder / "emupos.log")
        yield emulator
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_healthy(emulator: Emulator, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"emupos exited: {log.read_text(errors='replace')}")
        try:
            emulator.call("GET", "/health")
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"emupos did not start: {log.read_text(errors='replace')}")


@pytest.fixture
def printer(emulator: Emulator) -> Iterator[TicketPrinter]:
    yield TicketPrinter(emulator.settings())
    for fault in ("paper-out", "paper-near-end", "cover-open", "offline"):
        emulator.set_fault(fault, False)


def decode_qr(image: Image.Image) -> str:
    pixels = np.array(image.convert("L"))
    text, _points, _code = cv2.QRCodeDetector().detectAndDecode(pixels)
    return text


def black(image: Image.Image) -> int:
    return sum(image.histogram()[:128])


def test_ticket_prints_with_decodable_qr_and_urdu(emulator, printer):
    slip = sample_ticket(None, "https://track.example.pk")
    before = emulator.receipt_count()

    status = printer.print_ticket(slip)
    image = emulator.wait_for_receipt(before)

    assert status.answered and status.paper == "ok"
    assert image.width == 576
    assert decode_qr(image) == "https://track.example.pk/t/K7QM4X2P"
    first_urdu = next(
        block
        for block in printer.tickets.build(slip).blocks
        if isinstance(block, RasterBlock)
    )
    header = image.crop((0, 0, image.width, first_urdu.image.height + 4))
    assert black(header) >= 0.9 * black(first_urdu.image.convert("L"))


def test_receipt_prints_with_pkm_payload(emulator, printer):
    before = emulator.receipt_count()

    printer.print_receipt(sample_receipt())
    image = emulator.wait_for_receipt(before)

    assert decode_qr(image) == "PKM:K7QM4X2P"


def test_emulator_picture_matches_our_preview(emulator, printer):
    slip = sample_ticket()
    before = emulator.receipt_count()

    printer.print_ticket(slip)
    printed = emulator.wait_for_receipt(before)
    preview = printer.tickets.build(slip).picture().convert("L")

    assert abs(printed.height - preview.height) < preview.height * 0.15


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("paper-out", PrinterPaperOutError),
        ("cover-open", PrinterCoverOpenError),
        ("offline", PrinterOfflineError),
    ],
)
def test_fault_raises_typed_error_within_the_bound(emulator, printer, fault, error):
    emulator.set_fault(fault, True)
    before = emulator.receipt_count()

    started = time.monotonic()
    with pytest.raises(error) as caught:
        printer.print_ticket(sample_ticket())
    elapsed = time.monotonic() - started

    assert type(caught.value) is error
    assert elapsed < BOUND
    assert caught.value.message_ur
    status = printer.status()
    assert not status.can_print
    assert status.message_en == error.message_en
    emulator.set_fault(fault, False)
    time.sleep(0.7)
    assert emulator.receipt_count() == before, "a refused job must not print later"


def test_paper_near_end_is_a_warning_not_an_error(emulator, printer):
    emulator.set_fault("paper-near-end", True)
    before = emulator.receipt_count()

    status = printer.print_ticket(sample_ticket())

    assert status.paper_near_end and status.can_print
    assert "nearly finished" in status.message_en
    emulator.wait_for_receipt(before)


def test_status_of_a_ready_printer(printer):
    status = printer.status()

    assert status.reachable and status.online and status.answered
    assert status.paper == "ok" and not status.cover_open
