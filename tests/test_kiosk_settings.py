"""The kiosk app's ``[kiosk]`` settings, read from a copy of kiosk.ini (no Kivy)."""

import re
from pathlib import Path

import pytest

from kiosk.app.settings import KioskSettings, read_settings
from kiosk.config import load_config
from kiosk.errors import ConfigError

SHIPPED_INI = Path(__file__).resolve().parent.parent / "kiosk.ini"


def settings_from(tmp_path: Path, kiosk_section: str) -> KioskSettings:
    """Read the shipped kiosk.ini with its ``[kiosk]`` section replaced."""
    text = SHIPPED_INI.read_text(encoding="utf-8")
    text = re.sub(r"\[kiosk\].*?(?=^\[)", "", text, flags=re.S | re.M)
    ini = tmp_path / "kiosk.ini"
    ini.write_text(f"{text}\n[kiosk]\n{kiosk_section}\n", encoding="utf-8")
    return read_settings(load_config(ini))


def test_shipped_settings_are_read():
    settings = read_settings(load_config(SHIPPED_INI))

    assert settings.idle_seconds == 60
    assert settings.idle_warning_seconds == 10
    assert settings.fullscreen is True
    assert settings.complaint_service == "complaint"


def test_missing_keys_take_their_defaults(tmp_path):
    assert settings_from(tmp_path, "") == KioskSettings()


def test_values_are_read(tmp_path):
    settings = settings_from(
        tmp_path,
        "idle_seconds = 90\nidle_warning_seconds = 5\ndone_seconds = 10\n"
        "fullscreen = no\nshow_cursor = yes\ncomplaint_service = none",
    )

    assert settings == KioskSettings(90, 5, 10, False, True, None)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("idle_seconds = 5", "idle_seconds"),
        ("idle_seconds = 20\nidle_warning_seconds = 20", "shorter than idle_seconds"),
        ("done_seconds = 1000", "done_seconds"),
        ("fullscreen = maybe", "fullscreen"),
        ("complaint_service = nothing_such", "unknown service 'nothing_such'"),
        ("complaint_service = fir_copy", "set trackable = yes"),
        ("idle_secs = 30", "idle_secs"),
    ],
)
def test_bad_values_name_the_key(tmp_path, section, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        settings_from(tmp_path, section)
