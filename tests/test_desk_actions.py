"""The counter desk's commands and state, without a window."""

import pytest

from display_board.desk_actions import ACTIONS, CounterDesk, DeskAction
from display_board.errors import LoginError
from kiosk.errors import InvalidInputError
from kiosk.models import Priority
from kiosk.staff_pins import PinLockedError
from kiosk.store import QueueStore


@pytest.fixture
def desk(store: QueueStore) -> CounterDesk:
    """Counter 1 logged in with its PIN."""
    store.pins.set_pin("counter:1", "2468")
    return CounterDesk.login(store, 1, "2468")


def test_every_action_has_its_own_function_key() -> None:
    keys = [spec.key for spec in ACTIONS]

    assert keys == [f"F{n}" for n in range(1, 9)]
    assert {spec.action for spec in ACTIONS if spec.confirm} == {
        DeskAction.NO_SHOW,
        DeskAction.TRANSFER,
    }


def test_wrong_pins_are_refused_then_locked(store: QueueStore) -> None:
    store.pins.set_pin("counter:2", "1357")
    for _ in range(5):
        with pytest.raises(LoginError, match="wrong PIN for counter 2"):
            CounterDesk.login(store, 2, "0000")

    with pytest.raises(PinLockedError, match="try again in"):
        CounterDesk.login(store, 2, "1357")


def test_counter_without_pin_says_how_to_set_one(store: QueueStore) -> None:
    with pytest.raises(LoginError, match="kiosk-admin set-pin counter:3"):
        CounterDesk.login(store, 3, "1234")


def test_call_serve_and_complete_with_case_update(
    desk: CounterDesk, store: QueueStore, clock
) -> None:
    issued = store.issue("character_certificate")
    clock.advance(minutes=12)

    desk.run(DeskAction.CALL_NEXT)
    desk.run(DeskAction.SERVE)
    desk.update_case("under_process", "sent to SHO")
    snapshot = desk.snapshot()

    current = snapshot.current
    assert (current.token, current.state, current.waited_minutes) == (
        issued.ticket.token,
        "serving",
        12,
    )
    assert current.case_status == "under_process"
    assert store.events()[-1]["actor"] == "counter:1"
    desk.run(DeskAction.COMPLETE)
    assert desk.snapshot().current is None


def test_recall_no_show_transfer_and_call_token(desk: CounterDesk, store) -> None:
    store.issue("character_certificate")
    second = store.issue("police_verification").ticket
    first = desk.run(DeskAction.CALL_NEXT)

    desk.run(DeskAction.RECALL)
    desk.run(DeskAction.TRANSFER, "fir_copy")
    called = desk.run(DeskAction.CALL_TOKEN, second.token.lower().replace("-", ""))
    desk.run(DeskAction.NO_SHOW)

    assert store.ticket_by_token(first.token).service == "fir_copy"
    assert called.token == second.token
    assert store.ticket_by_token(second.token).state.value == "no_show"


def test_actions_on_no_ticket_explain_what_to_do(desk: CounterDesk) -> None:
    with pytest.raises(InvalidInputError, match="call one first"):
        desk.run(DeskAction.COMPLETE)


def test_pause_toggles(desk: CounterDesk) -> None:
    desk.run(DeskAction.PAUSE)
    assert desk.snapshot().paused
    desk.run(DeskAction.PAUSE)
    assert not desk.snapshot().paused


def test_waiting_rows_and_priority_warning(desk: CounterDesk, store, clock) -> None:
    store.issue("character_certificate", priority=Priority.SENIOR)
    store.issue("police_verification")
    clock.advance(minutes=46)  # past 60 - 15 minutes with the head start

    snapshot = desk.snapshot()

    rows = {row.service: (row.waiting, row.longest_minutes) for row in snapshot.waiting}
    assert rows["character_certificate"] == (1, 46)
    assert rows["police_verification"] == (1, 46)
    assert snapshot.overdue_priority == ("C-001",)
