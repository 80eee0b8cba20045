"""Tests of kiosk.qr_decoder: codes are read with corners, empty frames cheaply."""

import inspect
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
import zxingcpp

from kiosk import qr_decoder
from kiosk.qr_decoder import QR_FORMAT, QrDecoder, to_grey
from kiosk.tracking_codes import check_symbol

PAYLOAD = "PKM:7K3Q9XDM20" + check_symbol("7K3Q9XDM20")


def render_qr(text: str, module: int = 6) -> np.ndarray:
    """Return a grey image of ``text`` as a QR code (error correction H)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_H, box_size=module, border=4
    )
    code.add_data(text)
    picture = code.make_image(fill_color="black", back_color="white").convert("L")
    return np.array(picture, dtype=np.uint8)


def in_frame(code: np.ndarray, x: int = 200, y: int = 120) -> np.ndarray:
    """Return a grey 640×480 frame with ``code`` pasted at (x, y)."""
    frame = np.full((480, 640), 150, np.uint8)
    frame[y : y + code.shape[0], x : x + code.shape[1]] = code
    return frame


def curled_slip(code: np.ndarray, curl: float) -> np.ndarray:
    """Return a grey 640×480 frame of ``code`` on a slip curled as the benchmark does.

    Each column of the slip moves by ``curl`` × the slip's height × the square of
    its distance from the middle (in half-widths), as in benchmarks/slip_photos.py.
    """
    side = code.shape[0]
    slip = np.full((int(side * 2.2), int(side * 2.6)), 235, np.uint8)
    top, left = (slip.shape[0] - side) // 2, (slip.shape[1] - side) // 2
    slip[top : top + side, left : left + side] = np.maximum(code, 40)

    height, width = slip.shape
    xs, ys = np.meshgrid(
        np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32)
    )
    bend = curl * height * ((xs - width / 2) / (width / 2)) ** 2
    slip = cv2.remap(slip, xs, ys - bend + bend.mean(), cv2.INTER_LINEAR)

    frame = np.full((480, 640), 120, np.uint8)
    frame[:height, :width] = slip
    return frame


@pytest.fixture
def decoder() -> QrDecoder:
    """A fresh decoder."""
    return QrDecoder()


def test_reads_a_plain_code_with_its_corners(decoder: QrDecoder) -> None:
    code = render_qr(PAYLOAD)
    found = decoder.decode(in_frame(code))

    assert found is not None
    assert found.text == PAYLOAD
    quiet = 4 * 6
    xs = [x for x, _y in found.corners]
    ys = [y for _x, y in found.corners]
    assert min(xs) == pytest.approx(200 + quiet, abs=4)
    assert max(ys) == pytest.approx(120 + code.shape[0] - quiet, abs=4)


def test_reads_colour_and_rotated_frames(decoder: QrDecoder) -> None:
    frame = cv2.cvtColor(in_frame(render_qr(PAYLOAD)), cv2.COLOR_GRAY2BGR)
    turn = cv2.getRotationMatrix2D((320, 240), 33, 1.0)
    rotated = cv2.warpAffine(frame, turn, (640, 480), borderValue=(150, 150, 150))

    found = decoder.decode(rotated)

    assert found is not None and found.text == PAYLOAD


@pytest.mark.parametrize(
    "frame",
    [
        np.zeros((480, 640), np.uint8),
        np.full((480, 640, 3), 255, np.uint8),
        np.random.default_rng(1).integers(0, 256, (480, 640), dtype=np.uint8),
    ],
    ids=["black", "white", "noise"],
)
def test_empty_frames_give_nothing(decoder: QrDecoder, frame: np.ndarray) -> None:
    assert decoder.decode(frame) is None


def test_a_damaged_code_gives_no_text_rather_than_a_wrong_one(
    decoder: QrDecoder,
) -> None:
    frame = in_frame(render_qr(PAYLOAD))
    frame[150:330, 240:400] = 255

    assert decoder.decode(frame) is None


def test_located_code_is_read_from_an_upscaled_crop(decoder: QrDecoder) -> None:
    code = render_qr(PAYLOAD, module=2)
    frame = in_frame(code, x=300, y=200)
    side = code.shape[0]
    quad = np.array(
        [[300, 200], [300 + side, 200], [300 + side, 200 + side], [300, 200 + side]],
        dtype=float,
    )

    found = decoder._read_region(frame, quad)

    assert found is not None and found.text == PAYLOAD
    assert found.stage.startswith("crop-")
    assert min(x for x, _y in found.corners) == pytest.approx(308, abs=4)


def test_empty_frames_never_reach_the_expensive_stages(
    decoder: QrDecoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty frame pays only for the cheap first stages.

    Its cost is measured by benchmarks/qr_decode.py ("empty frame" line); here
    we check the structure that keeps it cheap: the dewarp and the OpenCV crop
    run only around a located code.
    """
    expensive: list[str] = []
    monkeypatch.setattr(
        qr_decoder, "_read_dewarped", lambda *args: expensive.append("dewarp")
    )
    monkeypatch.setattr(
        QrDecoder, "_read_region", lambda *args: expensive.append("crop")
    )
    rng = np.random.default_rng(3)
    scene = np.clip(rng.normal(128, 6, (480, 640)), 0, 255).astype(np.uint8)
    cv2.rectangle(scene, (100, 100), (300, 260), 40, -1)

    assert decoder.decode(scene) is None
    assert expensive == []


