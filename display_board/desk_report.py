"""A line-per-event report the counter desk writes for tests, like the board's.

Off unless ``counter-desk`` is started with ``--report PATH``. Each line is
``<what> <unix time> <fields…>`` (see :mod:`display_board.board_report`):

- ``ready <t> login`` once the log-in screen is up and takes keys;
- ``logged-in <t> <counter>`` after a right PIN;
- ``refused <t> <counter> <message>`` after a wrong PIN or while locked out;
- ``done <t> <action> <token>`` after a command (``-`` when it has no ticket,
  e.g. pause), such as ``done 1764734400.5 call_next C-001``;
- ``failed <t> <action> <message>`` when the store refused a command.

Holds no personal data: counters, tokens and the messages the desk shows, which
never contain a PIN.
"""

from pathlib import Path

from display_board.board_report import BoardReport


class DeskReport:
    """Write the desk's events to a report file; safe from any thread."""

    def __init__(self, path: Path) -> None:
        self._report = BoardReport(path)

    def ready(self, screen: str) -> None:
        """Record that ``screen`` (``login``) is drawn and takes input."""
        self._report.line("ready", screen)

    def logged_in(self, counter: int) -> None:
        """Record a successful log-in at ``counter``."""
        self._report.line("logged-in", counter)

    def refused(self, counter: int, message: str) -> None:
        """Record a refused log-in at ``counter`` with the message shown."""
        self._report.line("refused", counter, _one_line(message))

    def done(self, action: str, token: str | None) -> None:
        """Record that ``action`` succeeded, on ticket ``token`` if any."""
        self._report.line("done", action, token or "-")

    def failed(self, action: str, message: str) -> None:
        """Record that ``action`` failed with the message shown."""
        self._report.line("failed", action, _one_line(message))

    def close(self) -> None:
        """Close the file."""
        self._report.close()


def _one_line(message: str) -> str:
    return " ".join(message.split())
