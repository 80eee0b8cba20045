"""Find and read the QR code in one camera frame or image file.

The cascade, cheapest first, stops at the first stage that reads a code
(figures from ``benchmarks/qr_decode.py``: 320 generated slip photos, 74 real
phone photos):

1. zxing-cpp on the grey frame (about 0.3 ms on an empty 640×480 frame); reads
   288 of 320 slips and 71 of 74 photos. It also reports codes it located, with
   their orientation, but could not read.
2. zxing-cpp on a half-size frame with its global-histogram binarizer; reads 3
   more real photos (large, textured codes).
3. Only when a code was *located* — by stage 1 or 2, or by OpenCV's ArUco-based
   finder on the half-size frame — the code is rectified onto a square by a
   perspective warp and read by zxing-cpp, first as it is, then unbent: a curled
   slip bends the code's rows into a parabola, which a homography cannot undo,
   so each sag in ``DEWARP_SAGS`` (both signs, along each code axis) is undone
   in turn. This reads 29 of the 32 slips stages 1 and 2 miss and leaves no
   curled slip unread (before it, 24 of the 27 curled slips stayed unread).
4. Then the region around the code is cropped, upscaled and read by zxing-cpp
   and by OpenCV's ``QRCodeDetectorAruco`` and ``QRCodeDetector`` as a second
   opinion (one more slip, half-covered by glare).

Stages 3 and 4 share a budget of CPU time per frame (``FALLBACK_BUDGET_MS``, of
the calling thread, so the load of other processes does not change what is
read), checked before each try: a located code nobody can read costs at most the
budget plus one OpenCV call (about 45 ms), where the OpenCV second opinion alone
took up to 125 ms before. Empty frames pay for stages 1, 2 and the half-size
finder only. OpenCV's ``detectAndDecodeCurved`` is never called: it crashed the
process (SIGSEGV) on a blurred frame in OpenCV 5.1 and 4.14. Only codes that
pass their Reed–Solomon check are returned, so a damaged code gives no text
rather than a wrong one. A code whose finder pattern is washed out by glare is
not located at all and stays unread. This module is pure: images in, texts and
corners out.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from kiosk.lookup_errors import NotASlipError
from kiosk.slip_payload import parse_slip_payload

logger = logging.getLogger(__name__)

Corners = tuple[tuple[float, float], ...]
QR_FORMAT = zxingcpp.BarcodeFormat.QRCode
# Side, in pixels, a located code is scaled to before it is read again.
UPSCALE_TARGET = 480
MAX_UPSCALE = 4.0
CROP_MARGIN = 0.3
MAX_LOCATED = 2
# Side, in pixels, of the square a located code is rectified onto for dewarping,
# and the quiet margin kept around it (in code widths).
DEWARP_SIDE = (160, 320)
DEWARP_MARGIN = 0.15
# Sags tried when unbending a curled code, in code widths at the code's middle,
# each along both code axes. 0.07 undoes every curl of 12-30 % of the slip's
# height in the benchmark; the milder and stronger ones are there for curls
# outside that range and never ran out of budget there.
DEWARP_SAGS = (0.07, -0.07, 0.035, -0.035, 0.1, -0.1)
# CPU time (of the calling thread, so other processes' load does not change
# what is read) the stages after the first two may spend on one frame, in
# milliseconds. No try starts once it is spent; a started OpenCV call runs to its
# end (up to ~20 ms).
FALLBACK_BUDGET_MS = 25.0


@dataclass(frozen=True)
class DecodedQr:
    """A QR code read from an image: its text, corners and the stage that read it.

    ``corners`` are four (x, y) points in the image's pixels, clockwise from the
    code's top-left as the code sees it, for drawing a frame around it.
    """

    text: str
    corners: Corners
    stage: str


class QrDecoder:
    """Read QR codes with zxing-cpp, and OpenCV as a second opinion.

    One decoder holds OpenCV detector objects, which are not thread-safe; give
    each thread its own. ``budget_ms`` bounds the CPU time the stages after the
    first two may spend on one frame (one started OpenCV call may overrun it).
    """

    def __init__(self, budget_ms: float = FALLBACK_BUDGET_MS) -> None:
        self._aruco = cv2.QRCodeDetectorAruco()
        self._classic = cv2.QRCodeDetector()
        self._budget_s = budget_ms / 1000

    def decode(self, image: np.ndarray) -> DecodedQr | None:
        """Return the first QR code read in ``image`` (BGR or grey), or None."""
        grey = to_grey(image)

        results, located = _zxing_read(grey, zxingcpp.Binarizer.LocalAverage)
        if results:
            return _decoded(results[0], "zxing")

        half = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        results, more = _zxing_read(half, zxingcpp.Binarizer.GlobalHistogram)
        if results:
            return _scaled(_decoded(results[0], "zxing-half"), 2.0)

        located = located + [quad * 2.0 for quad in more] or self._locate(half)
        deadline = time.thread_time() + self._budget_s
        return self._read_located(grey, _distinct(located)[:MAX_LOCATED], deadline)

    def _read_located(
        self, grey: np.ndarray, quads: list[np.ndarray], deadline: float
    ) -> DecodedQr | None:
        """Read located codes until ``deadline``: all dewarped, then all cropped.

        The dewarp's zxing-cpp tries cost about 1 ms each and OpenCV's up to
        20 ms, so a wrong quad located first cannot spend the budget on OpenCV
        before the right one is dewarped.
        """
        for stage in (_read_dewarped, self._read_region):
            for quad in quads:
                found = stage(grey, quad, deadline)
                if found is not None:
                    return found
        return None

    def _locate(self, half: np.ndarray) -> list[np.ndarray]:
        """Return full-size quads of QR codes OpenCV finds in the half-size frame."""
        found, points = self._aruco.detectMulti(half)
        if not found or points is None:
            return []
        return [quad.reshape(4, 2) * 2.0 for quad in points]

    def _read_region(
        self, grey: np.ndarray, quad: np.ndarray, deadline: float = float("inf")
    ) -> DecodedQr | None:
        """Crop around ``quad``, upscale, and read it with every reader we have.

        A reader is not started once ``deadline`` (``time.thread_time()``) passed.
        """
        crop, origin, scale = _crop_and_upscale(grey, quad)
        if crop is None:
            return None

        for stage, reader in self._region_readers():
            if time.thread_time() > deadline:
                return None
            found = reader(crop)
            if found is not None:
                text, corners = found
                return DecodedQr(text, _to_frame(corners, origin, scale), stage)
        return None

    def _region_readers(
        self,
    ) -> Iterator[tuple[str, Callable[[np.ndarray], tuple[str, np.ndarray] | None]]]:
        """Yield the readers tried on a located code's upscaled crop, in order."""
        yield "crop-zxing", _zxing_best
        yield "crop-opencv-aruco", lambda crop: _opencv_read(self._aruco, crop)
        yield "crop-opencv", lambda crop: _opencv_read(self._classic, crop)
        yield "crop-zxing-smoothed", lambda crop: _zxing_best(cv2.medianBlur(crop, 5))


