"""Kill a ticket writer with SIGKILL mid-stream and check the queue survives.

A child process issues tickets in a loop (kiosk.store on kiosk.database's WAL
file) and prints each token only after issue() returned. The test kills it at a
random moment, several times over, and checks that the file is intact, that
every printed token is stored, and that numbering goes on without reusing any.
"""

import dataclasses
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.errors import UnknownTicketError
from kiosk.store import QueueStore

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = REPO_ROOT / "kiosk.ini"
# Wednesday 2025-12-03 11:00 in Asia/Karachi: one centre day for every round.
FROZEN_NOW = 1764741600.0
SERVICES = ("character_certificate", "vehicle_verification")
ROUNDS = 3
TOKENS_BEFORE_KILL = (200, 300)
READ_TIMEOUT_SECONDS = 30

# The writer: issue forever, print a token only once issue() has returned.
WRITER_SOURCE = """
import dataclasses, sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.errors import UnknownTicketError
from kiosk.store import QueueStore

config_path, db_path, now, services = sys.argv[1:5]
config = dataclasses.replace(load_config(config_path), database_path=Path(db_path))
store = QueueStore(config, clock=lambda: float(now))
services = services.split(",")
n = 0
while True:
    issued = store.issue(services[n % len(services)], actor="crash-writer")
    print(issued.ticket.token, flush=True)
    n += 1
"""


def open_store(db_path: Path) -> QueueStore:
    """Open a store on ``db_path`` frozen at the test's centre day."""
    config = dataclasses.replace(load_config(SHIPPED_CONFIG), database_path=db_path)
    return QueueStore(config, clock=lambda: FROZEN_NOW)


def start_writer(db_path: Path) -> subprocess.Popen[str]:
    """Start the writer process on ``db_path``; its stdout is a pipe of tokens."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [
        sys.executable,
        "-c",
        WRITER_SOURCE,
        str(SHIPPED_CONFIG),
        str(db_path),
        repr(FROZEN_NOW),
        ",".join(SERVICES),
    ]
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after(writer: subprocess.Popen[str], count: int, pause: float) -> list[str]:
    """Read ``count`` tokens, wait ``pause`` seconds, SIGKILL; return all printed.

    Only whole lines count: a token is printed with its newline in one write.
    """
    deadline = time.monotonic() + READ_TIMEOUT_SECONDS
    tokens = []
    while len(tokens) < count:
        line = writer.stdout.readline()
        if not line or time.monotonic() > deadline:
            writer.kill()
            pytest.fail(f"writer stopped after {len(tokens)}: {writer.stderr.read()}")
        tokens.append(line.rstrip("\n"))

    time.sleep(pause)
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate()
    tokens.extend(line for line in rest.splitlines(keepends=True) if line[-1] == "\n")
    return [token.rstrip("\n") for token in tokens]


def stored_tokens(db_path: Path) -> dict[str, list[int]]:
    """Return each service's stored ticket numbers, sorted."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT service, number FROM tickets ORDER BY service, number"
        ).fetchall()
    finally:
        conn.close()
    numbers: dict[str, list[int]] = {}
    for service, number in rows:
        numbers.setdefault(service, []).append(number)
    return numbers


def integrity(db_path: Path) -> list[tuple[str, ...]]:
    """Return what ``PRAGMA integrity_check`` says of the file (first open)."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def orphans(db_path: Path) -> list[tuple[str, ...]]:
    """Return tickets stored without their 'issued' event (a torn transaction)."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT token FROM tickets WHERE id NOT IN "
            "(SELECT ticket_id FROM events WHERE kind = 'issued')"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def queue_file(tmp_path: Path) -> Path:
    """Create the queue database before the first writer starts."""
    path = tmp_path / "queue.sqlite3"
    open_store(path).close()
    return path


@pytest.mark.slow
def test_sigkill_mid_stream_loses_and_reuses_no_token(queue_file):
    rng = random.Random()
    printed: set[str] = set()
    started = time.perf_counter()

    for round_number in range(ROUNDS):
        count = rng.randint(*TOKENS_BEFORE_KILL)
        pause = rng.uniform(0.0, 0.02)
        writer = start_writer(queue_file)
        tokens = kill_after(writer, count, pause)
        where = f"round {round_number}, killed after {count} tokens + {pause:.4f}s"

        assert writer.returncode == -signal.SIGKILL, where
        assert printed.isdisjoint(tokens), where
        printed.update(tokens)
        assert integrity(queue_file) == [("ok",)], where
        assert orphans(queue_file) == [], where
        _assert_printed_are_stored(queue_file, printed, where)
        _assert_next_issue_continues(queue_file, printed, where)

    assert time.perf_counter() - started < 30


def _assert_printed_are_stored(db_path: Path, printed: set[str], where: str) -> None:
    store = open_store(db_path)
    try:
        missing = [token for token in sorted(printed) if not _is_stored(store, token)]
    finally:
        store.close()
    assert missing == [], f"{where}: lost {missing[:5]}"


def _is_stored(store: QueueStore, token: str) -> bool:
    try:
        store.ticket_by_token(token)
    except UnknownTicketError:
        return False
    return True


def _assert_next_issue_continues(db_path: Path, printed: set[str], where: str) -> None:
    before = stored_tokens(db_path)
    store = open_store(db_path)
    try:
        for service in SERVICES:
            issued = store.issue(service, actor="crash-test").ticket
            numbers = before.get(service, [])
            assert numbers == list(range(1, len(numbers) + 1)), f"{where}: gap"
            assert issued.token not in printed, where
            assert issued.token.endswith(f"-{len(numbers) + 1:03d}"), where
            printed.add(issued.token)
    finally:
        store.close()
