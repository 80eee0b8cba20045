"""Exceptions raised by the operations tools: reports, backups, purges, simulator.

They sit beside :mod:`kiosk.errors` (the queue core's tree) and derive from its
:class:`~kiosk.errors.KioskError`, so ``kiosk-admin`` shows each as one line and
exits with status 2. Messages carry the bad value and the way out.
"""

from kiosk.errors import KioskError


class BackupError(KioskError):
    """A backup could not be written, or the copy failed its integrity check."""


class SimulationTargetError(KioskError):
    """The simulator was pointed at a database it must not write (the live one)."""
