"""README.md stays true: every kiosk-admin command and kiosk.ini section is in it."""

import argparse

from kiosk.cli import build_parser
from kiosk.config import APP_SECTIONS, KNOWN_SECTIONS
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def kiosk_admin_commands() -> list[str]:
    parser = build_parser()
    commands = next(
        action
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    return list(commands.choices)


def test_every_kiosk_admin_command_is_documented():
    missing = [name for name in kiosk_admin_commands() if name not in README]
    assert missing == []


def test_every_kiosk_ini_section_is_documented():
    missing = [
        name
        for name in sorted(KNOWN_SECTIONS | APP_SECTIONS)
        if f"[{name}]" not in README
    ]
    assert missing == []
