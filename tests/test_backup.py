"""Tests of backups: a consistent, checked copy while the queue is in use; rotation."""

import sqlite3
from pathlib import Path

import pytest

from kiosk.backup import backup_database, rotate, verify_backup
from kiosk.ops_errors import BackupError
from kiosk.store import QueueStore


def _tickets_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_a_checked_single_file_copy(store: QueueStore, tmp_path):
    for _ in range(3):
        store.issue("character_certificate")

    result = backup_database(store.db.conn, tmp_path / "backups", "2025-12-03")

    assert result.path == tmp_path / "backups" / "queue-2025-12-03.sqlite3"
    assert _tickets_in(result.path) == 3
    assert verify_backup(result.path) == []
    assert not Path(f"{result.path}-wal").exists()
    assert result.path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]


def test_backup_sees_committed_data_while_another_writer_is_busy(
    store: QueueStore, config, tmp_path
):
    store.issue("fir_copy")
    writer = sqlite3.connect(config.database_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM tickets")

    result = backup_database(store.db.conn, tmp_path, "2025-12-03")
    writer.execute("ROLLBACK")
    writer.close()

    assert _tickets_in(result.path) == 1


def test_rotation_keeps_the_newest_daily_copies(store: QueueStore, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    for day in ("2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04"):
        result = backup_database(store.db.conn, folder, day, keep=2)

    assert [p.name for p in result.removed] == ["queue-2025-12-02.sqlite3"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt",
        "queue-2025-12-03.sqlite3",
        "queue-2025-12-04.sqlite3",
    ]


def test_a_second_backup_the_same_day_replaces_that_days_copy(store, tmp_path):
    backup_database(store.db.conn, tmp_path / "b", "2025-12-03")
    store.issue("fir_copy")

    result = backup_database(store.db.conn, tmp_path / "b", "2025-12-03")

    assert _tickets_in(result.path) == 1
    assert len(result.kept) == 1


def test_unwritable_folder_is_reported(store, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")

    with pytest.raises(BackupError, match="cannot write the backup .*not-a-folder"):
        backup_database(store.db.conn, blocker / "backups", "2025-12-03")


def test_verify_finds_a_damaged_copy(store, tmp_path):
    copy = backup_database(store.db.conn, tmp_path / "b", "2025-12-03").path
    data = bytearray(copy.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    copy.write_bytes(bytes(data))

    assert verify_backup(copy) != []


@pytest.mark.parametrize("keep", [0, -3])
def test_keep_must_be_positive(store, tmp_path, keep):
    with pytest.raises(BackupError, match=f"keep must be at least 1 copy, not {keep}"):
        backup_database(store.db.conn, tmp_path, "2025-12-03", keep=keep)


def test_rotate_ignores_other_names(tmp_path):
    (tmp_path / "queue-latest.sqlite3").write_text("")

    assert rotate(tmp_path, 1) == ((), ())
