"""What a slip says: plain frozen dataclasses the layouts take, and helpers.

The queue core fills these from a ticket or a case; the layouts in
:mod:`printer.layout` turn them into pictures and printer commands. Nothing here
talks to a printer.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

CNIC_DIGITS = 13
VISIBLE_CNIC_DIGITS = 4


def qr_payload(tracking_code: str, public_url: str | None) -> str:
    """Return what a slip's QR code holds for ``tracking_code``.

    ``{public_url}/t/{code}`` when a public tracking address is configured, so a
    phone opens the status page; ``PKM:{code}`` otherwise, which the kiosk camera
    still reads.
    """
    if public_url:
        return f"{public_url.rstrip('/')}/t/{tracking_code}"
    return f"PKM:{tracking_code}"


def mask_cnic(cnic: str) -> str:
    """Return ``cnic`` with every digit but the last four replaced by ``X``.

    Dashes are kept where they were: ``35202-1234567-1`` gives ``XXXXX-XXXX567-1``.
    Raise ValueError (without echoing the number) unless it holds 13 digits.
    """
    digits = re.sub(r"\D", "", cnic)
    if len(digits) != CNIC_DIGITS or re.search(r"[^\d\- ]", cnic):
        raise ValueError("a CNIC has 13 digits, with or without dashes (5-7-1)")

    hide = CNIC_DIGITS - VISIBLE_CNIC_DIGITS
    masked = []
    for character in cnic.strip():
        if character.isdigit() and hide > 0:
            masked.append("X")
            hide -= 1
        else:
            masked.append(character)
    return "".join(masked)


def _check_masked(cnic_masked: str | None) -> None:
    if cnic_masked is not None and len(re.findall(r"\d", cnic_masked)) > 4:
        raise ValueError(
            "cnic_masked shows more than 4 digits; pass it through mask_cnic"
        )


def _check_aware(issued_at: datetime) -> None:
    if issued_at.tzinfo is None:
        raise ValueError(
            "issued_at must be an aware local datetime (the centre's zone)"
        )


@dataclass(frozen=True)
class TicketSlip:
    """A queue ticket as printed at the kiosk."""

    centre_en: str
    centre_ur: str
    token: str
    service_en: str
    service_ur: str
    issued_at: datetime
    people_ahead: int
    estimated_wait_minutes: int
    documents_en: tuple[str, ...] = ()
    documents_ur: tuple[str, ...] = ()
    tracking_code: str | None = None
    qr_payload: str | None = None
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_aware(self.issued_at)
        if self.people_ahead < 0 or self.estimated_wait_minutes < 0:
            raise ValueError("people_ahead and estimated_wait_minutes must be >= 0")


@dataclass(frozen=True)
class CaseReceipt:
    """A receipt for a trackable case (a complaint, a verification, ...)."""

    centre_en: str
    centre_ur: str
    case_number: str
    tracking_code: str
    qr_payload: str
    service_en: str
    service_ur: str
    next_steps_en: str
    next_steps_ur: str
    expected_by: date | None
    issued_at: datetime
    cnic_masked: str | None = None
    token: str | None = None
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_aware(self.issued_at)
        _check_masked(self.cnic_masked)
