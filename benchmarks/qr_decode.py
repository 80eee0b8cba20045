"""Measure the kiosk's QR reader against zxing-cpp alone and OpenCV alone.

Run from the repository root::

    python benchmarks/qr_decode.py [--photos DIR] [--synthetic N] [--json]

Reports, per pipeline and image set, how many images gave exactly the expected
text (after CR LF → LF), how many gave a wrong text, and the median, p95 and
p99 milliseconds per image; which stage of ours gave each text; then the cost
of empty 640×480 frames. OpenCV is limited to one thread so the figures are per
core. ``STAGE_REASONS`` says why each stage of ours exists, with the figures
measured when it was added (seed 2024, 320 slips).
"""

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.qr_decoder import QrDecoder, to_grey  # noqa: E402

DEFAULT_PHOTOS = [
    Path("/work/shared/qr-photos"),
    Path(__file__).resolve().parent.parent.parent / "shared" / "qr-photos",
]
STAGE_REASONS = {
    "zxing": "zxing-cpp on the frame: 288/320 slips and 71/74 photos at ~1 ms, "
    "and the locator that gates every later stage",
    "zxing-half": "half-size frame, global-histogram binarizer: +3 real photos "
    "(one, qrcode-2/13, reads 'photography' where its .txt says 'photograph'; "
    "OpenCV reads 'photography' too, so the .txt looks wrong)",
    "rectified-zxing": "perspective-rectified square of a located code: +1 slip "
    "(mixed) at ~1 ms per try",
    "dewarp-zxing": "the rectified code unbent by a parabolic sag (both signs, both "
    "axes): +28 slips, all curled or mixed; without it ours read 291/320 and the "
    "curled category 3/27",
    "crop-*": "crop-and-upscale read by zxing-cpp and OpenCV: +1 slip (glare). It "
    "runs after the dewarp, under the 25 ms CPU budget they share; with curled "
    "codes read before OpenCV is tried, the slips' p95 fell from 61-88 ms to ~4 ms",
}
Sample = tuple[str, np.ndarray, str]
Reader = Callable[[np.ndarray], str | None]


@dataclass
class SetResult:
    """How one pipeline did on one set of images."""

    pipeline: str
    image_set: str
    images: int
    read: int
    wrong: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    misses: list[str]
    stages: dict[str, int] = field(default_factory=dict)


def zxing_alone(image: np.ndarray) -> str | None:
    """Read with zxing-cpp's default settings (QR only, plain text)."""
    codes = zxingcpp.read_barcodes(
        to_grey(image),
        formats=zxingcpp.BarcodeFormat.QRCode,
        text_mode=zxingcpp.TextMode.Plain,
    )
    return codes[0].text if codes else None


def opencv_alone() -> Reader:
    """Return a reader using QRCodeDetectorAruco, then QRCodeDetector."""
    detectors = (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector())

    def read(image: np.ndarray) -> str | None:
        grey = to_grey(image)
        for detector in detectors:
            try:
                text, _points, _straight = detector.detectAndDecode(grey)
            except (cv2.error, UnicodeDecodeError):
                continue
            if text:
                return text
        return None

    return read


class OursReader:
    """The kiosk's cascade as a reader that counts which stage read each image."""

    def __init__(self) -> None:
        self.decoder = QrDecoder()
        self.stages: Counter[str] = Counter()

    def __call__(self, image: np.ndarray) -> str | None:
        """Return the text read from ``image``, or None."""
        found = self.decoder.decode(image)
        if found is None:
            return None
        self.stages[found.stage] += 1
        return found.text


def ours() -> Reader:
    """Return a reader using the kiosk's cascade."""
    return OursReader()


def load_photos(root: Path) -> list[Sample]:
    """Return (name, image, expected text) for every photo under ``root``."""
    samples = []
    for path in sorted(root.glob("qrcode-*/*")):
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            continue
        expected = path.with_suffix(".txt").read_text(encoding="utf-8")
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        samples.append((f"{path.parent.name}/{path.name}", image, _lf(expected)))
    return samples


def empty_frames(seed: int = 7) -> list[np.ndarray]:
    """Return 640×480 frames without a QR code: flat, noisy and cluttered scenes."""
    rng = np.random.default_rng(seed)
    frames = [np.full((480, 640, 3), level, np.uint8) for level in (30, 128, 220)]
    for _ in range(12):
        frame = np.full((480, 640, 3), int(rng.integers(60, 200)), np.uint8)
        for _ in range(int(rng.integers(3, 12))):
            x, y = (int(v) for v in rng.integers(0, 600, 2))
            w, h = (int(v) for v in rng.integers(20, 200, 2))
            colour = tuple(int(c) for c in rng.integers(0, 255, 3))
            cv2.rectangle(frame, (x, y), (x + w, y + h), colour, -1)
        cv2.putText(frame, "PKM 2024", (50, 400), 0, 2.0, (20, 20, 20), 3)
        noise = rng.normal(0, 6, frame.shape)
        frames.append(np.clip(frame + noise, 0, 255).astype(np.uint8))
    return frames