def test_curved_decoding_is_never_used() -> None:
    source = inspect.getsource(qr_decoder)

    assert "detectAndDecodeCurved(" not in source


def test_to_grey_accepts_grey_bgr_and_bgra() -> None:
    grey = np.full((4, 4), 9, np.uint8)

    for image in (grey, cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)):
        assert to_grey(image).shape == (4, 4)
    assert to_grey(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGRA)).shape == (4, 4)


def test_scan_files_reports_text_slip_and_code(tmp_path: Path) -> None:
    slip = tmp_path / "slip.png"
    other = tmp_path / "other.png"
    empty = tmp_path / "empty.png"
    broken = tmp_path / "broken.jpg"
    cv2.imwrite(str(slip), in_frame(render_qr(PAYLOAD)))
    cv2.imwrite(str(other), in_frame(render_qr("https://example.com/")))
    cv2.imwrite(str(empty), np.full((480, 640), 200, np.uint8))
    broken.write_bytes(b"not an image")

    results = qr_decoder.scan_files([slip, other, empty, broken], None)

    assert [r.text for r in results] == [PAYLOAD, "https://example.com/", None, None]
    assert [r.is_slip for r in results] == [True, False, False, False]
    assert results[0].tracking_code == PAYLOAD.removeprefix("PKM:")
    assert "not a slip of this centre" in results[1].problem
    assert results[2].problem == "no QR code could be read"
    assert "cannot read" in results[3].problem


@pytest.mark.parametrize("turn", [None, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180])
def test_a_curled_slip_that_zxing_cannot_read_is_dewarped(
    decoder: QrDecoder, turn: int | None
) -> None:
    frame = curled_slip(render_qr(PAYLOAD, module=6), curl=0.25)
    if turn is not None:
        frame = np.ascontiguousarray(cv2.rotate(frame, turn))
    plain = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode)

    found = decoder.decode(frame)

    assert plain == []
    assert found is not None and found.text == PAYLOAD
    assert found.stage == "dewarp-zxing"


def test_dewarped_corners_lie_on_the_code(decoder: QrDecoder) -> None:
    code = render_qr(PAYLOAD, module=6)
    frame = curled_slip(code, curl=0.25)
    quiet, side = 4 * 6, code.shape[1] - 8 * 6
    left = (int(code.shape[1] * 2.6) - code.shape[1]) // 2 + quiet

    found = decoder.decode(frame)

    assert found is not None
    xs = [x for x, _y in found.corners]
    ys = [y for _x, y in found.corners]
    assert min(xs) == pytest.approx(left, abs=6)
    assert max(xs) == pytest.approx(left + side, abs=6)
    assert 0 < min(ys) < max(ys) < 435


def test_no_time_left_means_no_fallback_stage(decoder: QrDecoder) -> None:
    frame = curled_slip(render_qr(PAYLOAD, module=6), curl=0.25)

    assert QrDecoder(budget_ms=0.0).decode(frame) is None
    assert decoder.decode(frame) is not None


def test_an_unreadable_located_code_stops_within_its_budget() -> None:
    cv2.setNumThreads(1)
    frame = in_frame(render_qr(PAYLOAD))
    frame[150:330, 240:400] = 255
    decoder = QrDecoder(budget_ms=10.0)

    start = time.perf_counter()
    found = decoder.decode(frame)
    milliseconds = (time.perf_counter() - start) * 1000

    assert found is None
    # The budget is checked between stages; one started stage may overrun it.
    assert milliseconds < 60


@pytest.mark.parametrize("sag", qr_decoder.DEWARP_SAGS)
def test_unbending_never_turns_a_damaged_code_into_a_wrong_text(sag: float) -> None:
    frame = in_frame(render_qr(PAYLOAD))
    frame[150:330, 240:400] = 255
    square, _to_frame = qr_decoder._rectify(
        frame, np.array([[224, 144], [376, 144], [376, 296], [224, 296]], float)
    )

    for axis in (0, 1):
        bent_x, bent_y = qr_decoder._bend_maps(square.shape[0], sag, axis)
        unbent = cv2.remap(square, bent_x, bent_y, cv2.INTER_LINEAR)
        assert zxingcpp.read_barcodes(unbent, formats=QR_FORMAT) == []


def test_bend_maps_move_the_middle_by_the_sag_and_not_the_edges() -> None:
    size = 130  # a 100 px code with a 15 px margin each side
    bent_x, bent_y = qr_decoder._bend_maps(size, 0.1, axis=0)

    assert bent_y[50, 15] == pytest.approx(50, abs=0.01)
    assert bent_y[50, 115] == pytest.approx(50, abs=0.01)
    assert bent_y[50, 65] == pytest.approx(60, abs=0.01)
    assert np.array_equal(bent_x[7], np.arange(size, dtype=np.float32))
