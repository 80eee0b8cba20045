"""Measure the queue's latency (issue, call_next, complete) beside bare SQLite.

Run from the repository root::

    python benchmarks/queue_ops.py [--tickets-history N ...] [--ops N] [--json]

For each history size (default: an empty database, then one holding 1,000,000
finished tickets with their events and some cases) this prints the p50, p95 and
p99 milliseconds of ``QueueStore.issue``, ``call_next`` and ``complete``, first
in one process, then with four processes doing the same at once (each its own
counter), beside a bare ``sqlite3`` INSERT + COMMIT on the same kind of file
(WAL) with ``synchronous=FULL`` and with ``NORMAL``, and checks the targets:
one-process issue p99 <= 5 ms and <= 3x the bare insert; with four processes
no "database is locked" and p99 <= 50 ms.

The history is built once per size with bulk inserts in one transaction
(``synchronous=OFF``, no journal) on a scratch file, then cached under the
temporary folder and copied for each run, so repeat runs start at once.
"""

import argparse
import dataclasses
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import KioskConfig, load_config  # noqa: E402
from kiosk.database import LATEST_VERSION, connect  # noqa: E402
from kiosk.errors import KioskError  # noqa: E402
from kiosk.store import QueueStore  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = REPO_ROOT / "kiosk.ini"
CACHE_DIR = Path(tempfile.gettempdir()) / "pkm-kiosk-bench"
# Wednesday 2025-12-03 09:00 in Asia/Karachi (UTC+5, no daylight saving).
BENCH_DAY_OPENS = 1764734400.0
BENCH_DAY = date(2025, 12, 3)
UTC_OFFSET_SECONDS = 5 * 3600
HISTORY_DAYS = 1000
PREFILL_FORMAT = 1  # bump when the shape of the generated history changes
BACKLOG = 30  # tickets waiting before the timed loop starts

# One-process runs use counter 1 and its first service (trackable: opens a case).
SINGLE_COUNTER = (1, "character_certificate")
# Four processes, each a counter whose first service no other of them prefers.
PARALLEL_COUNTERS = (
    (3, "employee_registration"),
    (4, "vehicle_verification"),
    (5, "complaint"),
    (6, "women_children"),
)
TARGETS = {
    "issue_p99_ms": 5.0,
    "issue_to_bare_p99": 3.0,
    "parallel_p99_ms": 50.0,
}


# -- figures ---------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of ``samples`` (seconds) in ms."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index] * 1000.0


def summarise(samples: list[float]) -> dict[str, float]:
    """Return count, p50, p95 and p99 (ms) of a list of durations in seconds."""
    return {
        "count": len(samples),
        "p50_ms": round(percentile(samples, 0.50), 3),
        "p95_ms": round(percentile(samples, 0.95), 3),
        "p99_ms": round(percentile(samples, 0.99), 3),
    }


def timed(samples: list[float], action: Callable[[], Any]) -> Any:
    """Run ``action``, append its duration to ``samples``, return its result."""
    began = time.perf_counter()
    result = action()
    samples.append(time.perf_counter() - began)
    return result


# -- history ---------------------------------------------------------------

