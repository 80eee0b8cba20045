"""Follow the queue database live for the hall board, without Kivy.

:class:`CallFeed` keeps its own SQLite connection and asks ``PRAGMA
data_version`` on each poll: the number changes only when another connection
committed, so an idle board costs one cheap pragma per poll and reads tables
only after a change. Calls and recalls come from the ``events`` table by id, so
each is reported once, in order, however many arrive between two polls.

The feed recovers by itself: when the database file is replaced (its inode
changes, e.g. restored from a backup) or a read fails (a disk hiccup), it
closes its connection and opens the file again on a later poll.
:class:`FeedWatcher` runs the polls on a thread and hands each change to a
callback; the board crosses back to its UI thread there.
"""

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from kiosk.config import KioskConfig
from kiosk.models import Priority

log = logging.getLogger(__name__)

CallKind = Literal["called", "recall"]
REOPEN_DELAY_SECONDS = 1.0
# Even with no commit, read again this often: the day changes at midnight.
REFRESH_SECONDS = 60.0
# How often (in polls) the file's identity is compared with the open one.
IDENTITY_CHECK_POLLS = 10


def centre_today(config: KioskConfig) -> Callable[[], str]:
    """Return a function giving the centre's local date, the day tokens count in."""
    zone = config.centre.timezone

    def today() -> str:
        return datetime.fromtimestamp(time.time(), zone).date().isoformat()

    return today


@dataclass(frozen=True)
class CallNotice:
    """One call or recall of a ticket to a counter, as the board shows it."""

    event_id: int
    kind: CallKind
    token: str
    service: str
    priority: Priority
    counter: int
    at: float


@dataclass(frozen=True)
class FeedUpdate:
    """What changed since the last update.

    ``new_calls`` are oldest first and each is reported once; ``recent`` is the
    board's list, newest first, one entry per ticket; ``fresh`` marks new calls
    recent enough to flash and announce (not ones found after a long outage).
    ``read_at`` is the wall-clock time the read finished (for latency reports).
    """

    new_calls: tuple[CallNotice, ...]
    recent: tuple[CallNotice, ...]
    waiting: dict[str, int]
    paused: frozenset[int]
    fresh: tuple[CallNotice, ...] = field(default=())
    read_at: float = 0.0