def measure(
    name: str, reader: Reader, image_set: str, samples: Iterable[Sample]
) -> SetResult:
    """Run ``reader`` over ``samples`` and count exact, wrong and missing reads."""
    times, read, wrong, misses, count = [], 0, 0, [], 0
    stages = getattr(reader, "stages", None)
    if stages is not None:
        stages.clear()
    for label, image, expected in samples:
        count += 1
        start = time.perf_counter()
        text = reader(image)
        times.append((time.perf_counter() - start) * 1000)
        if text is not None and _lf(text) == expected:
            read += 1
        elif text is not None:
            wrong += 1
            misses.append(f"{label} (wrong)")
        else:
            misses.append(label)
    result = SetResult(
        name, image_set, count, read, wrong, *_percentiles(times), misses
    )
    result.stages = dict(stages or {})
    return result


def empty_cost(name: str, reader: Reader, frames: list[np.ndarray]) -> dict:
    """Return the median and p95 ms ``reader`` spends on frames with no code."""
    times = []
    for _ in range(5):
        for frame in frames:
            start = time.perf_counter()
            reader(frame)
            times.append((time.perf_counter() - start) * 1000)
    median, p95, p99 = _percentiles(times)
    return {"pipeline": name, "median_ms": median, "p95_ms": p95, "p99_ms": p99}


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    """Return median, p95 and p99 of ``times`` rounded to 0.01 ms."""
    if not times:
        return 0.0, 0.0, 0.0
    ordered = sorted(times)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)

    return round(statistics.median(ordered), 2), at(0.95), at(0.99)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _find_photos(given: Path | None) -> Path | None:
    candidates = [given] if given else DEFAULT_PHOTOS
    return next((path for path in candidates if path.is_dir()), None)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table, or JSON with ``--json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, help="folder of qrcode-* photos")
    parser.add_argument("--synthetic", type=int, default=320, help="slip photos")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)

    sets: dict[str, list[Sample]] = {}
    photos = _find_photos(args.photos)
    if photos is not None:
        sets["real-photos"] = load_photos(photos)
    if args.synthetic:
        from benchmarks.slip_photos import generate_slip_photos

        sets["synthetic-slips"] = [
            (f"{photo.category}/{photo.index}", photo.image, photo.payload)
            for photo in generate_slip_photos(args.synthetic, seed=args.seed)
        ]

    pipelines = {"ours": ours(), "zxing-cpp": zxing_alone, "opencv": opencv_alone()}
    results = [
        measure(name, reader, set_name, samples)
        for set_name, samples in sets.items()
        for name, reader in pipelines.items()
    ]
    frames = empty_frames()
    empty = [empty_cost(name, reader, frames) for name, reader in pipelines.items()]
    categories = _by_category(results)

    if args.json:
        report = {
            "sets": [asdict(result) for result in results],
            "synthetic_by_category": categories,
            "empty_frames": empty,
            "photos": str(photos) if photos else None,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_table(results, categories, empty, photos)
    return 0


def _by_category(results: list[SetResult]) -> dict[str, dict[str, str]]:
    """Return, per pipeline, 'read/total' for each synthetic category."""
    table: dict[str, dict[str, str]] = {}
    for result in results:
        if result.image_set != "synthetic-slips":
            continue
        missed: dict[str, int] = {}
        for label in result.misses:
            category = label.split("/")[0]
            missed[category] = missed.get(category, 0) + 1
        table[result.pipeline] = missed
    return table


def _print_table(
    results: list[SetResult],
    categories: dict[str, dict[str, str]],
    empty: list[dict],
    photos: Path | None,
) -> None:
    """Print the results for a person."""
    if photos is None:
        print("real photos not found; give --photos DIR")
    header = f"{'set':16} {'pipeline':10} {'read':>9} {'wrong':>5} "
    print(header + f"{'median':>7} {'p95':>7} {'p99':>7}  (ms)")
    for r in results:
        print(
            f"{r.image_set:16} {r.pipeline:10} {r.read:4}/{r.images:<4} {r.wrong:5} "
            f"{r.median_ms:7.2f} {r.p95_ms:7.2f} {r.p99_ms:7.2f}"
        )
        if r.image_set == "real-photos" and r.misses:
            print(f"{'':28}missed: {', '.join(r.misses)}")
    for pipeline, missed in categories.items():
        if missed:
            print(f"synthetic misses by category, {pipeline}: {missed}")
    for r in results:
        if r.stages:
            counts = ", ".join(f"{stage} {n}" for stage, n in r.stages.items())
            print(f"stages that gave a text, {r.pipeline} on {r.image_set}: {counts}")
    print("why each stage of ours exists:")
    for stage, reason in STAGE_REASONS.items():
        print(f"  {stage:16} {reason}")
    print("empty 640x480 frames:")
    for row in empty:
        print(
            f"  {row['pipeline']:10} median {row['median_ms']:.2f} ms, "
            f"p95 {row['p95_ms']:.2f} ms, p99 {row['p99_ms']:.2f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
