"""Stress the shared queue (kiosk.store) from several processes at once.

Two kiosk processes issue tickets while three counter processes call, serve,
complete, mark no-shows and recall, each on its own QueueStore over one SQLite
file, as the kiosk, the desks and kiosk-admin do in a centre. Afterwards the
database must hold every ticket an issue() returned, exactly once, with each
ticket called by one counter only, and the event log must replay to the same
states and counters as the tickets table.
"""

import dataclasses
import json
import multiprocessing
import sqlite3
import time
from collections import Counter as Tally
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any

import pytest

from kiosk import queue_rules
from kiosk.config import load_config
from kiosk.database import connect
from kiosk.errors import IllegalTransitionError, KioskError, QueueEmptyError
from kiosk.models import Priority, TicketState
from kiosk.store import QueueStore

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = REPO_ROOT / "kiosk.ini"
# Wednesday 2025-12-03 09:00 in Asia/Karachi: inside opening hours.
CENTRE_OPENS = 1764734400.0

ISSUER_COUNT = 2
TICKETS_PER_ISSUER = 400
# Counters 1 and 2 share services; 6 is the gender desk (women's tickets).
CALLER_COUNTERS = (1, 2, 6)
ISSUED_SERVICES = (
    "character_certificate",
    "police_verification",
    "fir_copy",
    "case_status",
    "women_children",
)
PRIORITY_CYCLE = (
    Priority.NORMAL,
    Priority.NORMAL,
    Priority.SENIOR,
    Priority.NORMAL,
    Priority.WOMEN,
    Priority.NORMAL,
    Priority.DISABILITY,
)
MINIMUM_OPERATIONS = 2000
FIRST_OPENERS = 6
FIRST_OPEN_ROUNDS = 40
DEADLINE_SECONDS = 120

# Event kind -> the queue_rules action it records (other kinds change no state).
EVENT_ACTIONS = {
    "called": "call",
    "recall": "recall",
    "serve": "serve",
    "complete": "complete",
    "no_show": "no_show",
    "transfer": "transfer",
    "cancel": "cancel",
}


def open_store(db_path: str, started_at: float) -> QueueStore:
    """Open a store on ``db_path`` whose clock runs from the centre's opening."""
    config = dataclasses.replace(
        load_config(SHIPPED_CONFIG), database_path=Path(db_path)
    )
    return QueueStore(config, clock=lambda: CENTRE_OPENS + time.time() - started_at)


def run_issuer(
    index: int, db_path: str, started_at: float, start: Barrier, report: str
) -> None:
    """Issue tickets as one kiosk; write each returned token to ``report``."""
    store = open_store(db_path, started_at)
    issued: list[list[Any]] = []
    errors: list[str] = []
    start.wait()

    for n in range(TICKETS_PER_ISSUER):
        service = ISSUED_SERVICES[(n + index) % len(ISSUED_SERVICES)]
        priority = PRIORITY_CYCLE[(n * 3 + index) % len(PRIORITY_CYCLE)]
        try:
            result = store.issue(service, priority, actor=f"kiosk:{index}")
        except (sqlite3.Error, KioskError) as error:
            errors.append(f"issue {service}: {error!r}")
            continue
        issued.append([result.ticket.id, result.ticket.day, result.ticket.token])

    store.close()
    Path(report).write_text(json.dumps({"issued": issued, "errors": errors}))


def run_caller(
    counter: int,
    db_path: str,
    started_at: float,
    start: Barrier,
    issuers_done: Event,
    report: str,
) -> None:
    """Call tickets at one counter until the kiosks stop and nothing is left.

    Every 7th ticket is a no-show, and every 3rd no-show is recalled, served and
    completed, so recalls appear in the log beside the plain path.
    """
    store = open_store(db_path, started_at)
    handled: list[dict[str, Any]] = []
    errors: list[str] = []
    operations = 0
    start.wait()

    while True:
        finished = issuers_done.is_set()
        try:
            ticket = store.call_next(counter)
        except QueueEmptyError:
            if finished:
                break
            time.sleep(0.002)
            continue
        except (sqlite3.Error, KioskError) as error:
            errors.append(f"call_next {counter}: {error!r}")
            continue
        try:
            steps = _finish_ticket(store, ticket.token, len(handled))
        except (sqlite3.Error, KioskError) as error:
            errors.append(f"finish {ticket.token} at {counter}: {error!r}")
            break
        operations += 1 + len(steps)
        handled.append({"id": ticket.id, "token": ticket.token, "steps": steps})

    store.close()
    Path(report).write_text(
        json.dumps({"handled": handled, "errors": errors, "operations": operations})
    )