@dataclass(frozen=True)
class ScanResult:
    """What ``kiosk-admin scan`` reports for one image file.

    ``text`` is the QR text read (None if none); ``tracking_code`` is set only
    when the text is a slip of this centre; ``problem`` says, for staff, why the
    file is not a valid slip (unreadable file, no code, or not our slip).
    """

    path: str
    text: str | None
    is_slip: bool
    tracking_code: str | None
    problem: str | None
    corners: Corners
    stage: str | None
    milliseconds: float


def scan_files(paths: Iterable[str | Path], public_url: str | None) -> list[ScanResult]:
    """Run the kiosk's decoder and slip check on image files, one result each."""
    decoder = QrDecoder()
    return [_scan_file(decoder, Path(path), public_url) for path in paths]


def _scan_file(decoder: QrDecoder, path: Path, public_url: str | None) -> ScanResult:
    """Decode one file and check its text (see scan_files)."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        problem = "cannot read this file as an image (PNG, JPEG, ...)"
        return ScanResult(str(path), None, False, None, problem, (), None, 0.0)

    start = time.perf_counter()
    found = decoder.decode(image)
    milliseconds = (time.perf_counter() - start) * 1000
    if found is None:
        problem = "no QR code could be read"
        return ScanResult(str(path), None, False, None, problem, (), None, milliseconds)

    try:
        code, problem = parse_slip_payload(found.text, public_url), None
    except NotASlipError as error:
        code, problem = None, str(error)
    return ScanResult(
        str(path),
        found.text,
        code is not None,
        code,
        problem,
        found.corners,
        found.stage,
        milliseconds,
    )


def to_grey(image: np.ndarray) -> np.ndarray:
    """Return ``image`` as a contiguous 8-bit grey array."""
    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    elif image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(image, dtype=np.uint8)


def _zxing_read(
    grey: np.ndarray, binarizer: zxingcpp.Binarizer
) -> tuple[list[zxingcpp.Barcode], list[np.ndarray]]:
    """Return (codes read, quads of codes located but not read) by zxing-cpp."""
    barcodes = zxingcpp.read_barcodes(
        grey,
        formats=QR_FORMAT,
        try_rotate=False,
        try_invert=False,
        binarizer=binarizer,
        text_mode=zxingcpp.TextMode.Plain,
        return_errors=True,
    )
    read = [code for code in barcodes if code.valid and code.text]
    located = [_quad(code.position) for code in barcodes if not code.valid]
    return read, located


def _zxing_best(grey: np.ndarray) -> tuple[str, np.ndarray] | None:
    """Read ``grey`` with both zxing-cpp binarizers; return text and corners."""
    for binarizer in (
        zxingcpp.Binarizer.LocalAverage,
        zxingcpp.Binarizer.GlobalHistogram,
    ):
        read, _located = _zxing_read(grey, binarizer)
        if read:
            return read[0].text, _quad(read[0].position)
    return None


def _distinct(quads: list[np.ndarray]) -> list[np.ndarray]:
    """Drop quads of about the same size and place as an earlier one.

    zxing-cpp often reports one unreadable code twice (once per mask guess).
    """
    kept: list[np.ndarray] = []
    for quad in quads:
        if not any(_same_place(quad, other) for other in kept):
            kept.append(quad)
    return kept


def _same_place(one: np.ndarray, other: np.ndarray) -> bool:
    """Tell whether two quads' sizes differ by under 20 % and centres by 1/8."""
    size, other_size = (float(np.ptp(quad, axis=0).max()) for quad in (one, other))
    gap = float(np.linalg.norm(one.mean(axis=0) - other.mean(axis=0)))
    return abs(size - other_size) < 0.2 * max(size, other_size) and gap < size / 8


