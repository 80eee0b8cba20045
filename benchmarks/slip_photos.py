"""Make seeded, reproducible "photographs" of slips for the QR benchmark.

Slips are laid out by the printer package (``printer.layout.ReceiptLayout``)
when it can be imported, else drawn here with the ``qrcode`` package (error
correction H on a white strip with some text). Each photo is 640×480 and shows
the slip's QR code as a kiosk camera would, spoilt in one named way (or all of
them mildly, in ``mixed``). The same seed always gives the same images::

    python benchmarks/slip_photos.py OUT_DIR [--count 320] [--seed 2024]
"""

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import qrcode
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.tracking_codes import ALPHABET, check_symbol  # noqa: E402

WIDTH, HEIGHT = 640, 480
FOCAL = 800.0
SLIP_COUNT = 8
Rng = np.random.Generator


@dataclass(frozen=True)
class SlipPhoto:
    """One generated photo: its category, number, BGR image and the QR text."""

    category: str
    index: int
    image: np.ndarray
    payload: str


@dataclass(frozen=True)
class Shot:
    """How one photo is taken; every category sets some of these."""

    qr_side: float = 180.0
    tilt_degrees: float = 8.0
    roll_degrees: float = 10.0
    curl: float = 0.0
    crease: bool = False
    motion_px: float = 0.0
    defocus_px: float = 0.0
    light: float = 1.0
    noise: float = 2.0
    glare: float = 0.0
    jpeg_quality: int = 85


def _clean(rng: Rng) -> Shot:
    return Shot(qr_side=rng.uniform(140, 240))


def _tilt(rng: Rng) -> Shot:
    return Shot(qr_side=rng.uniform(150, 230), tilt_degrees=rng.uniform(20, 35))


def _rotation(rng: Rng) -> Shot:
    return Shot(roll_degrees=rng.uniform(0, 360))


def _motion(rng: Rng) -> Shot:
    return Shot(motion_px=rng.uniform(4, 10))


def _defocus(rng: Rng) -> Shot:
    return Shot(defocus_px=rng.uniform(1.5, 3.5))


def _dim(rng: Rng) -> Shot:
    return Shot(light=rng.uniform(0.2, 0.4), noise=rng.uniform(5, 10))


def _jpeg(rng: Rng) -> Shot:
    return Shot(jpeg_quality=int(rng.integers(10, 30)))


def _curled(rng: Rng) -> Shot:
    return Shot(curl=rng.uniform(0.12, 0.3))


def _creased(rng: Rng) -> Shot:
    return Shot(crease=True)


def _glare(rng: Rng) -> Shot:
    return Shot(glare=rng.uniform(0.6, 1.0))


def _small(rng: Rng) -> Shot:
    return Shot(qr_side=rng.uniform(60, 85))


def _mixed(rng: Rng) -> Shot:
    return Shot(
        qr_side=rng.uniform(110, 200),
        tilt_degrees=rng.uniform(5, 25),
        roll_degrees=rng.uniform(0, 360),
        curl=rng.uniform(0, 0.15),
        crease=bool(rng.random() < 0.5),
        motion_px=rng.uniform(0, 4),
        defocus_px=rng.uniform(0, 1.5),
        light=rng.uniform(0.4, 1.0),
        noise=rng.uniform(2, 6),
        glare=rng.uniform(0, 0.5),
        jpeg_quality=int(rng.integers(30, 80)),
    )


CATEGORIES: dict[str, Callable[[Rng], Shot]] = {
    "clean": _clean,
    "tilt": _tilt,
    "rotation": _rotation,
    "motion_blur": _motion,
    "defocus": _defocus,
    "dim_noisy": _dim,
    "jpeg": _jpeg,
    "curled": _curled,
    "creased": _creased,
    "glare": _glare,
    "small": _small,
    "mixed": _mixed,
}


def generate_slip_photos(count: int = 320, seed: int = 2024) -> list[SlipPhoto]:
    """Return ``count`` photos spread evenly over the categories, reproducibly."""
    slips = [_render_slip(_code(seed, number)) for number in range(SLIP_COUNT)]
    photos = []
    names = list(CATEGORIES)
    for index in range(count):
        category = names[index % len(names)]
        rng = np.random.default_rng([seed, index])
        picture, quad, payload = slips[index % len(slips)]
        shot = CATEGORIES[category](rng)
        image = _photograph(picture, quad, shot, rng)
        photos.append(SlipPhoto(category, index, image, payload))
    return photos


def slip_renderer() -> str:
    """Return which renderer draws the slips: "printer.layout" or "qrcode"."""
    try:
        import printer.layout  # noqa: F401
    except ImportError:
        return "qrcode"
    return "printer.layout"


def _code(seed: int, number: int) -> str:
    """Return a valid tracking code derived from ``seed`` and ``number``."""
    rng = np.random.default_rng([seed, 10_000 + number])
    data = "".join(ALPHABET[int(i)] for i in rng.integers(0, 32, 10))
    return data + check_symbol(data)


