"""The queue store: numbering, calling order, lifecycle, estimates, cases, events."""

import math
from datetime import datetime

import pytest

from kiosk.errors import (
    CentreClosedError,
    IllegalTransitionError,
    InvalidInputError,
    InvalidTrackingCodeError,
    QueueEmptyError,
    UnknownCaseError,
    UnknownCounterError,
    UnknownServiceError,
    UnknownTicketError,
)
from kiosk.models import CaseStatus, Priority, TicketState
from kiosk.store import QueueStore
from tests.conftest import KARACHI

CC = "character_certificate"
PV = "police_verification"


def issue_many(store: QueueStore, service: str, count: int, clock=None) -> list[str]:
    tokens = []
    for _ in range(count):
        tokens.append(store.issue(service).ticket.token)
        if clock is not None:
            clock.advance(seconds=30)
    return tokens


# -- numbering -----------------------------------------------------------------


def test_tokens_count_per_service_per_day(store):
    assert issue_many(store, CC, 3) == ["C-001", "C-002", "C-003"]
    assert store.issue(PV).ticket.token == "V-001"


def test_numbering_restarts_on_the_next_local_day(store, clock):
    issue_many(store, CC, 2)
    clock.set(datetime(2025, 12, 4, 9, 0, tzinfo=KARACHI))
    assert store.issue(CC).ticket.token == "C-001"
    assert store.ticket_by_token("C-002", "2025-12-03").state is TicketState.WAITING


def test_day_follows_karachi_not_utc(store, clock):
    # 09:00 in Karachi is 04:00 UTC: still the same calendar day in both, but
    # 00:30 Karachi on the 4th is the 3rd in UTC. The token day is Karachi's.
    clock.set(datetime(2025, 12, 4, 0, 30, tzinfo=KARACHI))
    issued = store.issue(CC, ignore_hours=True)
    assert issued.ticket.day == "2025-12-04"


def test_closed_centre_issues_nothing(store, clock):
    clock.set(datetime(2025, 12, 7, 11, 0, tzinfo=KARACHI))  # Sunday
    with pytest.raises(CentreClosedError, match="opens Monday 09:00"):
        store.issue(CC)
    assert store.waiting_tickets() == []


def test_unknown_service_is_refused(store):
    with pytest.raises(UnknownServiceError, match="passport"):
        store.issue("passport")


# -- calling order -----------------------------------------------------------


def test_counter_calls_in_arrival_order_and_by_preference(store, clock):
    pv = store.issue(PV).ticket.token
    clock.advance(minutes=1)
    cc = store.issue(CC).ticket.token
    # Counter 1 prefers character certificates, although V-001 came first.
    assert store.call_next(1).token == cc
    store.serve(cc)
    store.complete(cc)
    assert store.call_next(1).token == pv


def test_priority_ticket_goes_ahead_of_recent_arrivals(store, clock):
    issue_many(store, CC, 3, clock)
    clock.advance(minutes=2)
    senior = store.issue(CC, Priority.SENIOR).ticket.token
    assert store.call_next(2).token == senior


def test_priority_head_start_is_bounded(store, clock):
    """A priority ticket overtakes only tickets issued within the head start."""
    early = store.issue(CC).ticket.token
    clock.advance(minutes=16)  # more than the 15-minute head start
    store.issue(CC, Priority.DISABILITY)
    assert store.call_next(2).token == early


def test_stream_of_priority_tickets_cannot_starve_a_normal_one(store, clock):
    normal = store.issue(CC).ticket.token
    called = []
    for _ in range(40):
        clock.advance(minutes=1)
        store.issue(CC, Priority.SENIOR)
        ticket = store.call_next(2)
        store.serve(ticket.token)
        store.complete(ticket.token)
        called.append(ticket.token)
        if ticket.token == normal:
            break
    assert normal in called
    # Served by the time 15 minutes of later priority arrivals were ahead of it.
    assert len(called) <= 17


def test_long_wait_overrides_counter_preference(store, clock):
    old = store.issue(PV).ticket.token
    clock.advance(minutes=61)
    store.issue(CC)
    assert store.call_next(1).token == old


def test_women_tickets_go_to_the_gender_desk(store, clock):
    woman = store.issue(CC, Priority.WOMEN).ticket.token
    clock.advance(minutes=1)
    man = store.issue(CC).ticket.token
    assert store.call_next(1).token == man
    with pytest.raises(QueueEmptyError):
        store.call_next(2)
    assert store.call_next(6).token == woman


