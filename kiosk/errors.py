"""Exceptions raised by the queue core.

Each class is one failure a caller handles differently. Messages carry the bad
value and the way out, so the boundary (a kiosk screen, the ``kiosk-admin``
command line) can show them as they are.
"""


class KioskError(Exception):
    """Base class of every error the queue core raises on purpose."""


class ConfigError(KioskError):
    """kiosk.ini cannot be read or holds a value that is not allowed.

    The message names the file, the section and the key, and says what is
    allowed, so staff can mend the file without reading code.
    """

    def __init__(
        self,
        path: str,
        message: str,
        section: str | None = None,
        key: str | None = None,
    ) -> None:
        self.path = path
        self.section = section
        self.key = key
        self.reason = message
        where = path
        if section is not None:
            where += f", section [{section}]"
        if key is not None:
            where += f", key '{key}'"
        super().__init__(f"{where}: {message}")


class UnknownServiceError(KioskError):
    """A service code is not configured in kiosk.ini."""


class UnknownCounterError(KioskError):
    """A counter number is not configured in kiosk.ini."""


class UnknownTicketError(KioskError):
    """No ticket with this token exists today."""


class UnknownCaseError(KioskError):
    """No case has this tracking code."""


class InvalidTrackingCodeError(KioskError):
    """A typed or scanned tracking code is malformed or fails its check character."""


class IllegalTransitionError(KioskError):
    """A ticket was asked to move to a state its current state does not allow."""


class QueueEmptyError(KioskError):
    """A counter called the next ticket but nothing it serves is waiting."""


class CentreClosedError(KioskError):
    """A ticket was requested outside the centre's or the service's hours."""


class DatabaseError(KioskError):
    """The queue database cannot be opened, is too new, or is damaged."""


class InvalidInputError(KioskError):
    """A value given by a caller (rating, priority, status, date) is not allowed."""
