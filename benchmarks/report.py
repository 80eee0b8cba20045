"""Measure the report over 90 simulated days (~150,000 tickets) and the simulator.

Run from the repository root::

    python benchmarks/report.py [--days 90] [--visitors 1900] [--repeat 5] [--json]
                                [--report-only]

1. The history: ``--days`` open days played by :mod:`kiosk.simulator` through
   the real QueueStore (1,900 visitors per 8 open hours, ±10 % from day to day;
   Fridays and Saturdays are shorter, Sundays closed: about 150,000 tickets for
   90 days). It is written with ``synchronous=OFF`` on a scratch file, as all
   simulated data is, and cached under the temporary folder, so only the first
   run pays for it (minutes); the simulator's speed during that build is kept
   beside the cache and printed.
2. The simulator's speed now: one fresh busy day (1,500 visitors), with
   ``synchronous=OFF`` and, for a shorter day, with the live ``FULL`` setting
   (skipped with ``--report-only``).
3. The report over the whole history, ``--repeat`` times: figures
   (``build_report``), then charts and HTML; median, p95 and p99 seconds.
   Target: figures plus HTML within 5 s.
"""

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import KioskConfig, load_config  # noqa: E402
from kiosk.report_html import render_charts, render_html  # noqa: E402
from kiosk.reports import build_report  # noqa: E402
from kiosk.simulator import (  # noqa: E402
    SimulationPlan,
    open_simulation_store,
    simulate,
)
from kiosk.store import QueueStore  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = REPO_ROOT / "kiosk.ini"
CACHE_DIR = Path(tempfile.gettempdir()) / "pkm-kiosk-bench"
FIRST_DAY = date(2025, 6, 2)  # a Monday
HISTORY_FORMAT = 1  # bump when the simulator's output changes shape
TARGET_SECONDS = 5.0


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of ``samples``."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def summarise(samples: list[float]) -> dict[str, float]:
    """Return runs, median, p95 and p99 of durations in seconds."""
    return {
        "runs": len(samples),
        "median_s": round(statistics.median(samples), 3),
        "p95_s": round(percentile(samples, 0.95), 3),
        "p99_s": round(percentile(samples, 0.99), 3),
    }


def scratch_config(path: Path) -> KioskConfig:
    """Return the shipped config whose live database is a file never written."""
    config = load_config(SHIPPED_CONFIG)
    return dataclasses.replace(config, database_path=path.parent / "not-live.sqlite3")


def history(days: int, visitors: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """Return the cached history database (built if missing) and its build facts."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"report-history-v{HISTORY_FORMAT}-{days}d-{visitors}v-s{seed}"
    path, facts_path = CACHE_DIR / f"{stem}.sqlite3", CACHE_DIR / f"{stem}.json"
    if path.exists() and facts_path.exists():
        return path, json.loads(facts_path.read_text())

    log_line(f"building {days} simulated days in {path} (once; minutes)")
    partial = CACHE_DIR / f"{stem}.partial.sqlite3"
    for leftover in CACHE_DIR.glob(f"{stem}.partial.sqlite3*"):
        leftover.unlink()
    store, clock = open_simulation_store(scratch_config(partial), partial)
    plan = SimulationPlan(visitors=visitors, day_to_day_spread=0.1)
    result = simulate(store, clock, FIRST_DAY, days, plan, seed)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    partial.rename(path)
    facts = {
        "tickets": result.visitors,
        "build_seconds": round(result.wall_seconds, 1),
        "tickets_per_second": round(result.tickets_per_second, 1),
        "first_day": result.days[0].day,
        "last_day": result.days[-1].day,
    }
    facts_path.write_text(json.dumps(facts))
    return path, facts


def simulator_speed(visitors: int, durable: bool) -> dict[str, Any]:
    """Simulate one fresh day into a temporary file; return its speed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "day.sqlite3"
        store, clock = open_simulation_store(scratch_config(path), path, durable)
        result = simulate(store, clock, FIRST_DAY, 1, SimulationPlan(visitors), 7)
        store.close()
    return {
        "synchronous": "FULL" if durable else "OFF",
        "tickets": result.visitors,
        "seconds": round(result.wall_seconds, 2),
        "tickets_per_second": round(result.tickets_per_second, 1),
    }


def time_report(path: Path, facts: dict[str, Any], repeat: int) -> dict[str, Any]:
    """Time the figures and the HTML over the whole history, ``repeat`` times."""
    store = QueueStore(dataclasses.replace(scratch_config(path), database_path=path))
    figures, pages, totals = [], [], []
    try:
        for _ in range(repeat):
            began = time.perf_counter()
            report = build_report(store, facts["first_day"], facts["last_day"])
            built = time.perf_counter()
            render_html(report, render_charts(report))
            ended = time.perf_counter()
            figures.append(built - began)
            pages.append(ended - built)
            totals.append(ended - began)
    finally:
        store.close()
    return {
        "tickets": report["tickets"],
        "figures": summarise(figures),
        "charts_and_html": summarise(pages),
        "total": summarise(totals),
        "estimate_median_abs_error": report["estimate_median_abs_error"],
        "estimate_within_5_minutes": report["estimate_within_5_minutes"],
    }


def log_line(text: str) -> None:
    """Print progress on stderr, so --json output stays clean."""
    print(text, file=sys.stderr, flush=True)


def print_run(result: dict[str, Any]) -> None:
    """Print the measurements as a few readable lines."""
    build = result["history"]
    print(
        f"history: {build['tickets']} tickets over {result['days']} open days "
        f"({build['first_day']} to {build['last_day']}), built in "
        f"{build['build_seconds']} s = {build['tickets_per_second']} tickets/s"
    )
    for speed in result["simulator"]:
        print(
            f"simulator, one day, synchronous={speed['synchronous']}: "
            f"{speed['tickets']} tickets in {speed['seconds']} s = "
            f"{speed['tickets_per_second']} tickets/s"
        )
    report = result["report"]
    for key in ("figures", "charts_and_html", "total"):
        row = report[key]
        print(
            f"report {key}: median {row['median_s']} s, p95 {row['p95_s']} s, "
            f"p99 {row['p99_s']} s over {row['runs']} runs"
        )
    verdict = "met" if result["target_met"] else "MISSED"
    print(f"target: report within {TARGET_SECONDS} s over the history: {verdict}")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--visitors", type=int, default=1900)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="skip the simulator's speed"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 when the target is met, 1 otherwise."""
    args = parse_arguments(argv)
    path, facts = history(args.days, args.visitors, args.seed)
    speeds = []
    if not args.report_only:
        log_line("measuring the simulator on fresh days")
        speeds = [simulator_speed(1500, durable=False), simulator_speed(300, True)]
    log_line(f"timing the report {args.repeat} times")
    report = time_report(path, facts, args.repeat)
    result = {
        "days": args.days,
        "history": facts,
        "simulator": speeds,
        "report": report,
        "target_met": report["total"]["p95_s"] <= TARGET_SECONDS,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_run(result)
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