def _render_slip(code: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Return a grey slip crop around its QR code, the code's quad and payload."""
    payload = f"PKM:{code}"
    picture = _printer_slip(code, payload) if slip_renderer() != "qrcode" else None
    if picture is None:
        picture = _own_slip(code, payload)

    found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    position = found[0].position
    corners = (
        position.top_left,
        position.top_right,
        position.bottom_right,
        position.bottom_left,
    )
    quad = np.array([[p.x, p.y] for p in corners], dtype=np.float32)
    return _crop_around(picture, quad) + (payload,)


def _printer_slip(code: str, payload: str) -> np.ndarray:
    """Lay the slip out with the printer package's receipt layout."""
    from kiosk.config import PrinterSettings
    from printer.layout import ReceiptLayout
    from printer.slip import CaseReceipt

    receipt = CaseReceipt(
        centre_en="Police Khidmat Markaz, Quetta",
        centre_ur="پولیس خدمت مرکز، کوئٹہ",
        case_number="PKM-QTA-2025-000123",
        tracking_code=code,
        qr_payload=payload,
        service_en="Character certificate",
        service_ur="کریکٹر سرٹیفکیٹ",
        next_steps_en="Come back with this slip after 3 working days.",
        next_steps_ur="تین کاروباری دن بعد یہ پرچی لے کر آئیں",
        expected_by=None,
        issued_at=datetime(2025, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Karachi")),
    )
    picture = ReceiptLayout(PrinterSettings()).build(receipt).picture()
    return np.array(picture.convert("L"), dtype=np.uint8)


def _own_slip(code: str, payload: str) -> np.ndarray:
    """Draw a receipt-like strip with text and the QR code (error correction H)."""
    maker = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, border=0)
    maker.add_data(payload)
    qr = np.array(maker.make_image().convert("L"), dtype=np.uint8)
    qr = cv2.resize(qr, (150, 150), interpolation=cv2.INTER_NEAREST)
    strip = np.full((420, 576), 255, np.uint8)
    cv2.putText(strip, "POLICE KHIDMAT MARKAZ", (60, 60), 0, 1.0, 0, 2)
    cv2.putText(strip, "CASE RECEIPT", (170, 110), 0, 1.0, 0, 2)
    strip[140:290, 213:363] = qr
    cv2.putText(strip, " ".join(code), (40, 350), 0, 1.1, 0, 2)
    return strip


def _crop_around(
    picture: np.ndarray, quad: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the slip around the QR code (with the code text) and the moved quad."""
    low, high = quad.min(axis=0), quad.max(axis=0)
    side = float((high - low).max())
    x0 = int(max(0, low[0] - side * 0.9))
    x1 = int(min(picture.shape[1], high[0] + side * 0.9))
    y0 = int(max(0, low[1] - side * 0.7))
    y1 = int(min(picture.shape[0], high[1] + side * 0.8))
    return picture[y0:y1, x0:x1].copy(), quad - np.array([x0, y0], np.float32)


def _photograph(slip: np.ndarray, quad: np.ndarray, shot: Shot, rng: Rng) -> np.ndarray:
    """Return a 640×480 BGR photo of ``slip`` taken as ``shot`` says."""
    paper = _paper(slip, shot, rng)
    scene = _background(rng)
    homography = _placement(slip.shape, quad, shot, rng)
    mask = cv2.warpPerspective(
        np.full(slip.shape, 255, np.uint8), homography, (WIDTH, HEIGHT)
    )
    warped = cv2.warpPerspective(
        paper, homography, (WIDTH, HEIGHT), flags=cv2.INTER_AREA
    )
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    image = scene * (1 - alpha) + warped[..., None] * alpha * np.array(
        [0.97, 1.0, 1.02]
    )

    image = _lighting(image, shot, rng)
    image = _blur(image, shot, rng)
    image = image + rng.normal(0, shot.noise, image.shape)
    image = np.clip(image, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(
        ".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, shot.jpeg_quality]
    )
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def _paper(slip: np.ndarray, shot: Shot, rng: Rng) -> np.ndarray:
    """Return the slip as thermal paper: grey ink, off-white paper, curl and crease."""
    ink, white = rng.uniform(25, 70), rng.uniform(215, 245)
    paper = white - (255 - slip.astype(np.float32)) / 255 * (white - ink)
    height, width = paper.shape
    if shot.curl:
        xs, ys = np.meshgrid(
            np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32)
        )
        bend = shot.curl * height * ((xs - width / 2) / (width / 2)) ** 2
        paper = cv2.remap(
            paper,
            xs,
            (ys - bend + bend.mean()).astype(np.float32),
            cv2.INTER_LINEAR,
            borderValue=white,
        )
        paper *= 1 - 0.25 * shot.curl * ((xs - width / 2) / (width / 2)) ** 2 / 0.3
    if shot.crease:
        paper = _crease(paper, rng)
    return paper


def _crease(paper: np.ndarray, rng: Rng) -> np.ndarray:
    """Fold the paper along a random line: a dark seam and shading on one side."""
    height, width = paper.shape
    angle = rng.uniform(-0.5, 0.5) + (np.pi / 2 if rng.random() < 0.5 else 0)
    cx, cy = width * rng.uniform(0.35, 0.65), height * rng.uniform(0.35, 0.65)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    distance = (xs - cx) * np.sin(angle) - (ys - cy) * np.cos(angle)
    shade = np.where(distance > 0, rng.uniform(0.75, 0.9), 1.0)
    seam = 1 - 0.35 * np.exp(-(distance**2) / 4.0)
    shift = (np.clip(distance, 0, None) * rng.uniform(0.02, 0.06)).astype(np.float32)
    folded = cv2.remap(
        paper, xs, ys + shift, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return folded * shade * seam


def _placement(
    shape: tuple[int, ...], quad: np.ndarray, shot: Shot, rng: Rng
) -> np.ndarray:
    """Return the homography that tilts, rolls, scales and places the slip."""
    height, width = shape
    qr_side = float(np.linalg.norm(quad[1] - quad[0]))
    scale = shot.qr_side / qr_side
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    centre = quad.mean(axis=0)
    flat = (corners - centre) * scale

    tilt = np.radians(shot.tilt_degrees)
    direction = rng.uniform(0, 2 * np.pi)
    rx, ry = tilt * np.cos(direction), tilt * np.sin(direction)
    rz = np.radians(
        shot.roll_degrees * (1 if shot.roll_degrees > 30 else rng.uniform(-1, 1))
    )
    rotation = _rotation_matrix(rx, ry, rz)
    points = np.c_[flat, np.zeros(4)] @ rotation.T
    distance = FOCAL * 1.0
    projected = FOCAL * points[:, :2] / (points[:, 2:3] + distance)

    margin = shot.qr_side * 0.75
    cx = rng.uniform(min(margin, WIDTH / 2), max(WIDTH - margin, WIDTH / 2))
    cy = rng.uniform(min(margin, HEIGHT / 2), max(HEIGHT - margin, HEIGHT / 2))
    target = (projected + [cx, cy]).astype(np.float32)
    return cv2.getPerspectiveTransform(corners, target)


def _rotation_matrix(rx: float, ry: float, rz: float) -> np.ndarray:
    """Return the 3D rotation about x, then y, then z (radians)."""
    cx, sx, cy, sy, cz, sz = (
        np.cos(rx),
        np.sin(rx),
        np.cos(ry),
        np.sin(ry),
        np.cos(rz),
        np.sin(rz),
    )
    about_x = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    about_y = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    about_z = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return about_z @ about_y @ about_x


def _background(rng: Rng) -> np.ndarray:
    """Return a cluttered counter-top scene as float BGR."""
    base = rng.uniform(60, 180)
    ramp = np.linspace(-30, 30, WIDTH)[None, :, None] * rng.uniform(-1, 1)
    scene = np.full((HEIGHT, WIDTH, 3), base, np.float32) + ramp
    for _ in range(int(rng.integers(2, 7))):
        x, y = (int(v) for v in rng.integers(0, [WIDTH, HEIGHT]))
        w, h = (int(v) for v in rng.integers(40, 260, 2))
        cv2.rectangle(
            scene, (x, y), (x + w, y + h), rng.uniform(20, 230, 3).tolist(), -1
        )
    return scene


def _lighting(image: np.ndarray, shot: Shot, rng: Rng) -> np.ndarray:
    """Apply uneven light, dimming and a partial glare spot."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    gx, gy = rng.uniform(-0.3, 0.3, 2)
    field = 1 + gx * (xs / WIDTH - 0.5) + gy * (ys / HEIGHT - 0.5)
    image = image * (field * shot.light)[..., None]
    if shot.glare:
        gx, gy = rng.uniform([WIDTH * 0.3, HEIGHT * 0.3], [WIDTH * 0.7, HEIGHT * 0.7])
        radius = rng.uniform(25, 55)
        spot = np.exp(-((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * radius**2))
        image = image + (255 * shot.glare * spot)[..., None]
    return image


def _blur(image: np.ndarray, shot: Shot, rng: Rng) -> np.ndarray:
    """Apply motion blur along a random direction and defocus blur."""
    if shot.motion_px >= 1:
        size = int(np.ceil(shot.motion_px)) | 1
        kernel = np.zeros((size, size), np.float32)
        kernel[size // 2, :] = 1
        turn = cv2.getRotationMatrix2D(
            (size / 2 - 0.5, size / 2 - 0.5), rng.uniform(0, 180), 1
        )
        kernel = cv2.warpAffine(kernel, turn, (size, size))
        image = cv2.filter2D(image, -1, kernel / kernel.sum())
    if shot.defocus_px > 0.5:
        radius = int(np.ceil(shot.defocus_px))
        disk = np.zeros((2 * radius + 1,) * 2, np.float32)
        cv2.circle(disk, (radius, radius), radius, 1, -1)
        image = cv2.filter2D(image, -1, disk / disk.sum())
    return image


def main(argv: list[str] | None = None) -> int:
    """Write the photos as JPEG files named category_index.jpg with .txt payloads."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=320)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    for photo in generate_slip_photos(args.count, args.seed):
        stem = args.out / f"{photo.category}_{photo.index:03d}"
        cv2.imwrite(str(stem.with_suffix(".png")), photo.image)
        stem.with_suffix(".txt").write_text(photo.payload, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
