"""Exact-bytes tests of slip layouts through python-escpos's Dummy printer."""

import dataclasses
from datetime import datetime

import pytest
from escpos.capabilities import CAPABILITIES
from escpos.printer import Dummy

from kiosk.config import PrinterSettings
from printer.errors import PrinterConfigError
from printer.layout import (
    FeedBlock,
    PrintJob,
    QrBlock,
    RasterBlock,
    ReceiptLayout,
    TextBlock,
    TicketLayout,
    _emit,
    paper_dots,
)
from printer.profiles import load_profile
from printer.samples import sample_receipt, sample_ticket
from printer.slip import CaseReceipt, TicketSlip, mask_cnic, qr_payload

ESC_INIT = b"\x1b@"
CUT = b"\x1bd\x06\x1dV\x00"
RASTER = b"\x1dv0"
RIGHT = b"\x1ba\x02"
CENTER = b"\x1ba\x01"


def emitted(block, dots: int = 576) -> bytes:
    printer = Dummy()
    printer.profile = load_profile("TM-T20II", dots)
    _emit(printer, block)
    return printer.output


@pytest.fixture
def ticket() -> TicketSlip:
    return sample_ticket()


def build(slip: TicketSlip, width: int = 80, **settings) -> PrintJob:
    return TicketLayout(PrinterSettings(paper_width_mm=width, **settings)).build(slip)


def test_job_starts_with_init_and_ends_with_cut(ticket: TicketSlip):
    data = build(ticket).commands()

    assert data.startswith(ESC_INIT)
    assert data.endswith(CUT)


def test_text_block_sets_size_bold_and_alignment():
    data = emitted(TextBlock("Hi", "center", 2, 2, bold=True))

    assert data == b"\x1d!\x11\x1bE\x01\x1ba\x01\x1bt\x00Hi\n"


def test_raster_block_is_right_aligned_gs_v_0():
    from PIL import Image

    image = Image.new("1", (16, 2), 0)
    data = emitted(RasterBlock(image, "right"))

    assert data == RIGHT + RASTER + b"\x00\x02\x00\x02\x00" + b"\xff" * 4


def test_feed_block_feeds_dots():
    assert emitted(FeedBlock(12)) == b"\x1bJ\x0c"


@pytest.mark.parametrize(("width", "size_byte"), [(80, 0x77), (58, 0x55)])
def test_token_is_as_large_as_the_paper_allows(ticket, width: int, size_byte: int):
    data = build(ticket, width).commands()

    token = bytes([0x1D, 0x21, size_byte]) + b"\x1bE\x01" + CENTER
    assert token + b"C-007\n" in data


def test_urdu_is_sent_as_right_aligned_or_centred_rasters(ticket: TicketSlip):
    job = build(ticket)

    rasters = [block for block in job.blocks if isinstance(block, RasterBlock)]
    assert len(rasters) >= 8
    assert all(block.image.mode == "1" for block in rasters)
    assert {block.align for block in rasters} == {"right", "center"}
    assert all(block.image.width <= 576 for block in rasters)


def test_qr_is_an_image_by_default_with_big_modules(ticket: TicketSlip):
    job = build(ticket)

    qr = next(block for block in job.blocks if isinstance(block, QrBlock))
    assert not qr.native
    assert qr.error_correction == "H"
    assert qr.module_dots >= 5
    assert b"\x1d(k" not in job.commands()


def test_native_qr_uses_gs_paren_k_at_level_h(ticket: TicketSlip):
    data = build(ticket, qr_mode="native").commands()

    assert b"\x1d(k\x03\x001C\x06" in data  # module size 6 dots
    assert b"\x1d(k\x03\x001E3" in data  # error correction H
    assert b"PKM:K7QM4X2P" in data


def test_tracking_code_is_printed_large_and_spaced(ticket: TicketSlip):
    data = build(ticket).commands()

    assert b"\x1d!\x11\x1bE\x01\x1ba\x01\x1bt\x00K 7 Q M 4 X 2 P\n" in data or (
        b"\x1d!\x11\x1bE\x01\x1ba\x01K 7 Q M 4 X 2 P\n" in data
    )