def test_gender_desk_service_is_not_called_elsewhere(store):
    store.issue("women_children")
    with pytest.raises(QueueEmptyError, match="counter 5"):
        store.call_next(5)
    assert store.call_next(6).service == "women_children"


def test_two_counters_never_get_the_same_ticket(store):
    issue_many(store, CC, 2)
    first, second = store.call_next(1), store.call_next(2)
    assert {first.token, second.token} == {"C-001", "C-002"}


def test_counter_must_finish_before_calling_again(store):
    issue_many(store, CC, 2)
    store.call_next(1)
    with pytest.raises(IllegalTransitionError, match="still has ticket C-001"):
        store.call_next(1)


def test_call_specific_token(store):
    issue_many(store, CC, 3)
    assert store.call_token(1, "c3").token == "C-003"
    assert store.current_ticket(1).token == "C-003"


def test_empty_queue_and_unknown_counter(store):
    with pytest.raises(QueueEmptyError):
        store.call_next(1)
    with pytest.raises(UnknownCounterError, match="configured counters: 1, 2"):
        store.call_next(42)


def test_yesterdays_waiting_tickets_are_not_called_today(store, clock):
    store.issue(CC)
    clock.set(datetime(2025, 12, 4, 9, 0, tzinfo=KARACHI))
    with pytest.raises(QueueEmptyError):
        store.call_next(1)


# -- lifecycle -----------------------------------------------------------------


def test_full_lifecycle_records_times_and_events(store, clock):
    token = store.issue(CC).ticket.token
    clock.advance(minutes=5)
    store.call_next(1)
    clock.advance(minutes=1)
    store.serve(token)
    clock.advance(minutes=7)
    done = store.complete(token)
    assert done.state is TicketState.DONE
    assert done.finished_at - done.serving_at == 7 * 60
    kinds = [event["kind"] for event in store.events(done.id)]
    assert kinds == ["issued", "case_opened", "called", "serve", "complete"]


def test_recall_counts_and_works_after_no_show(store):
    token = store.issue(CC).ticket.token
    store.call_next(1)
    assert store.recall(token).recalls == 1
    store.no_show(token)
    recalled = store.recall(token)
    assert (recalled.state, recalled.recalls) == (TicketState.CALLED, 2)


def test_transfer_keeps_token_and_place(store, clock):
    token = store.issue(CC).ticket.token
    clock.advance(minutes=1)
    later = store.issue(PV).ticket.token
    store.call_next(1)
    store.serve(token)
    moved = store.transfer(token, PV)
    assert (moved.token, moved.service, moved.state) == (token, PV, TicketState.WAITING)
    assert moved.counter is None
    assert store.call_next(3).token == token  # it arrived before V-001
    assert later != token


@pytest.mark.parametrize(
    ("steps", "action", "says"),
    [
        ([], "serve", "cannot serve ticket C-001: it is waiting"),
        ([], "complete", "needs a ticket that is serving"),
        ([], "no_show", "cannot no-show"),
        (["call", "serve", "complete"], "cancel", "it is done"),
        (["call", "serve", "complete"], "recall", "cannot recall"),
        (["cancel"], "serve", "it is cancelled"),
    ],
)
def test_illegal_transitions_raise_clear_errors(store, steps, action, says):
    store.issue(CC)
    for step in steps:
        if step == "call":
            store.call_next(1)
        else:
            getattr(store, step)("C-001")
    with pytest.raises(IllegalTransitionError, match=says):
        getattr(store, action)("C-001")


def test_unknown_token_and_bad_token_text(store):
    with pytest.raises(UnknownTicketError, match="no ticket C-099"):
        store.serve("C-99")
    with pytest.raises(InvalidInputError, match="not a token"):
        store.serve("hello")


# -- estimates -----------------------------------------------------------------


def test_estimate_uses_configured_minutes_without_history(store):
    issue_many(store, CC, 6)
    issued = store.issue(CC)
    # 6 ahead shared by counters 1, 2 and 6 → 2 rounds × 8 configured minutes.
    assert (issued.people_ahead, issued.estimated_wait_minutes) == (6, 16)
    assert issued.ticket.estimated_wait_minutes == 16


def test_estimate_learns_recent_service_time(store, clock):
    for _ in range(5):
        token = store.issue(CC).ticket.token
        store.call_next(1)
        store.serve(token)
        clock.advance(minutes=4)
        store.complete(token)
    assert store.average_service_minutes(CC) == pytest.approx(4.0)
    issue_many(store, CC, 3)
    assert store.issue(CC).estimated_wait_minutes == 4  # 3 ahead / 3 counters


