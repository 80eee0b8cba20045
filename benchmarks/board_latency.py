"""Measure the hall board: commit-to-screen latency, idle CPU and memory.

The board runs in its own process (under Xvfb, started here when no DISPLAY is
set); this process plays the desks, calling tickets through the queue store.
The board writes a ``shown`` line once the frame that first draws each call
has been swapped onto the screen (see display_board/board_report.py); latency
is that time minus the moment ``call_next`` returned (its COMMIT done). The
board's ``stages`` lines split it: commit to feed read, read to applied on the
UI thread, applied to the frame's drawing start, drawing to swapped. The board
runs with its notices turning, as shipped. Targets: p95 <= 150 ms, idle CPU
<= 5 % of one core.

    python benchmarks/board_latency.py [--calls 200] [--gap-ms 100] [--json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from display_board.screenshots import _display, write_demo_ini  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.store import QueueStore  # noqa: E402

NOTICES = (
    "Please keep your slip until your work is done.; "
    "براہ کرم کام مکمل ہونے تک اپنی پرچی سنبھال کر رکھیں۔"
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--gap-ms", type=float, default=100.0)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument(
        "--notice-seconds", type=float, default=8.0, help="each notice's time"
    )
    parser.add_argument("--no-notices", action="store_true", help="blank ticker")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="board-bench-") as folder, _display():
        result = run(
            Path(folder),
            args.calls,
            args.gap_ms / 1000,
            args.idle_seconds,
            0.0 if args.no_notices else args.notice_seconds,
        )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0


def run(
    folder: Path, calls: int, gap: float, idle_seconds: float, notice_seconds: float
) -> dict:
    """Start a board, measure it idle, then make ``calls`` calls and time them."""
    notices = NOTICES if notice_seconds else ""
    board_section = f"[board]\nnotices = {notices}\n"
    if notice_seconds:
        board_section += f"notice_seconds = {notice_seconds}\n"
    ini = write_demo_ini(folder, board_section + "[audio]\nenabled = no\n")
    config = load_config(ini)
    store = QueueStore(config)
    for _ in range(calls):
        store.issue("fir_copy")
    report = folder / "report.txt"
    board = _start_board(ini, report)
    try:
        _wait(report, "ready", 1, 60)
        time.sleep(5.0)  # let the first frames and text renders finish
        cpu = _cpu_percent(board.pid, idle_seconds)
        memory = _rss_mib(board.pid)
        committed = _make_calls(store, calls, gap)
        shown = _wait(report, "shown", calls, 60)
        stages = _wait(report, "stages", calls, 5)
    finally:
        board.terminate()
        board.wait(15)
        store.close()

    latencies = sorted(
        (float(line[1]) - committed[line[4]]) * 1000
        for line in shown
        if line[4] in committed
    )
    return {
        "calls": len(latencies),
        **_stage_medians(shown, stages, committed),
        "latency_p50_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "latency_max_ms": round(latencies[-1], 1),
        "idle_cpu_percent_one_core": round(cpu, 2),
        "idle_rss_mib": round(memory, 1),
        "notices": f"one every {notice_seconds:g} s" if notice_seconds else "none",
        "window": "1920x1080 under Xvfb (llvmpipe)",
    }


def _stage_medians(
    shown: list[list[str]], stages: list[list[str]], committed: dict[str, float]
) -> dict[str, float]:
    """Return the median milliseconds of each step from commit to screen."""
    commit_by_event = {line[2]: committed[line[4]] for line in shown}
    steps: dict[str, list[float]] = {
        "commit_to_read": [],
        "read_to_applied": [],
        "applied_to_draw": [],
        "draw_to_swapped": [],
    }
    for line in stages:
        event, shown_at = line[2], float(line[1])
        if event not in commit_by_event:
            continue
        read, applied, drawn = (float(value) for value in line[3:6])
        stamps = (commit_by_event[event], read, applied, drawn, shown_at)
        for name, start, end in zip(steps, stamps, stamps[1:], strict=False):
            steps[name].append((end - start) * 1000)
    return {
        f"median_{name}_ms": round(statistics.median(values), 1)
        for name, values in steps.items()
        if values
    }


def _start_board(ini: Path, report: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "display_board.board_main",
            "--config",
            str(ini),
            "--windowed",
            "--size",
            "1920x1080",
            "--no-audio",
            "--report",
            str(report),
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _make_calls(store: QueueStore, calls: int, gap: float) -> dict[str, float]:
    committed = {}
    for index in range(calls):
        counter = 4 if index % 2 else 2
        current = store.current_ticket(counter)
        if current is not None:
            store.no_show(current.token)
        ticket = store.call_next(counter)
        committed[ticket.token] = time.time()
        time.sleep(gap)
    return committed


def _wait(report: Path, what: str, count: int, timeout: float) -> list[list[str]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if report.exists():
            lines = [
                line.split()
                for line in report.read_text(encoding="utf-8").splitlines()
                if line.startswith(what + " ")
            ]
            if len(lines) >= count:
                return lines
        time.sleep(0.05)
    raise SystemExit(f"board_latency: only some '{what}' lines after {timeout} s")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _cpu_percent(pid: int, seconds: float) -> float:
    start_cpu, start = _cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (_cpu_seconds(pid) - start_cpu) / (time.monotonic() - start) * 100


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
