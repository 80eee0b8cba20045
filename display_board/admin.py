"""kiosk-admin commands of the board: ``board-notices`` and ``voice-build``.

kiosk/cli.py wires them with ``add_commands(commands, add_command)``; each
handler is ``fn(args, store) -> plain data`` like the other kiosk-admin commands.
"""

import argparse
from typing import Any

from display_board.announcer import needed_clips
from display_board.board_settings import load_audio_settings, load_board_settings
from display_board.notices import read_notices_file, write_notices_file
from display_board.voice_clips import ClipLibrary, EspeakSynthesiser
from kiosk.store import QueueStore


def add_commands(commands: Any, add_command: Any) -> None:
    """Register ``board-notices`` and ``voice-build`` with kiosk-admin's helper."""
    notices = add_command(
        commands,
        "board-notices",
        cmd_board_notices,
        "show or replace the hall board's ticker notices",
    )
    notices.add_argument(
        "notices", nargs="*", help="new notices, one per argument (English or Urdu)"
    )
    notices.add_argument(
        "--clear", action="store_true", help="go back to kiosk.ini's [board] notices"
    )
    add_command(
        commands,
        "voice-build",
        cmd_voice_build,
        "synthesise the announcement clips not yet recorded",
    )


def cmd_board_notices(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Replace (or clear, or just show) the notices the board's ticker shows."""
    settings = load_board_settings(store.config)
    path = settings.notices_file
    if args.clear:
        write_notices_file(path, [])
    elif args.notices:
        write_notices_file(path, [notice.strip() for notice in args.notices])
    from_file = read_notices_file(path)
    return {
        "notices_file": str(path),
        "source": "notices file" if from_file else "kiosk.ini [board] notices",
        "notices": list(from_file or settings.notices),
    }


def cmd_voice_build(args: argparse.Namespace, store: QueueStore) -> dict[str, Any]:
    """Synthesise every clip the centre's announcements need and is not recorded."""
    audio = load_audio_settings(store.config)
    library = ClipLibrary(audio.recordings_dir, audio.cache_dir, EspeakSynthesiser())
    clips = needed_clips(store.config, audio.languages)
    made = library.build(clips)
    return {"clips": len(clips), "synthesised_now": made, "cache": str(audio.cache_dir)}
