"""Check one field of the complaint form at a time, for the kiosk's wizard.

Each check returns the key of the bilingual message in :mod:`kiosk.app.texts`
(or None when the field is fine), so the screen can say in both languages what
is wrong with the field the visitor is on. The whole form is checked again by
:func:`kiosk.complaints.check_complaint` before it is stored. No Kivy here.
"""

from kiosk.complaints import (
    CATEGORY_KEYS,
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    normalise_cnic,
    normalise_mobile,
)
from kiosk.errors import InvalidInputError


def field_problem(field: str, value: str) -> str | None:
    """Return the message key for what is wrong with ``value``, or None."""
    if field in ("name", "relation_name"):
        return _name_problem(field, value)
    if field == "cnic":
        return _fails(normalise_cnic, value, "bad_cnic")
    if field == "mobile":
        return _fails(normalise_mobile, value, "bad_mobile")
    if field == "category":
        return None if value in CATEGORY_KEYS else "empty_category"
    if field == "description":
        if not value.strip():
            return "empty_description"
        return "long_description" if len(value.strip()) > DESCRIPTION_LIMIT else None
    return None


def cnic_as_typed(digits: str) -> str:
    """Return the digits typed so far grouped as a CNIC: ``00000-0000000-0``."""
    groups = (digits[:5], digits[5:12], digits[12:13])
    return "-".join(group for group in groups if group)


def mobile_as_typed(digits: str) -> str:
    """Return the digits typed so far grouped as a mobile: ``0300-1234567``."""
    return digits if len(digits) <= 4 else f"{digits[:4]}-{digits[4:]}"


def _name_problem(field: str, value: str) -> str | None:
    cleaned = " ".join(value.split())
    if not cleaned:
        return "empty_name" if field == "name" else "empty_relation_name"
    if any(char.isdigit() for char in cleaned):
        return "name_digits"
    return "name_long" if len(cleaned) > NAME_LIMIT else None


def _fails(check: object, value: str, key: str) -> str | None:
    try:
        check(value)
    except InvalidInputError:
        return key
    return None
