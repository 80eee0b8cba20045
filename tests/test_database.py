"""The database file: durable settings, and upgrading an old release's file."""

import sqlite3

import pytest

from kiosk.database import LATEST_VERSION, connect, schema_version
from kiosk.errors import DatabaseError
from kiosk.store import QueueStore


def test_new_database_is_durable_and_current(tmp_path):
    db = connect(tmp_path / "queue.sqlite3")
    pragma = lambda name: db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert schema_version(db.conn) == LATEST_VERSION


def test_first_schema_database_is_upgraded_in_place(config, clock):
    """Build a database exactly as release 1 left it, then open it with this one."""
    old = connect(config.database_path, target_version=1)
    assert schema_version(old.conn) == 1
    assert "people_ahead" not in old["tickets"].columns_dict
    old.execute(
        "INSERT INTO tickets (day, token, number, service, priority, state, issued_at)"
        " VALUES ('2025-12-03', 'C-001', 1, 'character_certificate', 'normal',"
        " 'waiting', ?)",
        [clock()],
    )
    old.execute(
        "INSERT INTO token_sequences VALUES ('2025-12-03', 'character_certificate', 1)"
    )
    old.conn.close()

    store = QueueStore(config, clock=clock)
    assert schema_version(store.db.conn) == LATEST_VERSION
    assert store.ticket_by_token("C-001").people_ahead == 0
    assert store.issue("character_certificate").ticket.token == "C-002"
    assert store.call_next(1).token == "C-001"
    assert store.db["counter_state"].exists()
    store.close()


def test_database_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "queue.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer than this release"):
        connect(path)


def test_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "queue.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="cannot open the queue database"):
        connect(path)
