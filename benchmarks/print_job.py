"""Time building a ticket print job, cold and warm, and count its bytes.

Cold: the first job in a fresh renderer (fonts loaded, nothing shaped yet).
Warm: later jobs for new tokens and tracking codes, so the QR code is new each
time while the centre, service and document lines come from the cache.
Targets: warm median <= 20 ms and <= 32 KB per job at 80 mm.

    python benchmarks/print_job.py [--jobs 200] [--json]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import PrinterSettings  # noqa: E402
from kiosk.urdu_text import TextRenderer  # noqa: E402
from printer.layout import TicketLayout  # noqa: E402
from printer.samples import sample_ticket  # noqa: E402

WARM_TARGET_MS = 20.0
BYTES_TARGET = 32 * 1024


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def measure(width: int, jobs: int) -> dict[str, float | int | bool]:
    """Build ``jobs`` tickets at ``width`` mm; return timings in ms and sizes."""
    layout = TicketLayout(PrinterSettings(paper_width_mm=width), TextRenderer())

    started = time.perf_counter()
    size = len(layout.build(sample_ticket()).commands())
    cold = (time.perf_counter() - started) * 1000

    timings, sizes = [], []
    for number in range(jobs):
        slip = sample_ticket(token=f"C-{number:03d}", tracking_code=f"K7Q{number:05d}")
        started = time.perf_counter()
        data = layout.build(slip).commands()
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(data))

    median = statistics.median(timings)
    return {
        "paper_mm": width,
        "cold_ms": round(cold, 1),
        "warm_median_ms": round(median, 2),
        "warm_p95_ms": round(percentile(timings, 0.95), 2),
        "warm_p99_ms": round(percentile(timings, 0.99), 2),
        "bytes_first_job": size,
        "bytes_max": max(sizes),
        "meets_targets": median <= WARM_TARGET_MS and max(sizes) <= BYTES_TARGET,
    }


def main() -> int:
    """Run the benchmark at 58 and 80 mm and print a table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200, help="warm jobs per width")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    results = [measure(width, args.jobs) for width in (58, 80)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for row in results:
            print("  ".join(f"{key}={value}" for key, value in row.items()))
    return 0 if results[-1]["meets_targets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
