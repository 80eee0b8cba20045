"""Daily backups of the queue database with SQLite's online backup API.

The live file is never copied byte for byte: a copy taken while the kiosk
writes can be torn, and the WAL file beside it holds the newest commits. The
backup API copies a consistent snapshot page by page while the other programs
keep working (WAL readers never block writers). Each copy is:

1. written under a temporary name in the backup folder,
2. switched to a rollback journal, so it is one self-contained file,
3. checked with ``PRAGMA integrity_check``, then flushed to disk,
4. renamed to ``queue-YYYY-MM-DD.sqlite3`` (a second run the same day replaces
   that day's copy),

and then the oldest copies beyond ``keep`` are deleted. Backups hold personal
data (complaints) until they rotate out: a purge reaches them after ``keep``
days at most.
"""

import contextlib
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.ops_errors import BackupError

log = logging.getLogger(__name__)

BACKUP_NAME = re.compile(r"^queue-(\d{4}-\d{2}-\d{2})\.sqlite3$")


@dataclass(frozen=True)
class BackupResult:
    """Where a backup went, how big it is, and which old copies were deleted."""

    path: Path
    size_bytes: int
    seconds: float
    kept: tuple[Path, ...]
    removed: tuple[Path, ...]


def backup_database(
    source: sqlite3.Connection, folder: Path, day: str, keep: int = 14
) -> BackupResult:
    """Back up the database open on ``source`` into ``folder`` as ``day``'s copy.

    Raises BackupError when the folder cannot be written or the copy fails its
    integrity check; the previous copies are then left as they were.
    """
    if keep < 1:
        raise BackupError(f"keep must be at least 1 copy, not {keep}")
    began = time.perf_counter()
    target = folder / f"queue-{day}.sqlite3"
    partial = folder / f".queue-{day}.sqlite3.partial"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _copy(source, partial)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(folder)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(
            f"cannot write the backup {target}: {error}; check that the backup "
            "folder exists on a mounted, writable disk with free space"
        ) from error

    kept, removed = rotate(folder, keep)
    result = BackupResult(
        target, target.stat().st_size, time.perf_counter() - began, kept, removed
    )
    log.info(
        "backup written to %s (%d bytes, %.1f s); %d kept, %d removed",
        target,
        result.size_bytes,
        result.seconds,
        len(kept),
        len(removed),
    )
    return result


def _copy(source: sqlite3.Connection, partial: Path) -> None:
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        os.chmod(partial, 0o600)
        # One step: a read snapshot, which in WAL mode never blocks writers.
        # Copying in several steps would restart whenever another program
        # commits between them, and a busy hall commits every few seconds.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = _integrity_problems(copy)
    finally:
        copy.close()
    if problems:
        raise BackupError(
            f"the backup copy failed its integrity check ({problems[0]}); the live "
            "database may be damaged: run 'PRAGMA integrity_check' on it"
        )


def verify_backup(path: Path) -> list[str]:
    """Return the integrity problems of a backup file (empty when it is sound)."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _integrity_problems(copy)
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        copy.close()


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def rotate(folder: Path, keep: int) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Delete all but the newest ``keep`` daily copies; return (kept, removed).

    Only files named like ``queue-YYYY-MM-DD.sqlite3`` are touched.
    """
    copies = sorted(
        (path for path in folder.iterdir() if BACKUP_NAME.match(path.name)),
        key=lambda path: path.name,
        reverse=True,
    )
    kept, removed = copies[:keep], copies[keep:]
    for path in removed:
        path.unlink()
        log.info("old backup %s removed (keeping %d)", path.name, keep)
    return tuple(kept), tuple(removed)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
