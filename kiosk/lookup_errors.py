"""Exceptions raised while scanning slips and looking up case status.

These sit beside :mod:`kiosk.errors` (the queue core's tree) and derive from its
:class:`~kiosk.errors.KioskError`, so one ``except KioskError`` at a boundary
still catches everything. Each class carries the sentence a visitor sees, in
English and Urdu, as ``en`` and ``ur``; ``str(error)`` is the English sentence
followed by the reason for staff.
"""

from kiosk.errors import KioskError, UnknownCaseError


class BilingualError(KioskError):
    """An error with a visitor-facing sentence in English and Urdu."""

    en = ""
    ur = ""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        message = f"{self.en} ({reason})" if reason else self.en
        super().__init__(message)

    def text(self, language: str) -> str:
        """Return the visitor-facing sentence in ``language`` ("en" or "ur")."""
        return self.ur if language == "ur" else self.en


class NotASlipError(BilingualError):
    """A scanned text is not the QR code of a slip printed by this centre.

    Such text is never looked up. ``reason`` says why, for staff; it never
    repeats the scanned text, which may be hostile.
    """

    en = "this is not a slip of this centre"
    ur = "یہ اس مرکز کی پرچی نہیں ہے"


class CameraUnavailableError(BilingualError):
    """The camera cannot be opened or has stopped giving frames."""

    en = "camera unavailable — type your code"
    ur = "کیمرہ دستیاب نہیں — اپنا ٹریکنگ کوڈ درج کریں"


class StatusUnavailableError(BilingualError):
    """Case status cannot be checked now and no earlier status is known."""

    en = "cannot check right now — please try again later or ask at a counter"
    ur = "ابھی معلوم نہیں کیا جا سکتا — بعد میں دوبارہ کوشش کریں یا کاؤنٹر سے پوچھیں"


class LookupRateLimitedError(BilingualError):
    """This kiosk has made too many lookups in the last minute."""

    en = "too many checks from this kiosk — please wait a moment and try again"
    ur = "اس کیوسک سے بہت زیادہ تلاش کی گئی — تھوڑی دیر انتظار کر کے دوبارہ کوشش کریں"

    def __init__(self, retry_after_seconds: float) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"retry in {retry_after_seconds:.0f} s")


class CaseNotFoundError(BilingualError, UnknownCaseError):
    """The tracking service knows no case with this tracking code.

    It is also an :class:`~kiosk.errors.UnknownCaseError`, the error the local
    database source raises, so callers handle both sources alike.
    """

    en = "no case has this tracking code — check the code on your slip"
    ur = "اس ٹریکنگ کوڈ کا کوئی کیس نہیں ملا — اپنی پرچی پر کوڈ دوبارہ دیکھیں"
