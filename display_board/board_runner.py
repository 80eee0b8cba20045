"""Put the board together once Kivy is configured: feed, voice, keypads, app."""

import argparse
import logging

from display_board import app_runtime
from display_board.announcer import FolderPlayer, make_announcer
from display_board.board_app import HallBoardApp
from display_board.board_report import BoardReport
from display_board.board_settings import AudioSettings, BoardSettings, KeypadSettings
from display_board.call_feed import CallFeed, CallNotice, centre_today
from kiosk.config import KioskConfig

log = logging.getLogger(__name__)


def run_board(
    config: KioskConfig,
    settings: BoardSettings,
    audio: AudioSettings,
    keypads: list[KeypadSettings],
    args: argparse.Namespace,
) -> int:
    """Run the hall board until it is closed or sent SIGTERM; return 0."""
    report = BoardReport(args.report) if args.report else None
    announcer = None
    if not args.no_audio:
        player = FolderPlayer(args.audio_folder) if args.audio_folder else None
        announcer = make_announcer(
            config, audio, _announced_reporter(report), player=player
        )

    feed = CallFeed(
        config.database_path,
        centre_today(config),
        settings.counters,
        settings.recent_calls,
        settings.stale_call_seconds,
    )
    keypad_service = _start_keypads(config, keypads)
    app = HallBoardApp(config, settings, feed, announcer, report)
    app_runtime.install_handlers(app.stop)
    log.info("hall board %s starting", settings.name or "(main)")
    try:
        app.run()
    finally:
        if keypad_service is not None:
            keypad_service.stop()
        if report is not None:
            report.close()
    return 0


def _announced_reporter(report: BoardReport | None):
    if report is None:
        return None

    def announced(call: CallNotice, ok: bool) -> None:
        report.line(
            "announced", call.event_id, call.kind, call.token, "ok" if ok else "failed"
        )

    return announced


def _start_keypads(config: KioskConfig, keypads: list[KeypadSettings]):
    if not keypads:
        return None
    from display_board.keypads import KeypadService

    service = KeypadService(config, keypads)
    service.start()
    return service
