"""Staff PINs: hashed, checked, and guessing is slowed down across restarts."""

import io

import pytest

from kiosk.cli import main
from kiosk.errors import InvalidInputError
from kiosk.staff_pins import FREE_ATTEMPTS, PinLockedError
from kiosk.store import QueueStore


def test_right_pin_passes_and_is_not_stored_in_clear(store):
    store.pins.set_pin("counter:3", "4821")
    assert store.pins.check("counter:3", "4821")
    assert not store.pins.check("counter:3", "1234")
    raw = store.config.database_path.read_bytes()
    assert b"4821" not in raw


def test_role_without_pin_accepts_nothing(store):
    assert not store.pins.has_pin("kiosk")
    assert not store.pins.check("kiosk", "0000")


@pytest.mark.parametrize(("role", "pin"), [("counter:3", "12"), ("admin", "1234")])
def test_bad_pin_or_role_is_refused(store, role, pin):
    with pytest.raises(InvalidInputError):
        store.pins.set_pin(role, pin)


def test_wrong_guesses_lock_the_role_and_survive_a_restart(store, config, clock):
    store.pins.set_pin("kiosk", "9999")
    for _ in range(FREE_ATTEMPTS):
        assert not store.pins.check("kiosk", "0000")

    reopened = QueueStore(config, clock=clock)
    with pytest.raises(PinLockedError, match="try again in 30 s"):
        reopened.pins.check("kiosk", "9999")
    clock.advance(seconds=31)
    assert reopened.pins.check("kiosk", "9999")
    reopened.close()


def test_lock_doubles_with_each_further_failure(store, clock):
    store.pins.set_pin("counter:1", "2468")
    for _ in range(FREE_ATTEMPTS + 1):
        clock.advance(minutes=20)
        store.pins.check("counter:1", "0000")
    with pytest.raises(PinLockedError) as caught:
        store.pins.check("counter:1", "2468")
    assert 59 <= caught.value.seconds_left <= 60


def test_set_pin_command_reads_stdin(monkeypatch, capsys, config, tmp_path):
    ini = tmp_path / "kiosk.ini"
    from tests.conftest import SHIPPED_INI

    ini.write_text(SHIPPED_INI.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("5566\n"))
    assert main(["--config", str(ini), "set-pin", "counter:2", "--pin-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("5566\n"))
    assert main(["--config", str(ini), "set-pin", "counter:9", "--pin-stdin"]) == 2
    assert "unknown counter 9" in capsys.readouterr().err
