"""A line-per-event report the board writes for tests and the latency benchmark.

Each line is ``<what> <unix time> <fields…>``, flushed at once, e.g.
``shown 1764734400.123 57 called C-007`` after the frame that drew call 57, or
``announced 1764734401.5 57 recall C-007 ok``. Off unless the board is started
with ``--report PATH``. Holds no personal data: tokens and counters only.
"""

import threading
import time
from pathlib import Path
from typing import TextIO


class BoardReport:
    """Append event lines to a file; safe to call from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file: TextIO = path.open("a", encoding="utf-8", buffering=1)

    def line(self, what: str, *fields: object, at: float | None = None) -> None:
        """Write one line stamped with ``at`` (default now)."""
        stamp = time.time() if at is None else at
        text = " ".join([what, f"{stamp:.6f}", *(str(field) for field in fields)])
        with self._lock:
            self._file.write(text + "\n")

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._file.close()