class CallFeed:
    """Poll the queue database for new calls, recent calls and waiting counts.

    ``today`` returns the centre's local date (tickets count per day);
    ``counters`` limits the feed to those counters (None: all). Not thread-safe:
    one thread polls.
    """

    def __init__(
        self,
        database_path: Path,
        today: Callable[[], str],
        counters: tuple[int, ...] | None = None,
        recent_limit: int = 8,
        stale_seconds: float = 120.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.database_path = Path(database_path)
        self.today = today
        self.counters = tuple(counters) if counters else None
        self.recent_limit = recent_limit
        self.stale_seconds = stale_seconds
        self.clock = clock
        self.reopens = 0
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._data_version: int | None = None
        self._last_event_id: int | None = None
        self._polls = 0
        self._next_open_at = 0.0
        self._last_read_at = 0.0

    @property
    def healthy(self) -> bool:
        """Return whether the feed has an open, working connection."""
        return self._conn is not None

    def close(self) -> None:
        """Close the feed's connection."""
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def poll(self) -> FeedUpdate | None:
        """Return an update when the database changed since the last poll, else None.

        Never raises for database trouble: it logs, closes and reopens later.
        """
        try:
            if not self._ensure_open():
                return None
            if not self._changed():
                return None
            return self._read()
        except (sqlite3.Error, OSError) as error:
            log.warning("board feed lost the queue database (%s); reopening", error)
            self._drop()
            return None

    # -- connection -------------------------------------------------------

    def _ensure_open(self) -> bool:
        self._polls += 1
        if self._conn is not None:
            if self._polls % IDENTITY_CHECK_POLLS == 0 and self._file_replaced():
                log.warning(
                    "queue database %s was replaced; reopening", self.database_path
                )
                self._drop()
            else:
                return True
        now = self.clock()
        if now < self._next_open_at:
            return False
        return self._open()

    def _open(self) -> bool:
        if not self.database_path.exists():
            self._next_open_at = self.clock() + REOPEN_DELAY_SECONDS
            return False
        conn = sqlite3.connect(
            self.database_path,
            timeout=5.0,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("SELECT count(*) FROM events").fetchone()
        except sqlite3.Error:
            conn.close()
            self._next_open_at = self.clock() + REOPEN_DELAY_SECONDS
            raise
        self._conn = conn
        self._identity = self._file_identity()
        self._data_version = None
        if self._last_event_id is not None:
            self.reopens += 1
        log.info("board feed following %s", self.database_path)
        return True

    def _drop(self) -> None:
        self.close()
        self._data_version = None
        self._next_open_at = self.clock() + REOPEN_DELAY_SECONDS

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            status = os.stat(self.database_path)
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def _file_replaced(self) -> bool:
        return self._file_identity() != self._identity

    def _changed(self) -> bool:
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        stale = self.clock() - self._last_read_at > REFRESH_SECONDS
        if version == self._data_version and not stale:
            return False
        self._data_version = version
        return True

    # -- reading ----------------------------------------------------------

    def _read(self) -> FeedUpdate:
        self._last_read_at = self.clock()
        self._conn.execute("BEGIN")
        try:
            new_calls = self._new_calls()
            update = FeedUpdate(
                new_calls=new_calls,
                recent=self._recent(),
                waiting=self._waiting(),
                paused=self._paused(),
                fresh=tuple(
                    call
                    for call in new_calls
                    if self.clock() - call.at <= self.stale_seconds
                ),
                read_at=time.time(),
            )
        finally:
            self._conn.execute("COMMIT")
        return update

    def _new_calls(self) -> tuple[CallNotice, ...]:
        highest = self._conn.execute(
            "SELECT coalesce(max(id), 0) FROM events"
        ).fetchone()[0]
        if self._last_event_id is None or highest < self._last_event_id:
            # First read, or a replaced file with a shorter history: start from now.
            self._last_event_id = highest
            return ()
        rows = self._conn.execute(
            f"{CALL_QUERY} AND events.id > ? ORDER BY events.id",
            [self._last_event_id],
        ).fetchall()
        self._last_event_id = highest
        return tuple(call for call in map(_notice, rows) if self._shows(call.counter))

    def _recent(self) -> tuple[CallNotice, ...]:
        rows = self._conn.execute(
            f"{CALL_QUERY} AND tickets.day = ? ORDER BY events.id DESC LIMIT ?",
            [self.today(), self.recent_limit * 8 + 50],
        ).fetchall()
        recent, seen = [], set()
        for call in map(_notice, rows):
            if call.token in seen or not self._shows(call.counter):
                continue
            seen.add(call.token)
            recent.append(call)
            if len(recent) == self.recent_limit:
                break
        return tuple(recent)

    def _waiting(self) -> dict[str, int]:
        rows = self._conn.execute(
            "SELECT service, count(*) FROM tickets WHERE state = 'waiting' AND day = ? "
            "GROUP BY service",
            [self.today()],
        )
        return dict(rows.fetchall())

    def _paused(self) -> frozenset[int]:
        rows = self._conn.execute("SELECT counter FROM counter_state WHERE paused = 1")
        return frozenset(row[0] for row in rows)

    def _shows(self, counter: int | None) -> bool:
        return counter is not None and (
            self.counters is None or counter in self.counters
        )


CALL_QUERY = (
    "SELECT events.id, events.kind, tickets.token, tickets.service, "
    "tickets.priority, events.counter, events.at FROM events "
    "JOIN tickets ON tickets.id = events.ticket_id "
    "WHERE events.kind IN ('called', 'recall')"
)


def _notice(row: tuple) -> CallNotice:
    event_id, kind, token, service, priority, counter, at = row
    return CallNotice(event_id, kind, token, service, Priority(priority), counter, at)


class FeedWatcher:
    """Poll a :class:`CallFeed` on a daemon thread; pass each update to a callback.

    The callback runs on the watcher's thread; a Kivy app hands it on with
    ``Clock.schedule_once``. A callback that raises is logged and the watching
    goes on.
    """

    def __init__(
        self,
        feed: CallFeed,
        on_update: Callable[[FeedUpdate], None],
        interval: float = 0.05,
    ) -> None:
        self.feed = feed
        self.on_update = on_update
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="board-feed", daemon=True
        )

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop polling and close the feed."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self.feed.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            update = self.feed.poll()
            if update is not None:
                self._deliver(update)
            self._stop.wait(self.interval)

    def _deliver(self, update: FeedUpdate) -> None:
        try:
            self.on_update(update)
        except Exception:
            log.exception("board feed callback failed; the feed goes on")
