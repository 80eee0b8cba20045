"""The notices the hall board's ticker shows, and how staff change them.

Notices come from kiosk.ini ``[board] notices`` (one per line or separated by
``;``). Staff can replace them without editing kiosk.ini by writing the notices
file (``[board] notices_file``, default ``var/board-notices.txt``): one notice
per line, ``#`` starts a comment; while that file holds any notice, it wins.
``kiosk-admin board-notices`` writes it (see :mod:`display_board.admin`), and
the board notices the change within a few seconds. This module imports no Kivy.
"""

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


class NoticeSource:
    """Read the notices to show: the notices file if it has any, else kiosk.ini's."""

    def __init__(self, configured: tuple[str, ...], notices_file: Path) -> None:
        self.configured = configured
        self.notices_file = notices_file
        self._seen: tuple[float, int] | None = None

    def load(self) -> tuple[str, ...]:
        """Return the notices to show now."""
        self._seen = self._stamp()
        from_file = read_notices_file(self.notices_file)
        return from_file or self.configured

    def changed(self) -> bool:
        """Return whether the notices file changed since the last :meth:`load`."""
        return self._stamp() != self._seen

    def _stamp(self) -> tuple[float, int] | None:
        try:
            status = os.stat(self.notices_file)
        except OSError:
            return None
        return status.st_mtime, status.st_size


def read_notices_file(path: Path) -> tuple[str, ...]:
    """Return the notices in ``path``, none when it is missing or unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as error:
        log.warning(
            "cannot read board notices file %s (%s); using kiosk.ini", path, error
        )
        return ()
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def write_notices_file(path: Path, notices: list[str]) -> None:
    """Replace the notices file atomically (the board never reads half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".new")
    body = "# Board notices, one per line; written by kiosk-admin board-notices.\n"
    staging.write_text(body + "".join(f"{notice}\n" for notice in notices), "utf-8")
    staging.replace(path)
    log.info("board notices file %s now holds %d notices", path, len(notices))
