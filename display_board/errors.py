"""Exceptions raised by the board and desk modules.

Each class is one failure a caller handles differently; messages carry the bad
value and the way out.
"""

from kiosk.errors import KioskError


class BoardError(KioskError):
    """Base class of the errors the board and desk raise on purpose."""


class AudioError(BoardError):
    """An announcement could not be built or played (clips, synthesiser, player)."""


class LoginError(BoardError):
    """A counter log-in was refused: unknown counter, no PIN set, or a wrong PIN."""


class KeypadError(BoardError):
    """A keypad section names a key or device the keypad reader cannot use."""
