"""``counter-desk``: the staff desk for one counter (a small window or touch screen).

Usage: ``counter-desk [--config kiosk.ini] [--counter N] [--language ur|en]``.
A broken kiosk.ini prints one line and exits with status 2. ``--report PATH``
appends a line per log-in and command to PATH (see
:mod:`display_board.desk_report`); the end-to-end tests wait on it.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from display_board import app_runtime
from display_board.board_settings import load_desk_settings
from display_board.desk_report import DeskReport
from kiosk.config import load_config
from kiosk.database import connect
from kiosk.errors import KioskError


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(prog="counter-desk", description="Counter desk.")
    parser.add_argument(
        "--config",
        default=os.environ.get("KIOSK_CONFIG", "kiosk.ini"),
        help="kiosk.ini to read (default: $KIOSK_CONFIG, then ./kiosk.ini)",
    )
    parser.add_argument("--counter", type=int, help="preselect this counter")
    parser.add_argument("--language", choices=("ur", "en"), help="first language")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen")
    parser.add_argument(
        "--report",
        type=Path,
        help="append a line per log-in and command to REPORT (used by tests)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desk; return the exit status."""
    args = build_parser().parse_args(argv)
    app_runtime.configure_logging("counter-desk")
    try:
        config = load_config(args.config)
        settings = load_desk_settings(config)
        if args.counter is not None:
            config.counter(args.counter)
        connect(config.database_path).conn.close()
    except KioskError as error:
        print(f"counter-desk: {error}", file=sys.stderr)
        return app_runtime.EXIT_CONFIG

    app_runtime.configure_kivy(
        args.fullscreen or settings.fullscreen, settings.width, settings.height
    )
    from display_board.desk_app import CounterDeskApp

    report = DeskReport(args.report) if args.report else None
    app = CounterDeskApp(
        config,
        args.language or settings.language,
        args.counter or settings.counter,
        report,
    )
    app_runtime.install_handlers(app.stop)
    try:
        app.run()
    finally:
        if report is not None:
            report.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
