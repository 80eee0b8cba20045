"""Tracking codes: unguessable, easy to read aloud and type, self-checking.

A code is ten random symbols (50 bits from :mod:`secrets`) and one check symbol,
in Crockford's base-32 alphabet, which leaves out I, L, O and U so that nothing
looks like 1, 0 or V. It is printed in groups, ``7K3Q-9XDM-2R4``.

The check symbol makes every code fold to zero under ``c -> 2*c + symbol`` in the
field GF(32). That is a quasigroup with no two symbols commuting (a Damm-style
check), so any single mistyped symbol and any swap of two neighbours gives a
code that fails the check, and is rejected before any lookup.
"""

import re
import secrets

from kiosk.errors import InvalidTrackingCodeError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 10
CODE_LENGTH = DATA_SYMBOLS + 1
ENTROPY_BITS = DATA_SYMBOLS * 5

# Characters people type for another one: letters that look like digits and
# the lower-case forms. U is not accepted (it is not in the alphabet).
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = re.compile(r"[\s\-_.]+")
FIELD_POLYNOMIAL = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
MULTIPLIER = 2  # any element other than 0 and 1 makes the check anti-symmetric


def _times_multiplier(value: int) -> int:
    """Multiply ``value`` by x in GF(32)."""
    value <<= 1
    if value & 0b100000:
        value ^= FIELD_POLYNOMIAL
    return value


def _fold(symbols: str) -> int:
    """Fold symbols with ``c -> 2*c + symbol`` in GF(32) (addition is XOR)."""
    state = 0
    for symbol in symbols:
        state = _times_multiplier(state) ^ ALPHABET.index(symbol)
    return state


def check_symbol(data: str) -> str:
    """Return the symbol that makes ``data`` followed by it fold to zero."""
    return ALPHABET[_times_multiplier(_fold(data))]


def new_tracking_code() -> str:
    """Return a fresh random code (canonical form, no separators)."""
    bits = secrets.randbits(ENTROPY_BITS)  # one call: 5 bits per symbol
    data = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(DATA_SYMBOLS))
    return data + check_symbol(data)


def normalise_tracking_code(text: str) -> str:
    """Return the canonical form of a typed or scanned code, or raise.

    Upper-cases, drops spaces and dashes, reads O as 0 and I or L as 1, then
    checks the length, the alphabet and the check symbol.
    """
    candidate = SEPARATORS.sub("", text.strip()).upper().translate(LOOK_ALIKES)
    if len(candidate) != CODE_LENGTH:
        raise InvalidTrackingCodeError(
            f"a tracking code has {CODE_LENGTH} characters; "
            f"this one has {len(candidate)}. Check the code on your slip."
        )
    bad = sorted({char for char in candidate if char not in ALPHABET})
    if bad:
        raise InvalidTrackingCodeError(
            f"a tracking code cannot contain {''.join(bad)!r}. "
            "Check the code on your slip."
        )
    if _fold(candidate) != 0:
        raise InvalidTrackingCodeError(
            "this tracking code has a mistake in it. Check the code on your slip."
        )
    return candidate


def is_valid_tracking_code(text: str) -> bool:
    """Return whether ``text`` normalises to a valid code."""
    try:
        normalise_tracking_code(text)
    except InvalidTrackingCodeError:
        return False
    return True


def format_tracking_code(code: str, separator: str = "-") -> str:
    """Return ``code`` in groups of four for printing: ``7K3Q-9XDM-2R4``."""
    return separator.join(code[start : start + 4] for start in range(0, len(code), 4))
