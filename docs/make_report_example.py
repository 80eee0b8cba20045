"""Make docs/report-example.html and its charts from a simulated busy day.

Run from the repository root: ``python docs/make_report_example.py``. The day
is Wednesday 3 December 2025 at the shipped centre: 1,500 visitors over its 8
open hours, 6 counters, seed 1, played through the real queue code by
:mod:`kiosk.simulator` into a temporary file.
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import load_config  # noqa: E402
from kiosk.report_html import render_charts, render_html  # noqa: E402
from kiosk.reports import build_report  # noqa: E402
from kiosk.simulator import (  # noqa: E402
    SimulationPlan,
    open_simulation_store,
    simulate,
)

DOCS = Path(__file__).resolve().parent
DAY = date(2025, 12, 3)
VISITORS = 1500


def main() -> int:
    """Simulate the day, write the HTML page and the PNG charts; print a summary."""
    config = load_config(DOCS.parent / "kiosk.ini")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "example.sqlite3"
        store, clock = open_simulation_store(config, path)
        result = simulate(store, clock, DAY, 1, SimulationPlan(VISITORS), seed=1)
        report = build_report(store, DAY.isoformat(), DAY.isoformat())
        store.close()

    scale = result.days[0].service_time_scale
    note = (
        f"Simulated data, not a real centre: {VISITORS:,} visitors over 8 hours at "
        f"6 counters (seed 1). To let 6 counters carry them, service times are the "
        f"configured minutes × {scale:.2f}."
    )
    charts = render_charts(report)
    (DOCS / "report-example").mkdir(exist_ok=True)
    for name, png in charts.items():
        (DOCS / "report-example" / f"{name}.png").write_bytes(png)
    page = render_html(report, charts, note)
    (DOCS / "report-example.html").write_text(page, encoding="utf-8")
    print(
        f"{report['tickets']} tickets; wait p50 {report['wait_p50_minutes']} min, "
        f"p90 {report['wait_p90_minutes']} min; estimate median |error| "
        f"{report['estimate_median_abs_error']} min, "
        f"{report['estimate_within_5_minutes']:.1%} within ±5 min; "
        f"simulated at {result.tickets_per_second:.0f} tickets/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
