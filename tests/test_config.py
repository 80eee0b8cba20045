"""kiosk.ini: the shipped centre, and one clear message for each kind of mistake."""

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from tests.conftest import KARACHI, SHIPPED_INI

REQUIRED_SERVICES = {
    "character_certificate",
    "police_verification",
    "employee_registration",
    "tenant_registration",
    "vehicle_verification",
    "lost_report",
    "fir_copy",
    "complaint",
    "women_children",
    "case_status",
}


def broken_ini(tmp_path: Path, old: str, new: str) -> Path:
    """Write the shipped kiosk.ini with ``old`` replaced by ``new``; return its path."""
    text = SHIPPED_INI.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in kiosk.ini"
    path = tmp_path / "kiosk.ini"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shipped_config_describes_a_real_centre(shipped_config):
    assert REQUIRED_SERVICES <= set(shipped_config.services)
    assert 5 <= len(shipped_config.counters) <= 8
    assert sum(c.gender_desk for c in shipped_config.counters.values()) == 1
    assert shipped_config.service("women_children").gender_desk
    assert shipped_config.service("complaint").trackable
    assert shipped_config.service("character_certificate").name_ur == "کریکٹر سرٹیفکیٹ"
    assert shipped_config.centre.timezone.key == "Asia/Karachi"


def test_database_path_is_relative_to_the_ini(shipped_config):
    assert shipped_config.database_path == SHIPPED_INI.parent / "var/queue.sqlite3"


def test_documents_are_split_into_items(shipped_config):
    documents = shipped_config.service("character_certificate").documents_en
    assert documents[0] == "Original CNIC and one copy"
    assert len(documents) == len(
        shipped_config.service("character_certificate").documents_ur
    )


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2025, 12, 3, 9, 0), True),  # Wednesday opening
        (datetime(2025, 12, 3, 16, 59), True),
        (datetime(2025, 12, 3, 17, 0), False),
        (datetime(2025, 12, 5, 13, 0), False),  # Friday prayer break
        (datetime(2025, 12, 5, 15, 0), True),
        (datetime(2025, 12, 7, 11, 0), False),  # Sunday
    ],
)
def test_opening_hours(shipped_config, moment, is_open):
    hours = shipped_config.centre.hours
    assert hours.is_open(moment.replace(tzinfo=KARACHI)) is is_open


def test_next_opening_after_closing_is_next_morning(shipped_config):
    evening = datetime(2025, 12, 3, 18, 0, tzinfo=KARACHI)
    opening = shipped_config.centre.hours.next_opening(evening)
    assert opening == datetime(2025, 12, 4, 9, 0, tzinfo=KARACHI)


@pytest.mark.parametrize(
    ("old", "new", "section", "key", "says"),
    [
        (
            "name_en = Police Khidmat Markaz, Quetta\n",
            "",
            "centre",
            "name_en",
            "missing",
        ),
        (
            "timezone = Asia/Karachi",
            "timezone = Mars/Olympus",
            "centre",
            "timezone",
            "not a time zone",
        ),
        (
            "hours_mon = 09:00-17:00",
            "hours_mon = 9 to 5",
            "centre",
            "hours_mon",
            "09:00-13:00",
        ),
        (
            "hours_tue = 09:00-17:00",
            "hours_tue = 17:00-09:00",
            "centre",
            "hours_tue",
            "closes before it opens",
        ),
        (
            "minutes = 8",
            "minutes = eight",
            "service:character_certificate",
            "minutes",
            "give a number",
        ),
        (
            "minutes = 8",
            "minutes = 0",
            "service:character_certificate",
            "minutes",
            "out of range",
        ),
        (
            "trackable = yes\nworking_days = 7",
            "trackable = maybe\nworking_days = 7",
            "service:character_certificate",
            "trackable",
            "yes or no",
        ),
        (
            "prefix = V",
            "prefix = C",
            "service:police_verification",
            "prefix",
            "already used",
        ),
        (
            "prefix = V",
            "prefix = v1",
            "service:police_verification",
            "prefix",
            "capitals",
        ),
        (
            "services = character_certificate, police_verification, case_status",
            "services = character_certificate, passports",
            "counter:1",
            "services",
            "unknown service 'passports'",
        ),
        (
            "connection = preview",
            "connection = bluetooth",
            "printer",
            "connection",
            "choose one of: preview, file, usb, network, serial, cups",
        ),
        (
            "connection = preview",
            "connection = network",
            "printer",
            "host",
            "connection = network needs it",
        ),
        (
            "profile = TM-T20II",
            "profile = TM-T20II\ncolour = red",
            "printer",
            "colour",
            "unknown key",
        ),
        (
            "public_url =",
            "public_url = ftp://example.pk",
            "tracking",
            "public_url",
            "https://",
        ),
        (
            "services = women_children, complaint, character_certificate\n"
            "gender_desk = yes",
            "services = women_children",
            "counter:6",
            "services",
            "gender desk only",
        ),
    ],
)
def test_broken_value_names_file_section_and_key(
    tmp_path, old, new, section, key, says
):
    path = broken_ini(tmp_path, old, new)
    with pytest.raises(ConfigError, match=says) as caught:
        load_config(path)
    error = caught.value
    assert (error.section, error.key) == (section, key)
    assert str(path) in str(error)
    assert f"[{section}]" in str(error) and f"'{key}'" in str(error)


def test_unknown_section_is_reported(tmp_path):
    path = broken_ini(tmp_path, "[database]", "[datbase]")
    with pytest.raises(ConfigError, match="unknown section") as caught:
        load_config(path)
    assert caught.value.section == "datbase"


def test_missing_file_says_so(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nowhere.ini")


def test_unreadable_bytes_say_save_as_utf8(tmp_path):
    path = tmp_path / "kiosk.ini"
    path.write_bytes(b"[centre]\nname_ur = \xff\xfe\n")
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)


def test_not_ini_at_all(tmp_path):
    path = tmp_path / "kiosk.ini"
    path.write_text("this is not an ini file\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid INI"):
        load_config(path)


def test_service_nobody_serves_is_reported(tmp_path):
    path = broken_ini(
        tmp_path,
        "services = vehicle_verification, lost_report, fir_copy",
        "services = lost_report, fir_copy",
    )
    with pytest.raises(ConfigError, match="no counter serves") as caught:
        load_config(path)
    assert caught.value.section == "service:vehicle_verification"


def test_app_sections_are_kept_for_the_app_to_check(tmp_path):
    path = broken_ini(tmp_path, "idle_seconds = 60", "idle_seconds = soon")
    config = load_config(path)
    reader = config.app_section("kiosk")
    with pytest.raises(ConfigError, match="give a whole number") as caught:
        reader.integer("idle_seconds", 60, 10, 600)
    assert (caught.value.section, caught.value.key) == ("kiosk", "idle_seconds")
    assert config.app_section("keypad:nowhere").section == {}


def test_shipped_app_sections_pass_their_apps_checks(shipped_config):
    from display_board import board_settings
    from kiosk.app.settings import read_settings
    from kiosk.ops_commands import operations_settings

    assert read_settings(shipped_config).complaint_service == "complaint"
    assert board_settings.load_board_settings(shipped_config).notices
    gender = board_settings.load_board_settings(shipped_config, "gender_desk")
    assert gender.counters == (6,)
    assert board_settings.load_audio_settings(shipped_config).languages == ("ur", "en")
    assert board_settings.load_desk_settings(shipped_config).language == "ur"
    assert operations_settings(shipped_config).personal_data_days == 90