def _read_dewarped(
    grey: np.ndarray, quad: np.ndarray, deadline: float = float("inf")
) -> DecodedQr | None:
    """Rectify the code at ``quad``, unbend it by each sag in turn, read with zxing.

    The first try is the plain perspective rectification; then each sag of
    ``DEWARP_SAGS`` along each of the code's axes, until one reads or ``deadline``
    (``time.thread_time()``) passes.
    """
    square, to_frame = _rectify(grey, quad)
    for sag, axis in _bends():
        if time.thread_time() > deadline:
            return None
        bent_x, bent_y = _bend_maps(square.shape[0], sag, axis)
        unbent = cv2.remap(square, bent_x, bent_y, cv2.INTER_LINEAR)
        read, _located = _zxing_read(unbent, zxingcpp.Binarizer.LocalAverage)
        if read:
            corners = _unbend_points(_quad(read[0].position), bent_x, bent_y)
            stage = "dewarp-zxing" if sag else "rectified-zxing"
            return DecodedQr(read[0].text, _corner_tuple(to_frame(corners)), stage)
    return None


def _bends() -> Iterator[tuple[float, int]]:
    """Yield (sag, axis) pairs to try: no bend, then each sag along both axes."""
    yield 0.0, 0
    for sag in DEWARP_SAGS:
        yield sag, 0
        yield sag, 1


