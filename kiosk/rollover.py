"""The daily rollover: tickets of past days still open are closed as not served.

A visitor who took a ticket and was never served (the hall closed first, a
counter never called them) leaves a ticket in ``waiting``, ``called`` or
``serving``. Each morning (or at any later run, after days of downtime) every
such ticket of a day before today moves to ``not_served`` with a
``close_unserved`` event, so the figures of that day are final. Token numbering
needs no reset: numbers already count per local day (``token_sequences``).

The transition rule is :data:`kiosk.queue_rules.ALLOWED_TRANSITIONS`
(``close_unserved``); the UPDATE keeps the same state guard and event shape as
:class:`~kiosk.store.QueueStore`.
"""

import json
import logging
from dataclasses import dataclass

from kiosk import queue_rules
from kiosk.models import TicketState
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

ACTION = "close_unserved"
OPEN_STATES = tuple(
    sorted(state.value for state in queue_rules.ALLOWED_TRANSITIONS[ACTION][0])
)


@dataclass(frozen=True)
class RolloverResult:
    """What a rollover closed: how many tickets, of which days, from which states."""

    today: str
    closed: int
    days: tuple[str, ...]
    by_state: dict[str, int]


def roll_over(store: QueueStore, actor: str = "rollover") -> RolloverResult:
    """Close every open ticket of a day before today as not served, in one go.

    Runs in one immediate transaction; running it twice closes nothing the
    second time.
    """
    today = store.today()
    marks = ", ".join("?" for _ in OPEN_STATES)
    # The connection's context manager commits on success, rolls back on error.
    with store.db.conn:
        store.db.execute("BEGIN IMMEDIATE")
        now = store.clock()
        rows = store.db.execute(
            f"SELECT id, day, token, state, counter FROM tickets "
            f"WHERE day < ? AND state IN ({marks}) ORDER BY day, id",
            [today, *OPEN_STATES],
        ).fetchall()
        for ticket_id, day, token, state, counter in rows:
            _close_one(store, now, actor, ticket_id, day, token, state, counter)

    result = _summarise(today, rows)
    if result.closed:
        log.info(
            "rollover closed %d ticket(s) of %s as not served",
            result.closed,
            ", ".join(result.days),
        )
    return result


def _close_one(
    store: QueueStore,
    now: float,
    actor: str,
    ticket_id: int,
    day: str,
    token: str,
    state: str,
    counter: int | None,
) -> None:
    target = queue_rules.next_state(ACTION, token, TicketState(state))
    store.db.execute(
        "UPDATE tickets SET state = ?, finished_at = ? WHERE id = ? AND state = ?",
        [target.value, now, ticket_id, state],
    )
    detail = json.dumps({"day": day, "from": state}, sort_keys=True)
    store.db.execute(
        "INSERT INTO events (at, kind, ticket_id, counter, actor, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [now, ACTION, ticket_id, counter, actor, detail],
    )


def _summarise(today: str, rows: list[tuple]) -> RolloverResult:
    by_state: dict[str, int] = {}
    for row in rows:
        by_state[row[3]] = by_state.get(row[3], 0) + 1
    days = tuple(sorted({row[1] for row in rows}))
    return RolloverResult(today, len(rows), days, by_state)
