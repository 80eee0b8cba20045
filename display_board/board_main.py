"""``display-board``: run the hall board full screen on the hall TV.

Usage: ``display-board [--config kiosk.ini] [--board NAME] [--windowed]``.
A broken kiosk.ini prints one line and exits with status 2.
"""

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from display_board import app_runtime
from display_board.board_settings import (
    load_audio_settings,
    load_board_settings,
    load_keypad_settings,
)
from kiosk.config import load_config
from kiosk.database import connect
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

BOARD_MAX_FPS = 30


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="display-board", description="The waiting-hall display board."
    )
    parser.add_argument(
        "--config",
        default=os.environ.get("KIOSK_CONFIG", "kiosk.ini"),
        help="kiosk.ini to read (default: $KIOSK_CONFIG, then ./kiosk.ini)",
    )
    parser.add_argument(
        "--board", default="", help="show board NAME of a [board:NAME] section"
    )
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    parser.add_argument("--size", help="window size WIDTHxHEIGHT, e.g. 1366x768")
    parser.add_argument("--no-audio", action="store_true", help="never announce")
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--audio-folder", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the board; return the exit status."""
    args = build_parser().parse_args(argv)
    app_runtime.configure_logging("display-board")
    try:
        config = load_config(args.config)
        settings = load_board_settings(config, args.board)
        audio = load_audio_settings(config)
        keypads = load_keypad_settings(config)
        size = _size(args.size, settings.width, settings.height)
        connect(config.database_path).conn.close()
    except KioskError as error:
        print(f"display-board: {error}", file=sys.stderr)
        return app_runtime.EXIT_CONFIG

    fullscreen = settings.fullscreen and not args.windowed
    # The board changes a few times a minute; 30 wake-ups a second are plenty
    # and halve the idle loop's cost on the hall PC.
    app_runtime.configure_kivy(fullscreen, *size, max_fps=BOARD_MAX_FPS)
    from display_board.board_runner import run_board

    return run_board(config, settings, audio, keypads, args)


def _size(text: str | None, width: int, height: int) -> tuple[int, int]:
    if not text:
        return width, height
    try:
        width_text, height_text = text.lower().split("x")
        return int(width_text), int(height_text)
    except ValueError:
        raise KioskError(
            f"--size '{text}' is not WIDTHxHEIGHT, e.g. 1366x768"
        ) from None


if __name__ == "__main__":
    sys.exit(main())
