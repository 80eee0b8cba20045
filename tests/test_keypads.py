"""Counter keypads: device pairing and key dispatch, with evdev's own events.

This machine has no /dev/uinput (no module, no modprobe), so instead of
virtual devices the tests feed ``evdev.InputEvent`` objects through the same
code path the reader uses, and pair fake devices that carry the ids evdev
reports (path, phys, uniq).
"""

import dataclasses
from dataclasses import dataclass

import pytest

from display_board.board_settings import load_keypad_settings
from display_board.keypads import KeypadDispatcher, KeypadService, pair_devices
from kiosk.errors import ConfigError
from kiosk.store import QueueStore

evdev = pytest.importorskip("evdev")

TWO_KEYPADS = {
    "keypad:left": {"phys": "usb-0000:00:14.0-1/input0", "counter": "1"},
    "keypad:right": {"phys": "usb-0000:00:14.0-2/input0", "counter": "2"},
}


@dataclass
class FakeDevice:
    """Two identical keypads differ only in the USB port they sit in."""

    path: str
    phys: str
    uniq: str = ""
    name: str = "USB Numeric Keypad"


@pytest.fixture
def keypad_config(config):
    """The shipped config with two identical keypads on counters 1 and 2."""
    return dataclasses.replace(config, app_sections=TWO_KEYPADS)


def press(service, dispatcher, keypad: str, key: int) -> list:
    """Press and release ``key`` on ``keypad``; return what was dispatched."""
    results = []
    for value in (1, 0):
        event = evdev.InputEvent(0, 0, evdev.ecodes.EV_KEY, key, value)
        results.append(service.dispatch_event(dispatcher, keypad, event, evdev.ecodes))
    return [result for result in results if result]


def test_identical_keypads_are_told_apart_by_port(keypad_config) -> None:
    keypads = load_keypad_settings(keypad_config)
    devices = [
        FakeDevice("/dev/input/event7", "usb-0000:00:14.0-2/input0"),
        FakeDevice("/dev/input/event5", "usb-0000:00:14.0-1/input0"),
    ]

    paired = pair_devices(keypads, devices)

    assert paired["left"].path == "/dev/input/event5"
    assert paired["right"].path == "/dev/input/event7"


def test_keys_call_and_finish_at_their_own_counter(
    keypad_config, store: QueueStore
) -> None:
    keypads = load_keypad_settings(keypad_config)
    dispatcher = KeypadDispatcher(store, keypads)
    service = KeypadService(keypad_config, keypads)
    store.issue("character_certificate")
    store.issue("character_certificate")
    e = evdev.ecodes

    assert press(service, dispatcher, "left", e.KEY_KPENTER) == ["call_next"]
    assert press(service, dispatcher, "right", e.KEY_KPENTER) == ["call_next"]
    assert press(service, dispatcher, "left", e.KEY_KPPLUS) == ["recall"]
    assert press(service, dispatcher, "left", e.KEY_KPMINUS) == ["complete"]
    assert press(service, dispatcher, "right", e.KEY_KPASTERISK) == ["no_show"]
    assert press(service, dispatcher, "right", e.KEY_KPSLASH) == ["pause"]

    assert store.ticket_by_token("C-001").counter == 1
    assert store.ticket_by_token("C-001").state.value == "done"
    assert store.ticket_by_token("C-002").state.value == "no_show"
    assert store.paused_counters() == {2}


def test_refused_keys_and_other_keys_do_nothing(keypad_config, store) -> None:
    keypads = load_keypad_settings(keypad_config)
    dispatcher = KeypadDispatcher(store, keypads)
    service = KeypadService(keypad_config, keypads)

    assert press(service, dispatcher, "left", evdev.ecodes.KEY_KPENTER) == []
    assert press(service, dispatcher, "left", evdev.ecodes.KEY_KP5) == []


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"counter": "1"}, "give exactly one of device"),
        ({"phys": "x", "counter": "9"}, "counter 9 is not configured"),
        ({"phys": "x", "counter": "1", "recall": "KPENTER"}, "already bound"),
    ],
)
def test_bad_keypad_sections_read_like_kiosk_ini_errors(
    config, section, message
) -> None:
    bad = dataclasses.replace(config, app_sections={"keypad:x": section})

    with pytest.raises(ConfigError, match=message):
        load_keypad_settings(bad)
