"""Tests of the daily rollover: past days' open tickets end as not served."""

import json

from kiosk.rollover import roll_over
from kiosk.store import QueueStore


def _leave_open_tickets(store: QueueStore) -> dict[str, str]:
    """Issue four tickets and leave them waiting, called, serving and done."""
    tokens = [
        store.issue("character_certificate").ticket.token,
        store.issue("character_certificate").ticket.token,
        store.issue("character_certificate").ticket.token,
        store.issue("vehicle_verification").ticket.token,
    ]
    store.call_next(1)
    store.serve(tokens[0])
    store.call_next(2)
    store.call_next(4)
    store.serve(tokens[3])
    store.complete(tokens[3])
    return dict(zip(("serving", "called", "waiting", "done"), tokens, strict=True))


def test_rollover_closes_yesterdays_open_tickets_with_an_event(store, clock):
    tokens = _leave_open_tickets(store)
    yesterday = store.today()
    clock.advance(minutes=24 * 60)

    result = roll_over(store)

    assert result.closed == 3
    assert result.days == (yesterday,)
    assert result.by_state == {"waiting": 1, "called": 1, "serving": 1}
    for state, token in tokens.items():
        ticket = store.ticket_by_token(token, yesterday)
        assert ticket.state.value == ("done" if state == "done" else "not_served")
    closing = [e for e in store.events() if e["kind"] == "close_unserved"]
    assert len(closing) == 3
    assert {json.loads(e["detail"])["from"] for e in closing} == set(result.by_state)
    assert all(e["at"] == clock.now and e["actor"] == "rollover" for e in closing)


def test_rollover_leaves_today_alone_and_is_idempotent(store, clock):
    _leave_open_tickets(store)

    assert roll_over(store).closed == 0

    clock.advance(minutes=3 * 24 * 60)
    assert roll_over(store).closed == 3
    assert roll_over(store).closed == 0


def test_numbering_restarts_the_next_day(store, clock):
    _leave_open_tickets(store)
    clock.advance(minutes=24 * 60)
    roll_over(store)

    assert store.issue("character_certificate").ticket.token == "C-001"


def test_rollover_after_days_of_downtime_closes_every_past_day(store, clock):
    store.issue("fir_copy")
    first = store.today()
    clock.advance(minutes=24 * 60)
    store.issue("fir_copy")
    second = store.today()
    clock.advance(minutes=5 * 24 * 60)

    result = roll_over(store)

    assert result.days == (first, second)
    assert result.closed == 2
    stats = {row["service"]: row for row in store.stats(first)}
    assert stats["fir_copy"]["waiting"] == 0
