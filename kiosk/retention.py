"""Erase personal data a set number of days after its case closes.

Personal data lives in two places only: the ``complaints`` row of a case (name,
father's or husband's name, CNIC, mobile, the complaint's text) and the free
text a visitor may add to feedback (``feedback.comment``). A purge:

1. blanks those columns of complaints whose case was closed more than ``days``
   days ago (``cases.updated_at`` is the moment of the last status change, so
   for a closed case it is when it closed), and of feedback older than
   ``days``; the rows stay, with their category, dates and ratings, so every
   statistic survives;
2. records ``purged_at`` and a ``personal_data_purged`` event with the counts;
3. rewrites the file so the erased text is gone from the disk too:
   ``secure_delete`` zeroes freed space, a checkpoint empties the WAL, VACUUM
   rebuilds the file without free pages, and a last checkpoint truncates the
   WAL to nothing.

Cases still open keep their complaint's data however old they are, and case
notes written by staff are not touched. Backups keep what they hold until they
rotate out (see :mod:`kiosk.backup`).
"""

import json
import logging
import sqlite3
from dataclasses import dataclass

from kiosk.errors import DatabaseError, InvalidInputError
from kiosk.models import CaseStatus
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

PERSONAL_COLUMNS = ("name", "relation_name", "cnic", "mobile", "description")
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class PurgeResult:
    """What a purge erased, up to when, and whether the file was compacted."""

    days: int
    cutoff: float
    complaints: int
    feedback_comments: int
    compacted: bool
    wal_emptied: bool


def purge_personal_data(
    store: QueueStore, days: int, dry_run: bool = False, actor: str = "purge"
) -> PurgeResult:
    """Erase personal data older than ``days`` (see the module's description).

    With ``dry_run`` nothing changes; the counts say what would be erased.
    """
    if days < 0:
        raise InvalidInputError(f"days must be 0 or more, not {days}")
    cutoff = store.clock() - days * SECONDS_PER_DAY
    complaints, comments = _due(store, cutoff)
    if dry_run or not (complaints or comments):
        return PurgeResult(days, cutoff, len(complaints), len(comments), False, False)

    _erase(store, complaints, comments, actor, days)
    wal_emptied = compact(store.db.conn)
    log.info(
        "personal data erased from %d complaint(s) and %d feedback comment(s) "
        "older than %d days",
        len(complaints),
        len(comments),
        days,
    )
    return PurgeResult(days, cutoff, len(complaints), len(comments), True, wal_emptied)


def _due(store: QueueStore, cutoff: float) -> tuple[list[int], list[int]]:
    """Return the ids of complaints and feedback whose personal data is due."""
    complaints = [
        row[0]
        for row in store.db.execute(
            "SELECT complaints.id FROM complaints JOIN cases "
            "ON cases.id = complaints.case_id WHERE complaints.purged_at IS NULL "
            "AND cases.status = ? AND cases.updated_at < ?",
            [CaseStatus.CLOSED.value, cutoff],
        )
    ]
    comments = [
        row[0]
        for row in store.db.execute(
            "SELECT id FROM feedback WHERE comment IS NOT NULL AND at < ?", [cutoff]
        )
    ]
    return complaints, comments


def _erase(
    store: QueueStore,
    complaints: list[int],
    comments: list[int],
    actor: str,
    days: int,
) -> None:
    conn = store.db.conn
    conn.execute("PRAGMA secure_delete = ON")
    blank = ", ".join(f"{column} = NULL" for column in PERSONAL_COLUMNS)
    # The connection's context manager commits on success, rolls back on error.
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        now = store.clock()
        conn.executemany(
            f"UPDATE complaints SET {blank}, purged_at = ? WHERE id = ?",
            [(now, complaint_id) for complaint_id in complaints],
        )
        conn.executemany(
            "UPDATE feedback SET comment = NULL WHERE id = ?",
            [(feedback_id,) for feedback_id in comments],
        )
        detail = {
            "complaints": len(complaints),
            "feedback_comments": len(comments),
            "days": days,
        }
        conn.execute(
            "INSERT INTO events (at, kind, ticket_id, counter, actor, detail) "
            "VALUES (?, 'personal_data_purged', NULL, NULL, ?, ?)",
            [now, actor, json.dumps(detail, sort_keys=True)],
        )


def compact(conn: sqlite3.Connection) -> bool:
    """Empty the WAL, VACUUM, and truncate the WAL; return whether it emptied.

    Another program holding a read snapshot (the board between two reads) can
    keep old pages in the WAL a moment longer; then this returns False and the
    next checkpoint of any program finishes the job.
    """
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        raise DatabaseError(
            f"the purge erased the data but could not compact the database: "
            f"{error}; run 'kiosk-admin purge' again when the hall is quiet"
        ) from error
    if busy:
        log.warning("WAL not emptied after the purge: another program is reading")
    return not busy
