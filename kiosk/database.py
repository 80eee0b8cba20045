"""Open the queue database safely and bring its schema up to date.

Every process (kiosk, board, desks, kiosk-admin) opens the same SQLite file.
The settings here are what make that safe on a machine that loses power:

* WAL journal, so readers (the board) never block writers (the kiosk);
* ``synchronous=FULL``, so a commit that has returned is on disk: a printed
  token is never issued again after a power cut (NORMAL would be faster but
  can lose the last commits in WAL mode);
* a busy timeout, so processes writing at the same moment wait their turn
  instead of failing with "database is locked";
* foreign keys on.

The schema version lives in ``PRAGMA user_version``; each entry of
``MIGRATION_SCRIPTS`` upgrades one version to the next, in place, in one transaction.
"""

import logging
import sqlite3
import time
from pathlib import Path

from kiosk.errors import DatabaseError
from kiosk.sqlite_library import sqlite_utils

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 15.0

# Version 1: the first release's schema. Kept exactly as shipped, so that a
# database made by that release can be upgraded (tests build one from it).
SCHEMA_V1 = """
CREATE TABLE token_sequences (
    day TEXT NOT NULL,
    service TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (day, service)
) WITHOUT ROWID;

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    token TEXT NOT NULL,
    number INTEGER NOT NULL,
    service TEXT NOT NULL,
    priority TEXT NOT NULL,
    state TEXT NOT NULL,
    issued_at REAL NOT NULL,
    called_at REAL,
    serving_at REAL,
    finished_at REAL,
    counter INTEGER,
    recalls INTEGER NOT NULL DEFAULT 0,
    UNIQUE (day, token)
);
CREATE INDEX tickets_waiting ON tickets (service, issued_at) WHERE state = 'waiting';
CREATE INDEX tickets_at_counter ON tickets (counter)
    WHERE state IN ('called', 'serving');

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets (id),
    counter INTEGER,
    actor TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX events_ticket ON events (ticket_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    ticket_id INTEGER UNIQUE REFERENCES tickets (id),
    service TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at REAL NOT NULL,
    updated_at REAL NOT NULL
);

CREATE TABLE case_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    status TEXT NOT NULL,
    note TEXT,
    at REAL NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX case_history_case ON case_history (case_id);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    counter INTEGER,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    tags TEXT,
    comment TEXT,
    at REAL NOT NULL
);
"""

# Version 2: keep what the visitor was told at issue time (to measure how honest
# the estimates are), let counters pause, and index finished tickets so the
# recent average service time stays cheap however long the history grows.
SCHEMA_V2 = """
ALTER TABLE tickets ADD COLUMN people_ahead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN estimated_wait_minutes INTEGER;
CREATE TABLE counter_state (
    counter INTEGER PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
);
CREATE INDEX tickets_done_recent ON tickets (service, finished_at)
    WHERE state = 'done';
CREATE INDEX events_at ON events (at);
"""

# Version 3: complaints registered at the kiosk. Personal data lives only in
# this table, so a purge can erase it while statistics (tickets, cases, events)
# survive; purged_at records when that happened.
SCHEMA_V3 = """
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    category TEXT NOT NULL,
    gender_desk INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    relation_name TEXT,
    cnic TEXT,
    mobile TEXT,
    description TEXT,
    created_at REAL NOT NULL,
    purged_at REAL
);
"""

# Version 4: staff PINs (counter log-in, kiosk maintenance) as slow scrypt
# hashes, with the failure count that rate-limits guessing across processes.
SCHEMA_V4 = """
CREATE TABLE staff_pins (
    role TEXT PRIMARY KEY,
    pin_hash BLOB NOT NULL,
    salt BLOB NOT NULL,
    cost INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
);
"""

# Version 5: the wait estimate counts each service's arrivals of the last hour;
# this index keeps that a short range scan however busy the day.
SCHEMA_V5 = """
CREATE INDEX tickets_issued_at ON tickets (issued_at);
"""

# Version 6: reports join feedback to tickets and look for overdue open cases;
# without these they scan every rating and every case ever recorded.
SCHEMA_V6 = """
CREATE INDEX feedback_ticket ON feedback (ticket_id);
CREATE INDEX cases_open ON cases (opened_at) WHERE status != 'closed';
"""

# MIGRATION_SCRIPTS[n] upgrades version n to n + 1. Only ever append.
MIGRATION_SCRIPTS = (
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4,
    SCHEMA_V5,
    SCHEMA_V6,
)
LATEST_VERSION = len(MIGRATION_SCRIPTS)


def connect(path: Path, target_version: int = LATEST_VERSION) -> sqlite_utils.Database:
    """Open (creating if needed) the queue database at ``path``, migrated.

    ``target_version`` exists for tests that build an old database.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        _apply_pragmas(conn)
        migrate(conn, target_version)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            f"cannot open the queue database {path}: {error}. Check the path in "
            "kiosk.ini [database] and that the disk is writable."
        ) from error
    except OSError as error:
        raise DatabaseError(
            f"cannot create the folder of the queue database {path}: {error}"
        ) from error
    return sqlite_utils.Database(conn)


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    mode = _switch_to_wal(conn)
    if mode.lower() != "wal":
        log.warning("queue database did not switch to WAL (journal_mode=%s)", mode)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """Set the WAL journal mode; return the mode the file is in.

    Switching a new file to WAL takes a lock SQLite does not wait for (the busy
    timeout does not apply), so processes creating the database together retry
    here, for up to the busy timeout, instead of failing "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version recorded in the database file."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target_version: int = LATEST_VERSION) -> None:
    """Upgrade the schema step by step up to ``target_version``, in place."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise DatabaseError(
            f"the queue database has schema version {current}, newer than this "
            f"release understands ({LATEST_VERSION}); install the newer release"
        )

    while current < target_version:
        # BEGIN IMMEDIATE: two processes starting at once must not both migrate.
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = schema_version(conn)
            if current < target_version:
                _run_migration_script(conn, current)
                current += 1
                conn.execute(f"PRAGMA user_version = {current}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("queue database now at schema version %d", current)


def _run_migration_script(conn: sqlite3.Connection, from_version: int) -> None:
    # executescript() would COMMIT our open transaction first, so statements are
    # run one by one with execute() inside it.
    for statement in _split_statements(MIGRATION_SCRIPTS[from_version]):
        conn.execute(statement)


def _split_statements(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [statement for statement in statements if statement]
