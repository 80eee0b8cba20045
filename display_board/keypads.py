"""Counter keypads for one-PC centres: numeric keypads read straight from Linux.

Each ``[keypad:NAME]`` section maps one input device to a counter, by a stable
id: ``device`` (a ``/dev/input/by-id/…`` or ``by-path`` link), or the
device's ``phys`` (the USB port) or ``uniq`` (serial) as evdev reports them.
Keys map to Call next, Recall, Complete, No-show and Pause/Resume.

Why python-evdev: it reads each device by itself, so several identical
keypads stay apart (a window's keyboard events cannot tell them apart) and no
window needs the focus; a keypad is grabbed so its keys do not also type into
the kiosk. A keypad unplugged is dropped and looked for again every
``RESCAN_SECONDS``. This module imports no Kivy.
"""

import logging
import os
import select
import threading
from collections.abc import Iterable
from typing import Any, Protocol

from display_board.board_settings import KeypadSettings
from display_board.desk_actions import CounterDesk, DeskAction
from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

RESCAN_SECONDS = 2.0
KEY_DOWN = 1
EV_KEY = 1
KEYPAD_ACTIONS = {
    "call_next": DeskAction.CALL_NEXT,
    "recall": DeskAction.RECALL,
    "complete": DeskAction.COMPLETE,
    "no_show": DeskAction.NO_SHOW,
    "pause": DeskAction.PAUSE,
}


class InputDeviceLike(Protocol):
    """What this module needs of an ``evdev.InputDevice``."""

    path: str
    phys: str
    uniq: str

    def fileno(self) -> int: ...


def matches(keypad: KeypadSettings, device: InputDeviceLike) -> bool:
    """Return whether ``device`` is the keypad ``keypad`` describes."""
    if keypad.device is not None:
        try:
            return os.path.realpath(keypad.device) == os.path.realpath(device.path)
        except OSError:
            return False
    if keypad.phys is not None:
        return device.phys == keypad.phys
    return bool(device.uniq) and device.uniq == keypad.uniq


def pair_devices(
    keypads: Iterable[KeypadSettings], devices: Iterable[InputDeviceLike]
) -> dict[str, InputDeviceLike]:
    """Return keypad name → device for every keypad that is plugged in."""
    devices = list(devices)
    found = {}
    for keypad in keypads:
        device = next((d for d in devices if matches(keypad, d)), None)
        if device is not None:
            found[keypad.name] = device
    return found


class KeypadDispatcher:
    """Turn key presses into counter commands on a store; never raise."""

    def __init__(self, store: QueueStore, keypads: list[KeypadSettings]) -> None:
        self.store = store
        self.keypads = {keypad.name: keypad for keypad in keypads}

    def handle_key(self, keypad_name: str, key_name: str, value: int) -> str | None:
        """Run the action bound to ``key_name`` on a key press; return its name."""
        keypad = self.keypads[keypad_name]
        action_name = keypad.action_for(key_name)
        if value != KEY_DOWN or action_name is None:
            return None

        desk = CounterDesk(self.store, keypad.counter)
        action = KEYPAD_ACTIONS[action_name]
        try:
            self._run(desk, action)
        except KioskError as error:
            log.warning(
                "keypad %s (counter %d): %s refused: %s",
                keypad_name,
                keypad.counter,
                action_name,
                error,
            )
            return None
        log.info(
            "keypad %s: %s at counter %d", keypad_name, action_name, keypad.counter
        )
        return action_name

    def _run(self, desk: CounterDesk, action: DeskAction) -> None:
        # A keypad has no "start serving" key: Complete on a called ticket
        # serves and completes it in one press.
        if action is DeskAction.COMPLETE:
            ticket = self.store.current_ticket(desk.counter.number)
            if ticket is not None and ticket.state.value == "called":
                desk.run(DeskAction.SERVE)
        desk.run(action)


class KeypadService:
    """Read every configured keypad on a thread and dispatch its keys."""

    def __init__(self, config: KioskConfig, keypads: list[KeypadSettings]) -> None:
        self.config = config
        self.keypads = keypads
        self._stop = threading.Event()
        self._open: dict[str, Any] = {}
        self._thread = threading.Thread(target=self._run, name="keypads", daemon=True)

    def start(self) -> None:
        """Start reading keypads."""
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop reading and release the keypads."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            import evdev
        except ImportError:
            log.error("python-evdev is not installed; counter keypads are off")
            return
        store = QueueStore(self.config)
        dispatcher = KeypadDispatcher(store, self.keypads)
        try:
            while not self._stop.is_set():
                self._rescan(evdev)
                self._read(evdev, dispatcher)
        finally:
            self._release_all()
            store.close()

    def _rescan(self, evdev: Any) -> None:
        missing = [k for k in self.keypads if k.name not in self._open]
        if not missing:
            return
        devices = []
        for path in evdev.list_devices():
            try:
                devices.append(evdev.InputDevice(path))
            except OSError:
                continue
        for name, device in pair_devices(missing, devices).items():
            try:
                device.grab()
            except OSError as error:
                log.warning(
                    "keypad %s at %s cannot be grabbed: %s", name, device.path, error
                )
            self._open[name] = device
            log.info("keypad %s found at %s", name, device.path)
        paired = {id(device) for device in self._open.values()}
        for device in devices:
            if id(device) not in paired:
                device.close()

    def _read(self, evdev: Any, dispatcher: KeypadDispatcher) -> None:
        by_fd = {device.fileno(): name for name, device in self._open.items()}
        if not by_fd:
            self._stop.wait(RESCAN_SECONDS)
            return
        ready, _, _ = select.select(list(by_fd), [], [], RESCAN_SECONDS)
        for fd in ready:
            name = by_fd[fd]
            try:
                events = list(self._open[name].read())
            except OSError:
                log.warning("keypad %s was unplugged; looking for it again", name)
                self._drop(name)
                continue
            for event in events:
                self.dispatch_event(dispatcher, name, event, evdev.ecodes)

    @staticmethod
    def dispatch_event(
        dispatcher: KeypadDispatcher, keypad_name: str, event: Any, ecodes: Any
    ) -> str | None:
        """Hand one evdev event of a keypad to the dispatcher (key events only)."""
        if event.type != EV_KEY:
            return None
        names = ecodes.KEY.get(event.code) or ecodes.BTN.get(event.code)
        if names is None:
            return None
        candidates = names if isinstance(names, list) else [names]
        for key_name in candidates:
            result = dispatcher.handle_key(keypad_name, key_name, event.value)
            if result is not None:
                return result
        return None

    def _drop(self, name: str) -> None:
        device = self._open.pop(name)
        try:
            device.close()
        except OSError:
            pass

    def _release_all(self) -> None:
        for name in list(self._open):
            self._drop(name)
