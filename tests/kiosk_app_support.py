"""Start the real kiosk app in the test process and drive it with touches.

Kivy keeps one window per process, so the window is made once (on the Xvfb
screen of the ``xvfb_display`` fixture) and each test gets a fresh KioskApp in
it through :class:`kiosk.app.driver.AppDriver`.
"""

import dataclasses
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app.settings import KioskSettings
from kiosk.config import KioskConfig
from kiosk.store import QueueStore


def quick_settings(**changes: object) -> KioskSettings:
    """Return kiosk settings for tests: windowed, short timers."""
    base = KioskSettings(fullscreen=False, done_seconds=30)
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="session")
def kivy_ready(xvfb_display: str) -> str:
    """Set Kivy's environment (temporary KIVY_HOME, no console log) once."""
    os.environ["KIVY_HOME"] = tempfile.mkdtemp(prefix="kivy-home-")
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_CONSOLELOG"] = "1"
    from kiosk.app.main import prepare_kivy

    prepare_kivy(quick_settings(), windowed=True)
    return xvfb_display


@pytest.fixture
def kiosk_config(config: KioskConfig, tmp_path: Path) -> KioskConfig:
    """The shipped config with its database and preview printer in tmp_path."""
    printer = dataclasses.replace(config.printer, preview_dir=tmp_path / "preview")
    return dataclasses.replace(config, printer=printer)


def start_kiosk(
    config: KioskConfig,
    store: QueueStore,
    settings: KioskSettings | None = None,
    printer: object | None = None,
) -> object:
    """Start the kiosk app (real printer on ``config.printer`` unless given)."""
    from kiosk.app.driver import AppDriver
    from printer import TicketPrinter

    printer = printer or TicketPrinter(config.printer)
    return AppDriver(config, settings or quick_settings(), store, printer)


@pytest.fixture
def kiosk(kivy_ready: str, kiosk_config: KioskConfig, store: QueueStore) -> Iterator:
    """The kiosk app on the shipped config, centre open, preview printer."""
    driver = start_kiosk(kiosk_config, store)
    yield driver
    driver.stop()


def closed_port() -> int:
    """Return a loopback TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tap_key(driver: object, keyboard: object, key: str) -> None:
    """Tap the on-screen keyboard's ``key`` (a character or keyboard.BACKSPACE)."""
    driver.frames(2)
    driver.tap_at(*keyboard.key_center(key))


def type_on(driver: object, keyboard: object, text: str) -> None:
    """Type ``text`` by tapping the keyboard's keys."""
    for character in text:
        tap_key(driver, keyboard, character)


def choose_english(driver: object) -> None:
    """Tap English on the welcome screen."""
    driver.tap(driver.screen.ids.english)
    assert driver.app.root.manager.current == "services"
    driver.wait_until(lambda: bool(driver.screen._open))