def _finish_ticket(store: QueueStore, token: str, sequence: int) -> list[str]:
    """Take a called ticket to the end of its life; return the steps taken."""
    if sequence % 7 == 3:
        store.no_show(token)
        if sequence % 21 != 3:
            return ["no_show"]
        store.recall(token)
        store.serve(token)
        store.complete(token)
        return ["no_show", "recall", "serve", "complete"]
    store.serve(token)
    store.complete(token)
    return ["serve", "complete"]


def replay_events(events: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Rebuild each ticket's state, counter and recalls from the event log alone.

    Raises IllegalTransitionError if the log holds a step the rules forbid.
    """
    tickets: dict[int, dict[str, Any]] = {}
    for event in events:
        ticket_id, kind = event["ticket_id"], event["kind"]
        if kind == "issued":
            tickets[ticket_id] = {"state": "waiting", "counter": None, "recalls": 0}
            continue
        action = EVENT_ACTIONS.get(kind)
        if action is None:
            continue
        ticket = tickets[ticket_id]
        current = TicketState(ticket["state"])
        ticket["state"] = queue_rules.next_state(action, str(ticket_id), current).value
        if kind == "called":
            ticket["counter"] = event["counter"]
        elif kind == "transfer":
            ticket["counter"] = None
        elif kind == "recall":
            ticket["recalls"] += 1
    return tickets


@pytest.fixture(scope="module")
def stress_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder shared by one stress run and all the checks on it."""
    return tmp_path_factory.mktemp("stress")


@pytest.fixture(scope="module")
def queue_file(stress_dir: Path) -> Path:
    """Create the queue database once, as ``kiosk-admin init`` would."""
    path = stress_dir / "queue.sqlite3"
    open_store(str(path), time.time()).close()
    return path


@pytest.fixture(scope="module")
def stress_run(queue_file: Path, stress_dir: Path) -> dict[str, Any]:
    """Run the kiosks and counters at once, once; return their reports and time."""
    tmp_path = stress_dir
    context = multiprocessing.get_context("spawn")
    started_at = time.time()
    start = context.Barrier(ISSUER_COUNT + len(CALLER_COUNTERS))
    issuers_done = context.Event()
    issuers = [
        context.Process(
            target=run_issuer,
            args=(i, str(queue_file), started_at, start, str(tmp_path / f"i{i}.json")),
        )
        for i in range(ISSUER_COUNT)
    ]
    callers = [
        context.Process(
            target=run_caller,
            args=(
                n,
                str(queue_file),
                started_at,
                start,
                issuers_done,
                str(tmp_path / f"c{n}.json"),
            ),
        )
        for n in CALLER_COUNTERS
    ]

    began = time.perf_counter()
    for process in issuers + callers:
        process.start()
    _join_all(issuers)
    issuers_done.set()
    _join_all(callers)
    elapsed = time.perf_counter() - began

    exit_codes = [process.exitcode for process in issuers + callers]
    assert exit_codes == [0] * len(exit_codes), f"a worker failed: {exit_codes}"
    return {
        "issuers": [_read_report(tmp_path / f"i{i}.json") for i in range(ISSUER_COUNT)],
        "callers": [_read_report(tmp_path / f"c{n}.json") for n in CALLER_COUNTERS],
        "seconds": elapsed,
    }


def _join_all(processes: list[multiprocessing.process.BaseProcess]) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    for process in processes:
        process.join(max(deadline - time.monotonic(), 0.1))
        if process.is_alive():
            process.kill()
            pytest.fail(f"worker {process.name} still running after the deadline")


def _read_report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def _rows(path: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_workers_report_no_errors_and_enough_operations(stress_run):
    reports = stress_run["issuers"] + stress_run["callers"]
    errors = [error for report in reports for error in report["errors"]]
    issued = sum(len(report["issued"]) for report in stress_run["issuers"])
    called = sum(report["operations"] for report in stress_run["callers"])

    assert errors == []
    assert issued == ISSUER_COUNT * TICKETS_PER_ISSUER
    assert issued + called >= MINIMUM_OPERATIONS
    assert stress_run["seconds"] < 60


@pytest.mark.slow
def test_no_token_is_given_twice_and_numbers_have_no_gaps(stress_run, queue_file):
    duplicates = _rows(
        queue_file,
        "SELECT day, token, count(*) FROM tickets GROUP BY day, token "
        "HAVING count(*) > 1",
    )
    numbering = _rows(
        queue_file,
        "SELECT tickets.day, tickets.service, count(*) AS issued, "
        "max(number) AS highest, count(DISTINCT number) AS distinct_numbers, "
        "last_number FROM tickets JOIN token_sequences USING (day, service) "
        "GROUP BY tickets.day, tickets.service",
    )

    assert [tuple(row) for row in duplicates] == []
    for row in numbering:
        assert row["issued"] == row["highest"] == row["distinct_numbers"]
        assert row["last_number"] == row["highest"], dict(row)


@pytest.mark.slow
def test_every_returned_ticket_is_stored(stress_run, queue_file):
    returned = {
        (day, token): ticket_id
        for report in stress_run["issuers"]
        for ticket_id, day, token in report["issued"]
    }
    stored = {
        (row["day"], row["token"]): row["id"]
        for row in _rows(queue_file, "SELECT id, day, token FROM tickets")
    }

    assert stored == returned


@pytest.mark.slow
def test_no_ticket_is_called_twice(stress_run, queue_file):
    handled = [
        entry["id"] for report in stress_run["callers"] for entry in report["handled"]
    ]
    calls = Tally(
        row["ticket_id"]
        for row in _rows(
            queue_file, "SELECT ticket_id FROM events WHERE kind = 'called'"
        )
    )
    waiting = _rows(queue_file, "SELECT token FROM tickets WHERE state = 'waiting'")

    assert len(handled) == len(set(handled))
    assert set(handled) == set(calls)
    assert max(calls.values()) == 1
    assert waiting == []


@pytest.mark.slow
def test_event_log_replays_to_the_tickets_table(stress_run, queue_file):
    events = [
        dict(row)
        for row in _rows(
            queue_file, "SELECT ticket_id, kind, counter FROM events ORDER BY id"
        )
    ]
    tickets = {
        row["id"]: {
            "state": row["state"],
            "counter": row["counter"],
            "recalls": row["recalls"],
        }
        for row in _rows(queue_file, "SELECT id, state, counter, recalls FROM tickets")
    }

    assert replay_events(events) == tickets


@pytest.mark.slow
def test_callers_outcomes_match_the_stored_states(stress_run, queue_file):
    expected = {
        entry["id"]: "done" if entry["steps"][-1] == "complete" else "no_show"
        for report in stress_run["callers"]
        for entry in report["handled"]
    }
    stored = {
        row["id"]: row["state"]
        for row in _rows(queue_file, "SELECT id, state FROM tickets")
    }
    integrity = _rows(queue_file, "PRAGMA integrity_check")

    assert stored == expected
    assert [tuple(row) for row in integrity] == [("ok",)]


def open_fresh_files(folder: str, rounds: int, start: Barrier, report: str) -> None:
    """Open a new database file each round, in step with the other processes."""
    failures = []
    for round_number in range(rounds):
        start.wait()
        try:
            connect(Path(folder) / f"fresh-{round_number}.sqlite3").conn.close()
        except KioskError as error:
            failures.append(f"round {round_number}: {error}")
    Path(report).write_text(json.dumps(failures))


@pytest.mark.slow
def test_processes_creating_the_database_together_all_open_it(tmp_path):
    # The kiosk, board and desks start together on a fresh install.
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(FIRST_OPENERS)
    openers = [
        context.Process(
            target=open_fresh_files,
            args=(str(tmp_path), FIRST_OPEN_ROUNDS, start, str(tmp_path / f"{n}.json")),
        )
        for n in range(FIRST_OPENERS)
    ]
    for process in openers:
        process.start()
    _join_all(openers)

    failures = [_read_report(tmp_path / f"{n}.json") for n in range(FIRST_OPENERS)]
    assert failures == [[]] * FIRST_OPENERS


def test_replay_rejects_a_second_call_without_recall():
    events = [
        {"ticket_id": 1, "kind": "issued", "counter": None},
        {"ticket_id": 1, "kind": "called", "counter": 1},
        {"ticket_id": 1, "kind": "called", "counter": 2},
    ]

    with pytest.raises(IllegalTransitionError, match="cannot call"):
        replay_events(events)
