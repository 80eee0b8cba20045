"""Decide whether a scanned QR text is a slip of this centre, and read its code.

A slip's QR code holds either ``{public_url}/t/{code}`` (when kiosk.ini sets
``[tracking] public_url``) or ``PKM:{code}``. Nothing else is accepted: other QR
codes, other hosts, ports or paths, query strings, fragments, user names,
percent-escapes, white space, control or non-ASCII characters and over-long text
all raise :class:`~kiosk.lookup_errors.NotASlipError`, so they are never looked
up. The code in a scanned payload must be in canonical form (or grouped with
dashes as printed) and pass its check symbol; typed codes go through
:func:`parse_typed_code`, which forgives case, spaces, dashes and look-alikes.
"""

import logging
import re
from urllib.parse import urlsplit

from kiosk.errors import InvalidTrackingCodeError
from kiosk.lookup_errors import NotASlipError
from kiosk.tracking_codes import ALPHABET, CODE_LENGTH, is_valid_tracking_code
from kiosk.tracking_codes import normalise_tracking_code as _normalise

logger = logging.getLogger(__name__)

PKM_PREFIX = "PKM:"
TRACK_PATH = "/t/"
# Longest text worth examining: a public URL of 200 characters plus the code.
MAX_PAYLOAD_LENGTH = 256
# Printable ASCII without space; anything else cannot be in one of our slips.
PRINTABLE = re.compile(r"[\x21-\x7e]+")
_SYMBOL = f"[{ALPHABET}]"
SCANNED_CODE = re.compile(
    rf"{_SYMBOL}{{11}}|{_SYMBOL}{{4}}-{_SYMBOL}{{4}}-{_SYMBOL}{{3}}"
)
# Characters that change how a URL is read; never in a slip's URL.
URL_TRICKS = frozenset("?#@%\\")


def build_slip_payload(code: str, public_url: str | None) -> str:
    """Return the QR text to print on a slip for canonical ``code``.

    With ``public_url`` set this is ``{public_url}/t/{code}``, else ``PKM:{code}``.
    Printing through this function keeps the printer and the scanner agreed.
    """
    if public_url:
        return f"{public_url.rstrip('/')}{TRACK_PATH}{code}"
    return f"{PKM_PREFIX}{code}"


def parse_slip_payload(text: str, public_url: str | None) -> str:
    """Return the canonical tracking code in a scanned slip's QR text, or raise.

    ``public_url`` is kiosk.ini's ``[tracking] public_url`` (None when unset, in
    which case only ``PKM:{code}`` is accepted). Raises NotASlipError naming the
    reason; the scanned text itself is never logged or repeated.
    """
    _check_characters(text)
    if text.startswith(PKM_PREFIX):
        return _checked_code(text[len(PKM_PREFIX) :])
    if public_url and "://" in text:
        return _checked_code(_code_from_url(text, public_url))
    raise _reject("neither PKM: nor this centre's tracking address")


def parse_typed_code(text: str) -> str:
    """Return the canonical form of a code typed on the keypad, or raise.

    Forgives case, spaces, dashes and the look-alikes O/0 and I/L/1; raises
    :class:`~kiosk.errors.InvalidTrackingCodeError` with a message for the
    visitor when the length, the alphabet or the check symbol is wrong.
    """
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise InvalidTrackingCodeError(
            f"a tracking code has {CODE_LENGTH} characters; this text has "
            f"{len(text)}. Check the code on your slip."
        )
    return _normalise(text)


def is_slip_of_centre(text: str, public_url: str | None) -> bool:
    """Return whether ``text`` is the QR text of one of this centre's slips."""
    try:
        parse_slip_payload(text, public_url)
    except NotASlipError:
        return False
    return True


def _check_characters(text: str) -> None:
    """Reject text that is not a short run of printable ASCII."""
    if not isinstance(text, str):
        raise _reject("not text")
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise _reject(f"too long ({len(text)} characters)")
    if not PRINTABLE.fullmatch(text):
        raise _reject("space, control or non-ASCII characters")


def _code_from_url(text: str, public_url: str) -> str:
    """Return the code part of ``{public_url}/t/{code}``; raise on anything else."""
    if URL_TRICKS.intersection(text):
        raise _reject("URL with a query, fragment, user name or escape")

    expected = urlsplit(public_url.rstrip("/"))
    try:
        found = urlsplit(text)
    except ValueError:
        raise _reject("malformed URL") from None
    same_origin = (
        found.scheme.lower() == expected.scheme.lower()
        and found.netloc.lower() == expected.netloc.lower()
    )
    if not same_origin:
        raise _reject("another website")

    prefix = expected.path + TRACK_PATH
    if not found.path.startswith(prefix):
        raise _reject("another page of this centre's website")
    return found.path[len(prefix) :]


def _checked_code(candidate: str) -> str:
    """Return ``candidate`` without dashes if it is a well-formed, checked code."""
    if not SCANNED_CODE.fullmatch(candidate):
        raise _reject("no tracking code where one belongs")
    code = candidate.replace("-", "")
    if not is_valid_tracking_code(code):
        raise _reject("tracking code fails its check symbol")
    return code


def _reject(reason: str) -> NotASlipError:
    """Build a NotASlipError and log its reason (never the scanned text)."""
    logger.info("Scanned QR code rejected: %s", reason)
    return NotASlipError(reason)