PRIORITIES = ("normal", "senior", "disability", "women")
FROM_CALLED = '{"from": "called"}'
FROM_SERVING = '{"from": "serving"}'
FROM_WAITING = '{"from": "waiting"}'
INSERTS = {
    "tickets": "INSERT INTO tickets (id, day, token, number, service, priority, "
    "state, issued_at, called_at, serving_at, finished_at, counter, recalls, "
    "people_ahead, estimated_wait_minutes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events (at, kind, ticket_id, counter, actor, detail) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "cases": "INSERT INTO cases (id, tracking_code, ticket_id, service, status, "
    "opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "case_history": "INSERT INTO case_history (case_id, status, note, at, actor) "
    "VALUES (?, ?, ?, ?, ?)",
    "token_sequences": "INSERT INTO token_sequences (day, service, last_number) "
    "VALUES (?, ?, ?)",
}
Rows = dict[str, list[tuple]]


@dataclasses.dataclass(frozen=True)
class ServicePlan:
    """What the history generator needs to know of one configured service."""

    code: str
    prefix: str
    minutes: float
    trackable: bool
    counters: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class DaySpec:
    """One past day to generate: how far back, its first ticket id, how many."""

    plans: tuple[ServicePlan, ...]
    back: int
    first_id: int
    count: int


def service_plans(config: KioskConfig) -> tuple[ServicePlan, ...]:
    """Return a plan per configured service, with the counters that serve it."""
    return tuple(
        ServicePlan(
            code=service.code,
            prefix=service.prefix,
            minutes=service.minutes,
            trackable=service.trackable,
            counters=tuple(
                counter.number
                for counter in config.counters.values()
                if service.code in counter.services
            )
            or (1,),
        )
        for service in config.services.values()
    )


def day_specs(plans: tuple[ServicePlan, ...], total: int) -> Iterator[DaySpec]:
    """Spread ``total`` tickets evenly over the past days, oldest day first."""
    per_day, extra = divmod(total, HISTORY_DAYS)
    first_id = 1
    for back in range(HISTORY_DAYS, 0, -1):
        count = per_day + (1 if back <= extra else 0)
        yield DaySpec(plans, back, first_id, count)
        first_id += count


def make_day(spec: DaySpec) -> Rows:
    """Return the rows of one past day's finished tickets, events and cases.

    Tickets arrive evenly between 09:00 and 17:00; 85 % are done, 10 % no-shows
    and 5 % cancelled. One trackable ticket in five opened a case (received,
    then closed), with the ticket's id and a synthetic ``hist-`` code. Each day
    is seeded by its distance from the benchmark day, so files are repeatable.
    """
    rng = random.Random(spec.back)
    day = (BENCH_DAY - timedelta(days=spec.back)).isoformat()
    opens = BENCH_DAY_OPENS - spec.back * 86400.0
    spacing = 8 * 3600.0 / max(spec.count, 1)
    details = {
        (priority, plan.code): json.dumps(
            {"priority": priority, "service": plan.code}, sort_keys=True
        )
        for priority in PRIORITIES
        for plan in spec.plans
    }
    rows: Rows = {table: [] for table in INSERTS}
    numbers = dict.fromkeys((plan.code for plan in spec.plans), 0)

    for n in range(spec.count):
        plan = spec.plans[int(rng.random() * len(spec.plans))]
        numbers[plan.code] += 1
        issued_at = opens + n * spacing
        ticket = (spec.first_id + n, day, plan, numbers[plan.code], issued_at)
        add_ticket(rows, rng, ticket, details)

    rows["token_sequences"] = [
        (day, code, last) for code, last in numbers.items() if last
    ]
    return rows


def add_ticket(
    rows: Rows,
    rng: random.Random,
    ticket: tuple[int, str, ServicePlan, int, float],
    details: dict[tuple[str, str], str],
) -> None:
    """Append one finished ticket with its events (and maybe its case) to ``rows``."""
    ticket_id, day, plan, number, issued_at = ticket
    priority = "normal" if rng.random() < 0.8 else PRIORITIES[1 + int(rng.random() * 3)]
    counter = plan.counters[int(rng.random() * len(plan.counters))]
    events = rows["events"]
    events.append(
        (issued_at, "issued", ticket_id, None, "kiosk", details[priority, plan.code])
    )

    if plan.trackable and rng.random() < 0.2:
        add_case(rows, ticket_id, plan.code, issued_at)
    state, counter, called_at, serving_at, finished_at = finish_ticket(
        events, rng, ticket_id, counter, issued_at, plan.minutes
    )
    rows["tickets"].append(
        (
            ticket_id,
            day,
            f"{plan.prefix}-{number:03d}",
            number,
            plan.code,
            priority,
            state,
            issued_at,
            called_at,
            serving_at,
            finished_at,
            counter,
            0,
            int(rng.random() * 25),
            int(rng.random() * 90),
        )
    )


def finish_ticket(
    events: list[tuple],
    rng: random.Random,
    ticket_id: int,
    counter: int,
    issued_at: float,
    minutes: float,
) -> tuple[str, int | None, float | None, float | None, float]:
    """Append a ticket's events after issue; return its final state and times."""
    fate = rng.random()
    if fate >= 0.95:
        finished_at = issued_at + 60 + rng.random() * 540
        events.append((finished_at, "cancel", ticket_id, None, "staff", FROM_WAITING))
        return "cancelled", None, None, None, finished_at

    called_at = issued_at + 60 + rng.random() * 1740
    events.append((called_at, "called", ticket_id, counter, f"counter:{counter}", None))
    if fate >= 0.85:
        finished_at = called_at + 120
        events.append(
            (finished_at, "no_show", ticket_id, counter, "staff", FROM_CALLED)
        )
        return "no_show", counter, called_at, None, finished_at

    serving_at = called_at + 10 + rng.random() * 80
    finished_at = serving_at + minutes * 60 * (0.5 + rng.random())
    events.append((serving_at, "serve", ticket_id, counter, "staff", FROM_CALLED))
    events.append((finished_at, "complete", ticket_id, counter, "staff", FROM_SERVING))
    return "done", counter, called_at, serving_at, finished_at


def add_case(rows: Rows, ticket_id: int, service: str, opened_at: float) -> None:
    """Append a case the ticket opened, closed three days later, with its history."""
    closed_at = opened_at + 3 * 86400.0
    rows["cases"].append(
        (
            ticket_id,
            f"hist-{ticket_id:09d}",
            ticket_id,
            service,
            "closed",
            opened_at,
            closed_at,
        )
    )
    rows["case_history"].append((ticket_id, "received", None, opened_at, "kiosk"))
    rows["case_history"].append((ticket_id, "closed", None, closed_at, "staff"))
    rows["events"].append(
        (
            opened_at,
            "case_opened",
            ticket_id,
            None,
            "kiosk",
            f'{{"case_id": {ticket_id}}}',
        )
    )


def history_file(config: KioskConfig, tickets: int, cache_dir: Path) -> Path:
    """Return a cached queue file holding ``tickets`` of history; build it once."""
    name = f"history-{tickets}-schema{LATEST_VERSION}-fmt{PREFILL_FORMAT}.sqlite3"
    cached = cache_dir / name
    if cached.exists():
        return cached

    scratch = cached.with_suffix(".partial")
    for leftover in (scratch, *_sidecars(scratch)):
        leftover.unlink(missing_ok=True)
    connect(scratch).conn.close()  # the store's own schema, at the latest version
    began = time.perf_counter()
    fill_history(scratch, config, tickets)
    log_line(f"prefilled {tickets:,} tickets in {time.perf_counter() - began:.1f} s")
    scratch.rename(cached)
    return cached


def fill_history(path: Path, config: KioskConfig, tickets: int) -> None:
    """Bulk-insert the history into ``path`` in one unjournalled transaction.

    Indexes are dropped first and built again at the end (faster than keeping
    them up to date row by row); a second process generates the rows while this
    one inserts them.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("BEGIN")
    indexes = drop_indexes(conn)

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        specs = day_specs(service_plans(config), tickets)
        for rows in pool.imap(make_day, specs, chunksize=10):
            for table, sql in INSERTS.items():
                conn.executemany(sql, rows[table])

    for sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the schema's own indexes; return the SQL that makes them again."""
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    return [sql for _, sql in indexes]


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def working_copy(source: Path | None, folder: Path) -> Path:
    """Return a fresh queue file in ``folder``: a copy of ``source``, or empty.

    The copy is flushed to disk before returning: on ext4 a commit's fsync
    would otherwise wait for the copy's writeback and the timings would measure
    the copy, not the queue.
    """
    target = folder / "queue.sqlite3"
    for leftover in (target, *_sidecars(target)):
        leftover.unlink(missing_ok=True)
    if source is not None:
        shutil.copyfile(source, target)
    os.sync()
    return target


# -- the store under load --------------------------------------------------


def open_store(config: KioskConfig, path: Path) -> QueueStore:
    """Open a store on ``path`` whose clock runs from the benchmark day's 09:00."""
    started = time.time()
    config = dataclasses.replace(config, database_path=path)
    return QueueStore(config, clock=lambda: BENCH_DAY_OPENS + time.time() - started)


def drive_counter(
    store: QueueStore,
    counter: int,
    service: str,
    rounds: int,
    bare: "BareInsert | None" = None,
) -> dict[str, list[float]]:
    """Issue, call, serve and complete ``rounds`` tickets; time three of the steps.

    A backlog of waiting tickets is issued first so each call chooses among
    several, as in a busy hall. With ``bare``, a bare insert is timed in each
    round too, so both figures meet the same moments of disk and CPU noise.
    """
    for _ in range(BACKLOG):
        store.issue(service)
    samples: dict[str, list[float]] = {"issue": [], "call_next": [], "complete": []}
    if bare is not None:
        samples["bare_insert"] = []
    for _ in range(rounds):
        if bare is not None:
            timed(samples["bare_insert"], bare.insert)
        timed(samples["issue"], lambda: store.issue(service))
        ticket = timed(samples["call_next"], lambda: store.call_next(counter))
        store.serve(ticket.token)
        timed(samples["complete"], partial(store.complete, ticket.token))
    return samples


def one_process(config: KioskConfig, path: Path, rounds: int) -> dict[str, Any]:
    """Time the three operations in this process alone, beside a bare insert."""
    store = open_store(config, path)
    bare = BareInsert(path.with_name("bare-interleaved.sqlite3"), "FULL")
    try:
        samples = drive_counter(store, *SINGLE_COUNTER, rounds, bare)
    finally:
        store.close()
        bare.close()
    return {name: summarise(values) for name, values in samples.items()}


def parallel_worker(
    config_path: str,
    db_path: str,
    counter: int,
    service: str,
    rounds: int,
    start: Any,
    results: Any,
) -> None:
    """Run one counter's loop after the start barrier; put samples on ``results``."""
    config = load_config(config_path)
    store = open_store(config, Path(db_path))
    errors: list[str] = []
    start.wait()
    try:
        samples = drive_counter(store, counter, service, rounds)
    except (sqlite3.Error, KioskError) as error:
        samples, errors = {}, [f"counter {counter}: {error!r}"]
    store.close()
    results.put({"counter": counter, "samples": samples, "errors": errors})


def four_processes(path: Path, rounds: int) -> dict[str, Any]:
    """Time the operations with four processes working at once."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(PARALLEL_COUNTERS))
    results = context.Queue()
    workers = [
        context.Process(
            target=parallel_worker,
            args=(
                str(SHIPPED_CONFIG),
                str(path),
                counter,
                service,
                rounds,
                start,
                results,
            ),
        )
        for counter, service in PARALLEL_COUNTERS
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join()
    return merge_parallel(reports)


def merge_parallel(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Pool the workers' samples per operation and over all operations."""
    pooled: dict[str, list[float]] = {"issue": [], "call_next": [], "complete": []}
    errors = [error for report in reports for error in report["errors"]]
    for report in reports:
        for name, values in report["samples"].items():
            pooled[name].extend(values)
    every = [value for values in pooled.values() for value in values]
    merged = {name: summarise(values) for name, values in pooled.items() if values}
    merged["all"] = summarise(every) if every else {}
    merged["errors"] = errors
    merged["locked_errors"] = sum("database is locked" in error for error in errors)
    return merged


# -- bare SQLite -----------------------------------------------------------


class BareInsert:
    """A plain sqlite3 WAL file where each insert is its own transaction."""

    def __init__(self, path: Path, synchronous: str) -> None:
        for leftover in (path, *_sidecars(path)):
            leftover.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute(f"PRAGMA synchronous = {synchronous}")
        self.conn.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, at REAL NOT NULL, "
            "kind TEXT NOT NULL, ticket_id INTEGER, counter INTEGER, "
            "actor TEXT NOT NULL, detail TEXT)"
        )

    def insert(self) -> None:
        """INSERT one event-sized row and COMMIT it."""
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "INSERT INTO events (at, kind, ticket_id, counter, actor, detail) "
            "VALUES (?, 'issued', NULL, NULL, 'kiosk', '{}')",
            [time.time()],
        )
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def bare_insert(folder: Path, synchronous: str, rounds: int) -> dict[str, float]:
    """Time ``rounds`` bare INSERT + COMMIT on their own, after a short warm-up."""
    bare = BareInsert(folder / f"bare-{synchronous.lower()}.sqlite3", synchronous)
    samples: list[float] = []
    try:
        for _ in range(rounds + BACKLOG):
            timed(samples, bare.insert)
    finally:
        bare.close()
    return summarise(samples[BACKLOG:])


