"""Tests of logging: masking personal digits, the journal format, the log file."""

import logging
import sys
from pathlib import Path

import pytest

from kiosk.logging_setup import (
    JournalFormatter,
    PersonalDataFilter,
    log_dir_from_environment,
    mask_personal_data,
    setup_logging,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cnic 54321-9876543-1 given", "cnic [CNIC] given"),
        ("cnic 5432198765431", "cnic [CNIC]"),
        ("call 0333-7654321 now", "call [PHONE] now"),
        ("call +92 333 7654321", "call [PHONE]"),
        ("call 03337654321", "call [PHONE]"),
        ("ref 123456789012345", "ref [DIGITS]"),
    ],
)
def test_personal_digits_are_masked(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ticket C-007 called to counter 3",
        "case 2025-000042 is now closed",
        "tracking code 7K3Q-9XDM-2R4",
        "at 1764734400.25 on 2025-12-03 09:00:00",
        "printer 10.0.0.5:9100 answered in 120 ms",
    ],
)
def test_ordinary_log_lines_are_left_alone(text):
    assert mask_personal_data(text) == text


def test_filter_masks_arguments_and_tracebacks():
    try:
        raise ValueError("bad CNIC 54321-9876543-1")
    except ValueError:
        record = logging.LogRecord(
            "kiosk.app", logging.ERROR, __file__, 1, "mobile %s", ("03001234567",), None
        )
        record.exc_info = sys.exc_info()

    PersonalDataFilter().filter(record)
    line = logging.Formatter().format(record)

    assert "03001234567" not in line and "54321-9876543-1" not in line
    assert "mobile [PHONE]" in line and "bad CNIC [CNIC]" in line


def test_journal_lines_carry_the_syslog_priority():
    record = logging.LogRecord("kiosk.store", logging.WARNING, "", 1, "slow", (), None)

    assert JournalFormatter().format(record) == "<4>WARNING kiosk.store: slow"


def test_setup_writes_a_masked_rotating_file(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_STREAM", "8:1234")
    root = logging.getLogger()
    saved_level, saved = root.level, list(root.handlers)
    try:
        setup_logging("kiosk", tmp_path)
        handlers = setup_logging("kiosk", tmp_path, max_bytes=2000, backup_count=2)
        logging.getLogger("kiosk.test").warning("typed cnic %s", "54321-9876543-1")
        first_lines = (tmp_path / "kiosk.log").read_text()
        for _ in range(100):
            logging.getLogger("kiosk.test").info("filler line to rotate the file")
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(saved_level)

    assert isinstance(handlers[0].formatter, JournalFormatter)
    assert len([h for h in saved if h in root.handlers]) == len(saved)
    files = sorted(path.name for path in tmp_path.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert "WARNING kiosk.test: typed cnic [CNIC]" in first_lines
    assert "54321-9876543-1" not in first_lines


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/var/log/pkm-kiosk", Path("/var/log/pkm-kiosk")), ("", None), (None, None)],
)
def test_log_dir_comes_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("PKM_LOG_DIR", raising=False)
    else:
        monkeypatch.setenv("PKM_LOG_DIR", value)

    assert log_dir_from_environment() == expected