def _rectify(
    grey: np.ndarray, quad: np.ndarray
) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Warp the code at ``quad`` onto a square with a margin.

    Returns the square and a function mapping its pixels back to the frame's.
    """
    measured = float(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1).mean())
    side = float(np.clip(measured, *DEWARP_SIDE))
    pad = side * DEWARP_MARGIN
    size = int(round(side + 2 * pad))
    target = np.array(
        [[pad, pad], [pad + side, pad], [pad + side, pad + side], [pad, pad + side]],
        dtype=np.float32,
    )
    homography = cv2.getPerspectiveTransform(target, quad.astype(np.float32))
    square = cv2.warpPerspective(
        grey,
        homography,
        (size, size),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )

    def to_frame(points: np.ndarray) -> np.ndarray:
        moved = cv2.perspectiveTransform(
            points.reshape(-1, 1, 2).astype(np.float32), homography
        )
        return moved.reshape(-1, 2)

    return square, to_frame


def _bend_maps(size: int, sag: float, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Return remap maps that shift one axis by a parabola across the other.

    The shift is zero at the code's edges (the margin excluded) and ``sag`` code
    widths at its middle: the shape a slip curled across that axis takes.
    """
    side = size / (1 + 2 * DEWARP_MARGIN)
    across = np.arange(size, dtype=np.float32) / side - DEWARP_MARGIN
    shift = (4 * sag * side) * across * (1 - across)
    grid = np.arange(size, dtype=np.float32)
    plain = np.broadcast_to(grid[None, :], (size, size))
    if axis == 0:
        return np.ascontiguousarray(plain), grid[:, None] + shift[None, :]
    return plain + shift[:, None], np.ascontiguousarray(plain.T)


def _unbend_points(
    points: np.ndarray, bent_x: np.ndarray, bent_y: np.ndarray
) -> np.ndarray:
    """Map points of an unbent square back to the rectified square (nearest pixel)."""
    size = bent_x.shape[0]
    columns = np.clip(np.rint(points[:, 0]).astype(int), 0, size - 1)
    rows = np.clip(np.rint(points[:, 1]).astype(int), 0, size - 1)
    return np.stack([bent_x[rows, columns], bent_y[rows, columns]], axis=1)


def _opencv_read(
    detector: cv2.QRCodeDetector, grey: np.ndarray
) -> tuple[str, np.ndarray] | None:
    """Read ``grey`` with one OpenCV detector; return text and corners, or None."""
    try:
        text, points, _straight = detector.detectAndDecode(grey)
    except (cv2.error, UnicodeDecodeError) as error:
        # OpenCV raises UnicodeDecodeError for codes holding non-UTF-8 bytes.
        logger.debug("OpenCV QR detector failed on a frame: %s", error)
        return None
    if not text or points is None:
        return None
    return text, points.reshape(-1, 2)[:4]


def _crop_and_upscale(
    grey: np.ndarray, quad: np.ndarray
) -> tuple[np.ndarray | None, tuple[float, float], float]:
    """Return the region around ``quad`` scaled up, its origin and its scale."""
    height, width = grey.shape
    low = quad.min(axis=0)
    high = quad.max(axis=0)
    margin = (high - low).max() * CROP_MARGIN
    x0, y0 = (max(0, int(v - margin)) for v in low)
    x1 = min(width, int(high[0] + margin) + 1)
    y1 = min(height, int(high[1] + margin) + 1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None, (0.0, 0.0), 1.0

    side = max(x1 - x0, y1 - y0)
    scale = min(MAX_UPSCALE, max(1.0, UPSCALE_TARGET / side))
    crop = grey[y0:y1, x0:x1]
    if scale > 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return np.ascontiguousarray(crop), (float(x0), float(y0)), scale


def _to_frame(
    corners: np.ndarray, origin: tuple[float, float], scale: float
) -> Corners:
    """Map corners found in an upscaled crop back to the frame's pixels."""
    return _corner_tuple(np.asarray(corners, dtype=float) / scale + np.array(origin))


def _quad(position: zxingcpp.Position) -> np.ndarray:
    """Return zxing-cpp's position as a 4×2 array, clockwise from top-left."""
    points = (
        position.top_left,
        position.top_right,
        position.bottom_right,
        position.bottom_left,
    )
    return np.array([[point.x, point.y] for point in points], dtype=float)


def _decoded(barcode: zxingcpp.Barcode, stage: str) -> DecodedQr:
    """Build a DecodedQr from a zxing-cpp result."""
    return DecodedQr(barcode.text, _corner_tuple(_quad(barcode.position)), stage)


def _scaled(decoded: DecodedQr, factor: float) -> DecodedQr:
    """Return ``decoded`` with its corners multiplied by ``factor``."""
    corners = _corner_tuple(np.array(decoded.corners) * factor)
    return DecodedQr(decoded.text, corners, decoded.stage)


def _corner_tuple(points: np.ndarray) -> Corners:
    """Return points as a tuple of (x, y) float pairs."""
    return tuple((float(x), float(y)) for x, y in np.asarray(points).reshape(-1, 2))