# -- one run ---------------------------------------------------------------


def run(
    config: KioskConfig,
    tickets: int,
    rounds: int,
    parallel_rounds: int,
    cache_dir: Path,
) -> dict[str, Any]:
    """Measure everything on a database holding ``tickets`` of history."""
    began = time.perf_counter()
    source = history_file(config, tickets, cache_dir) if tickets else None
    prepared = round(time.perf_counter() - began, 1)
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        folder = Path(scratch)
        path = working_copy(source, folder)
        connect(path).conn.close()
        began = time.perf_counter()
        result = {
            "tickets_history": tickets,
            "prepare_seconds": prepared,
            "bare_full": bare_insert(folder, "FULL", rounds),
            "bare_normal": bare_insert(folder, "NORMAL", rounds),
            "one_process": one_process(config, path, rounds),
            "four_processes": four_processes(path, parallel_rounds),
        }
        result["seconds"] = round(time.perf_counter() - began, 1)
    result["checks"] = check_targets(result)
    return result


def check_targets(result: dict[str, Any]) -> dict[str, Any]:
    """Compare a run's figures with the targets; return ratios and verdicts.

    The issue / bare ratios use the bare insert timed in the same loop as issue.
    """
    single = result["one_process"]
    issue, bare = single["issue"], single["bare_insert"]
    full, normal = result["bare_full"], result["bare_normal"]
    parallel = result["four_processes"]
    ratio = issue["p99_ms"] / bare["p99_ms"]
    return {
        "issue_to_bare_p50": round(issue["p50_ms"] / bare["p50_ms"], 2),
        "issue_to_bare_p99": round(ratio, 2),
        "full_minus_normal_p50_ms": round(full["p50_ms"] - normal["p50_ms"], 3),
        "full_minus_normal_p99_ms": round(full["p99_ms"] - normal["p99_ms"], 3),
        "full_to_normal_p50": round(full["p50_ms"] / normal["p50_ms"], 1),
        "issue_p99_ok": issue["p99_ms"] <= TARGETS["issue_p99_ms"],
        "issue_to_bare_ok": ratio <= TARGETS["issue_to_bare_p99"],
        "parallel_no_locked_ok": parallel["locked_errors"] == 0
        and not parallel["errors"],
        "parallel_p99_ok": bool(parallel["all"])
        and parallel["all"]["p99_ms"] <= TARGETS["parallel_p99_ms"],
    }


