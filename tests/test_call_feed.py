"""The board's live feed: calls once each, waiting counts, recovery by itself."""

import shutil
import sqlite3

import pytest

from display_board.call_feed import CallFeed, FeedWatcher
from kiosk.models import Priority
from kiosk.store import QueueStore


@pytest.fixture
def feed(store: QueueStore, clock) -> CallFeed:
    """A feed on the store's database, primed past its first read."""
    watcher = CallFeed(store.config.database_path, store.today, clock=clock)
    assert watcher.poll() is not None
    yield watcher
    watcher.close()


def test_idle_database_reads_nothing(feed: CallFeed) -> None:
    assert feed.poll() is None
    assert feed.poll() is None


def test_call_is_reported_once_with_waiting_counts(
    feed: CallFeed, store: QueueStore
) -> None:
    store.issue("character_certificate")
    store.issue("character_certificate", priority=Priority.SENIOR)
    called = store.call_next(1)

    update = feed.poll()

    assert [(c.kind, c.token, c.counter) for c in update.new_calls] == [
        ("called", called.token, 1)
    ]
    assert update.fresh == update.new_calls
    assert update.waiting == {"character_certificate": 1}
    assert update.recent[0].token == called.token
    assert feed.poll() is None


def test_recall_is_reported_again(feed: CallFeed, store: QueueStore) -> None:
    ticket = store.issue("fir_copy").ticket
    store.call_next(2)
    feed.poll()

    store.recall(ticket.token)
    update = feed.poll()

    assert [(c.kind, c.token) for c in update.new_calls] == [("recall", ticket.token)]
    assert [c.token for c in update.recent] == [ticket.token]


def test_calls_between_polls_come_in_order(feed: CallFeed, store: QueueStore) -> None:
    for _ in range(3):
        store.issue("vehicle_verification")
    tokens = []
    for counter in (4, 4, 4):
        tokens.append(store.call_next(counter).token)
        store.no_show(tokens[-1])

    update = feed.poll()

    assert [c.token for c in update.new_calls] == tokens
    assert [c.token for c in update.recent] == tokens[::-1]


def test_board_for_some_counters_sees_only_theirs(store: QueueStore, clock) -> None:
    gender_board = CallFeed(store.config.database_path, store.today, (6,), clock=clock)
    gender_board.poll()
    store.issue("character_certificate")
    store.issue("women_children")
    store.call_next(1)
    women = store.call_next(6)

    update = gender_board.poll()

    assert [c.token for c in update.new_calls] == [women.token]
    gender_board.close()


def test_calls_older_than_the_stale_bound_are_not_fresh(
    feed: CallFeed, store: QueueStore, clock
) -> None:
    store.issue("fir_copy")
    store.call_next(2)
    clock.advance(minutes=10)

    update = feed.poll()

    assert len(update.new_calls) == 1 and update.fresh == ()


def test_replaced_database_file_is_reopened(
    feed: CallFeed, store: QueueStore, clock, tmp_path
) -> None:
    path = store.config.database_path
    store.issue("fir_copy")
    store.issue("fir_copy")
    store.call_next(2)
    feed.poll()
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(backup) as copy:
        store.db.conn.backup(copy)
    store.close()

    shutil.copy(backup, tmp_path / "incoming.sqlite3")
    (tmp_path / "incoming.sqlite3").replace(path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    for _ in range(12):
        feed.poll()
    clock.advance(seconds=2)
    feed.poll()
    after = QueueStore(store.config, clock=clock)
    ticket = after.current_ticket(2)
    after.no_show(ticket.token)
    called = after.call_next(2)

    update = feed.poll()

    assert feed.reopens == 1
    assert [c.token for c in update.new_calls] == [called.token]
    after.close()


def test_broken_connection_recovers_after_a_delay(
    feed: CallFeed, store: QueueStore, clock
) -> None:
    feed._conn.close()  # a disk hiccup, as the feed sees it

    assert feed.poll() is None and not feed.healthy
    assert feed.poll() is None
    clock.advance(seconds=2)
    store.issue("fir_copy")
    called = store.call_next(2)
    update = feed.poll()

    assert feed.healthy
    assert [c.token for c in update.new_calls] == [called.token]


def test_watcher_delivers_updates_on_its_thread(store: QueueStore) -> None:
    import threading

    got = threading.Event()
    updates = []

    def receive(update) -> None:
        updates.append(update)
        if update.new_calls:
            got.set()

    feed = CallFeed(store.config.database_path, store.today)
    watcher = FeedWatcher(feed, receive, interval=0.01)
    watcher.start()
    store.issue("fir_copy")
    while not updates:
        threading.Event().wait(0.01)
    store.call_next(2)

    assert got.wait(5)
    watcher.stop()