def test_paused_counters_do_not_count(store):
    issue_many(store, CC, 3)
    store.set_paused(1, True)
    store.set_paused(2, True)
    summary = {s.service: s for s in store.queue_summary()}[CC]
    assert (summary.open_counters, summary.estimated_wait_minutes) == (1, 24)
    store.set_paused(2, False)
    assert store.paused_counters() == {1}


# -- cases and feedback ------------------------------------------------------------


def test_trackable_service_opens_a_case_with_history(store):
    issued = store.issue("complaint")
    case = store.case_by_code(issued.tracking_code)
    assert case.status is CaseStatus.RECEIVED
    assert case.ticket_token == "R-001"
    assert case.case_number == issued.case_number == "2025-000001"
    updated = store.update_case(
        issued.tracking_code.lower(), "under process", "FIR desk"
    )
    assert [entry.status for entry in updated.history] == [
        CaseStatus.RECEIVED,
        CaseStatus.UNDER_PROCESS,
    ]
    assert updated.history[-1].note == "FIR desk"


def test_untracked_service_opens_no_case(store):
    issued = store.issue("fir_copy")
    assert issued.tracking_code is None
    assert store.case_for_ticket(issued.ticket) is None


def test_case_lookup_errors(store):
    with pytest.raises(InvalidTrackingCodeError):
        store.case_by_code("ABCD")
    from kiosk.tracking_codes import new_tracking_code

    with pytest.raises(UnknownCaseError, match="no case"):
        store.case_by_code(new_tracking_code())
    issued = store.issue("complaint")
    with pytest.raises(InvalidInputError, match="choose one of: received"):
        store.update_case(issued.tracking_code, "lost")


def test_feedback_is_linked_to_ticket_and_counter(store):
    token = store.issue(CC).ticket.token
    store.call_next(2)
    store.serve(token)
    store.complete(token)
    store.add_feedback(token, 4, ("courtesy",), "Quick")
    row = next(store.db.query("SELECT * FROM feedback"))
    assert (row["rating"], row["counter"], row["tags"]) == (4, 2, '["courtesy"]')
    assert store.stats()[0]["mean_rating"] == 4


@pytest.mark.parametrize(("rating", "tags"), [(0, ()), (6, ()), (3, ("smell",))])
def test_bad_feedback_is_refused(store, rating, tags):
    token = store.issue(CC).ticket.token
    with pytest.raises(InvalidInputError):
        store.add_feedback(token, rating, tags)


def test_stats_count_states(store):
    issue_many(store, CC, 3)
    store.call_next(1)
    store.cancel("C-003")
    row = store.stats()[0]
    assert (row["issued"], row["waiting"], row["at_counter"], row["cancelled"]) == (
        3,
        1,
        1,
        1,
    )


def test_every_change_is_an_event_that_rebuilds_the_states(store, clock):
    issue_many(store, CC, 4, clock)
    store.call_next(1)
    store.serve("C-001")
    store.complete("C-001")
    store.call_next(2)
    store.no_show("C-002")
    store.cancel("C-004")
    store.transfer("C-003", PV)
    state_after = {
        "issued": "waiting",
        "called": "called",
        "recall": "called",
        "serve": "serving",
        "complete": "done",
        "no_show": "no_show",
        "cancel": "cancelled",
        "transfer": "waiting",
    }
    rebuilt: dict[int, str] = {}
    for event in store.events():
        if event["kind"] in state_after:
            rebuilt[event["ticket_id"]] = state_after[event["kind"]]
    actual = {
        row["id"]: row["state"] for row in store.db.query("SELECT * FROM tickets")
    }
    assert rebuilt == actual


def test_estimate_counts_the_queues_counters_prefer(store):
    """Counters 1 and 2 call character certificates before verifications."""
    issue_many(store, CC, 6)
    issued = store.issue(PV)
    # Nobody waits for PV, yet counters 1 and 2 first serve 6 C tickets (8 min
    # each, shared by the 3 counters that serve C): 2 × 6 × 8 / 3 = 32 minutes
    # of work before them, and the C arrivals of the last hour (6 in 60 min)
    # take 6/60 × 8/3 = 0.27 of each one's time.
    assert issued.people_ahead == 0
    capacity = 1 + 2 * (1 - 6 / 60 * 8 / 3)
    assert issued.estimated_wait_minutes == math.ceil(32 / capacity)


def test_estimate_never_counts_a_busy_counter_as_absent(store, clock):
    for _ in range(60):
        store.issue(CC)
    assert store.issue(PV).estimated_wait_minutes < 60 * 8
