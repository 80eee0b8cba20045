"""The board's kiosk-admin commands, run through argparse like kiosk-admin."""

import argparse

from display_board.admin import add_commands
from display_board.notices import NoticeSource


def run(store, *argv: str):
    """Parse ``argv`` with the board's commands and run the handler."""
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.handler(args, store)


def test_notices_replace_and_clear(store, tmp_path) -> None:
    import dataclasses

    notices_file = str(tmp_path / "notices.txt")
    sections = {"board": {"notices_file": notices_file}}
    store.config = dataclasses.replace(store.config, app_sections=sections)
    shown = run(store, "board-notices", "Closed Friday 12:30-14:30", "جمعہ کو وقفہ")
    path = shown["notices_file"]
    source = NoticeSource((), __import__("pathlib").Path(path))

    assert shown["notices"] == ["Closed Friday 12:30-14:30", "جمعہ کو وقفہ"]
    assert source.load() == ("Closed Friday 12:30-14:30", "جمعہ کو وقفہ")
    cleared = run(store, "board-notices", "--clear")
    assert cleared["source"] == "kiosk.ini [board] notices"
    assert source.changed()
