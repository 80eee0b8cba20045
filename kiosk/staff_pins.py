"""Staff PINs: counter log-in and the kiosk's maintenance PIN.

PINs are short, so they are stored only as scrypt hashes (slow on purpose) with
a random salt, and wrong guesses are rate-limited in the database itself, so
restarting an app or guessing from several desks does not reset the count:
after ``FREE_ATTEMPTS`` wrong PINs in a row the role is locked, for a time that
doubles with each further failure (30 s, 60 s, … at most 15 minutes).

Roles are ``counter:N`` for counter N and ``kiosk`` for the kiosk's staff menu.
"""

import hashlib
import hmac
import logging
import math
import re
import secrets
from collections.abc import Callable

from kiosk.errors import InvalidInputError, KioskError
from kiosk.sqlite_library import sqlite_utils

log = logging.getLogger(__name__)

SCRYPT_COST = 2**14  # about 50 ms per check on the kiosk's CPU
SCRYPT_BLOCK_SIZE = 8
FREE_ATTEMPTS = 5
FIRST_LOCK_SECONDS = 30.0
LONGEST_LOCK_SECONDS = 15 * 60.0
PIN_PATTERN = re.compile(r"^\d{4,8}$")
ROLE_PATTERN = re.compile(r"^(kiosk|counter:\d{1,2})$")


class PinLockedError(KioskError):
    """Too many wrong PINs: the role is locked for a while."""

    def __init__(self, role: str, seconds_left: float) -> None:
        self.seconds_left = seconds_left
        super().__init__(
            f"too many wrong PINs for {role}; try again in {math.ceil(seconds_left)} s"
        )


class StaffPins:
    """Set and check PINs kept in the queue database's ``staff_pins`` table."""

    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], float]) -> None:
        self.db = db
        self.clock = clock

    def set_pin(self, role: str, pin: str) -> None:
        """Store a new PIN for ``role`` (4 to 8 digits) and clear its failures."""
        _check_role(role)
        if not PIN_PATTERN.match(pin):
            raise InvalidInputError("a PIN is 4 to 8 digits")
        salt = secrets.token_bytes(16)
        self.db.execute(
            "INSERT INTO staff_pins (role, pin_hash, salt, cost, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (role) DO UPDATE SET "
            "pin_hash = excluded.pin_hash, salt = excluded.salt, cost = excluded.cost, "
            "failures = 0, locked_until = 0, updated_at = excluded.updated_at",
            [role, _hash(pin, salt, SCRYPT_COST), salt, SCRYPT_COST, self.clock()],
        )
        log.info("PIN set for %s", role)

    def has_pin(self, role: str) -> bool:
        """Return whether a PIN was ever set for ``role``."""
        row = self.db.execute("SELECT 1 FROM staff_pins WHERE role = ?", [role])
        return row.fetchone() is not None

    def check(self, role: str, pin: str) -> bool:
        """Return whether ``pin`` is right for ``role``; count and limit failures.

        Raises PinLockedError while the role is locked (without checking the PIN).
        A role with no PIN set accepts nothing.
        """
        row = self.db.execute(
            "SELECT pin_hash, salt, cost, failures, locked_until FROM staff_pins "
            "WHERE role = ?",
            [role],
        ).fetchone()
        if row is None:
            return False
        pin_hash, salt, cost, failures, locked_until = row
        now = self.clock()
        if locked_until > now:
            raise PinLockedError(role, locked_until - now)

        if hmac.compare_digest(_hash(pin, salt, cost), pin_hash):
            self._record(role, 0, 0.0)
            return True
        self._record_failure(role, failures + 1, now)
        return False

    def _record_failure(self, role: str, failures: int, now: float) -> None:
        lock = 0.0
        if failures >= FREE_ATTEMPTS:
            doublings = failures - FREE_ATTEMPTS
            lock = min(FIRST_LOCK_SECONDS * 2**doublings, LONGEST_LOCK_SECONDS)
            log.warning(
                "%s locked for %.0f s after %d wrong PINs", role, lock, failures
            )
        self._record(role, failures, now + lock if lock else 0.0)

    def _record(self, role: str, failures: int, locked_until: float) -> None:
        self.db.execute(
            "UPDATE staff_pins SET failures = ?, locked_until = ? WHERE role = ?",
            [failures, locked_until, role],
        )


def _check_role(role: str) -> None:
    if not ROLE_PATTERN.match(role):
        raise InvalidInputError(f"unknown role '{role}'; use 'kiosk' or 'counter:N'")


def _hash(pin: str, salt: bytes, cost: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=cost, r=SCRYPT_BLOCK_SIZE, p=1, dklen=32
    )