# -- output ----------------------------------------------------------------


def log_line(text: str) -> None:
    """Print a progress line on stderr (stdout may carry JSON)."""
    print(text, file=sys.stderr, flush=True)


def print_run(result: dict[str, Any]) -> None:
    """Print one run's figures as a small table."""
    print(
        f"\n== {result['tickets_history']:,} tickets of history ({result['seconds']} s)"
    )
    print(f"{'':28}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    rows = [
        (f"one process: {name}", figures)
        for name, figures in result["one_process"].items()
    ]
    rows += [
        (f"4 processes: {name}", figures)
        for name, figures in result["four_processes"].items()
        if name in ("issue", "call_next", "complete", "all")
    ]
    rows += [
        ("bare alone, FULL", result["bare_full"]),
        ("bare alone, NORMAL", result["bare_normal"]),
    ]
    for label, figures in rows:
        print(
            f"{label:28}{figures['count']:>6}{figures['p50_ms']:>9.3f}"
            f"{figures['p95_ms']:>9.3f}{figures['p99_ms']:>9.3f}"
        )
    checks = result["checks"]
    print(
        f"issue / bare insert: p50 {checks['issue_to_bare_p50']}x, "
        f"p99 {checks['issue_to_bare_p99']}x; synchronous=FULL costs "
        f"{checks['full_minus_normal_p50_ms']} ms at p50 "
        f"({checks['full_to_normal_p50']}x NORMAL), "
        f"{checks['full_minus_normal_p99_ms']} ms at p99; "
        f"locked errors with 4 processes: {result['four_processes']['locked_errors']}"
    )
    if result["prepare_seconds"] >= 1:
        print(f"history prepared in {result['prepare_seconds']} s (before timing)")
    verdicts = {name: value for name, value in checks.items() if name.endswith("ok")}
    print(
        "targets: "
        + ", ".join(
            f"{name} {'met' if ok else 'MISSED'}" for name, ok in verdicts.items()
        )
    )


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets-history",
        type=int,
        nargs="+",
        default=[0, 1_000_000],
        metavar="N",
        help="history sizes to run on (default: 0 1000000)",
    )
    parser.add_argument(
        "--ops",
        type=int,
        default=1000,
        help="timed rounds in one process (default 1000)",
    )
    parser.add_argument(
        "--parallel-ops",
        type=int,
        default=250,
        help="timed rounds per process with four (default 250)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=CACHE_DIR,
        help=f"where prefilled files are kept (default {CACHE_DIR})",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document instead of tables"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a target was missed."""
    arguments = parse_arguments(argv)
    arguments.cache_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(SHIPPED_CONFIG)
    began = time.perf_counter()
    results = []
    for tickets in arguments.tickets_history:
        log_line(f"running on {tickets:,} tickets of history")
        results.append(
            run(
                config,
                tickets,
                arguments.ops,
                arguments.parallel_ops,
                arguments.cache_dir,
            )
        )
    report = {
        "sqlite_version": sqlite3.sqlite_version,
        "targets": TARGETS,
        "runs": results,
        "seconds": round(time.perf_counter() - began, 1),
    }
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        for result in results:
            print_run(result)
        print(f"\ntotal {report['seconds']} s")
    missed = [
        name
        for result in results
        for name, ok in result["checks"].items()
        if name.endswith("ok") and not ok
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