def test_reprint_is_marked(ticket: TicketSlip):
    plain = build(ticket).commands()
    again = build(dataclasses.replace(ticket, reprint=True)).commands()

    assert b"REPRINT" not in plain
    assert b"*** REPRINT ***" in again


def test_untrackable_ticket_has_no_qr(ticket: TicketSlip):
    slip = dataclasses.replace(ticket, tracking_code=None, qr_payload=None)

    job = build(slip)

    assert not any(isinstance(block, QrBlock) for block in job.blocks)
    assert b"Please wait for your token" in job.commands()


@pytest.mark.parametrize("width", [58, 80])
def test_ticket_fits_the_byte_budget(ticket: TicketSlip, width: int):
    assert len(build(ticket, width).commands()) <= 32 * 1024


@pytest.mark.parametrize(
    ("width", "profile", "dots", "expected"),
    [
        (58, "TM-T20II", None, 384),
        (80, "TM-T20II", None, 576),
        (80, "TM-T88V", None, 512),
        (80, "TM-T20II", 540, 540),
    ],
)
def test_paper_dots(width: int, profile: str, dots: int | None, expected: int):
    settings = PrinterSettings(paper_width_mm=width, profile=profile, dots=dots)

    assert paper_dots(settings) == expected


@pytest.mark.parametrize("width", [58, 80])
def test_picture_is_black_and_white_at_paper_width(ticket: TicketSlip, width: int):
    picture = build(ticket, width).picture()

    assert picture.mode == "1"
    assert picture.width == paper_dots(PrinterSettings(paper_width_mm=width))
    assert picture.height > 1200


def test_receipt_masks_cnic_and_prints_case_number():
    job = ReceiptLayout(PrinterSettings()).build(sample_receipt())
    data = job.commands()

    assert b"CNIC: XXXXX-XXXX000-0" in data
    assert b"QTA-2025-000123" in data
    assert b"What happens next:" in data
    assert b"Expected by: 21 Mar 2025" in data


def test_load_profile_never_changes_the_shared_profile():
    before = CAPABILITIES["profiles"]["TM-T20II"]["media"]["width"]["pixels"]

    profile = load_profile("TM-T20II", 384)

    assert profile.profile_data["media"]["width"]["pixels"] == 384
    assert CAPABILITIES["profiles"]["TM-T20II"]["media"]["width"]["pixels"] == before


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(PrinterConfigError, match="TM-T88V"):
        load_profile("NO-SUCH-PRINTER", 576)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("35202-1234567-1", "XXXXX-XXXX567-1"),
        ("3520212345671", "XXXXXXXXX5671"),
    ],
)
def test_mask_cnic_keeps_only_the_last_four_digits(raw: str, masked: str):
    assert mask_cnic(raw) == masked


@pytest.mark.parametrize("raw", ["12345", "35202-1234567-12", "3520A-1234567-1"])
def test_mask_cnic_rejects_malformed_without_echoing(raw: str):
    with pytest.raises(ValueError, match="13 digits") as caught:
        mask_cnic(raw)
    assert raw not in str(caught.value)


def test_receipt_refuses_an_unmasked_cnic():
    receipt = sample_receipt()
    with pytest.raises(ValueError, match="mask_cnic"):
        dataclasses.replace(receipt, cnic_masked="35202-1234567-1")
    assert isinstance(receipt, CaseReceipt)


def test_slip_needs_an_aware_time(ticket: TicketSlip):
    with pytest.raises(ValueError, match="aware"):
        dataclasses.replace(ticket, issued_at=datetime(2025, 1, 1, 9, 0))


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("https://track.example.pk", "https://track.example.pk/t/K7QM"),
        ("https://track.example.pk/", "https://track.example.pk/t/K7QM"),
        (None, "PKM:K7QM"),
    ],
)
def test_qr_payload(url: str | None, payload: str):
    assert qr_payload("K7QM", url) == payload
