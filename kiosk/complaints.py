"""Complaint forms: checking what a visitor typed before it is stored.

Personal data (names, CNIC, mobile number, the complaint's text) is checked here,
stored only in the ``complaints`` table, and never logged or shown on the board.
"""

import re
from dataclasses import dataclass

from kiosk.errors import InvalidInputError

# Non-cognizable matters a Khidmat Markaz registers (police may not arrest
# without a warrant): (key, English, Urdu).
COMPLAINT_CATEGORIES = (
    ("dispute", "Neighbourhood or family dispute", "ہمسایوں یا خاندان کا جھگڑا"),
    ("threats", "Threats or harassment", "دھمکیاں یا ہراسانی"),
    ("nuisance", "Public nuisance or noise", "عوامی پریشانی یا شور"),
    ("minor_hurt", "Minor hurt in a quarrel", "جھگڑے میں معمولی چوٹ"),
    ("defamation", "Defamation or insult", "ہتکِ عزت یا توہین"),
    ("other", "Other matter", "دیگر معاملہ"),
)
CATEGORY_KEYS = tuple(key for key, _, _ in COMPLAINT_CATEGORIES)
NAME_LIMIT = 80
DESCRIPTION_LIMIT = 1000
MOBILE_PATTERN = re.compile(r"^(?:\+92|0092|92|0)(3\d{9})$")


@dataclass(frozen=True)
class ComplaintForm:
    """A complaint as checked: CNIC as 13 digits, mobile as 03XXXXXXXXX."""

    name: str
    relation_name: str
    cnic: str
    mobile: str
    category: str
    description: str
    gender_desk: bool = False


def format_cnic(digits: str) -> str:
    """Return 13 digits as a CNIC is printed: ``00000-0000000-0``."""
    return f"{digits[:5]}-{digits[5:12]}-{digits[12:]}"


def normalise_cnic(text: str) -> str:
    """Return the 13 digits of a CNIC typed with or without dashes, or raise."""
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) != 13:
        raise InvalidInputError("the CNIC must have 13 digits, written 00000-0000000-0")
    return digits


def normalise_mobile(text: str) -> str:
    """Return a Pakistani mobile number as ``03XXXXXXXXX``, or raise."""
    compact = re.sub(r"[\s()-]", "", text)
    match = MOBILE_PATTERN.match(compact)
    if not match:
        raise InvalidInputError(
            "the mobile number must be a Pakistani mobile: 03XX-XXXXXXX"
        )
    return "0" + match.group(1)


def check_complaint(
    name: str,
    relation_name: str,
    cnic: str,
    mobile: str,
    category: str,
    description: str,
    gender_desk: bool = False,
) -> ComplaintForm:
    """Check every field of a complaint; raise InvalidInputError at the first fault."""
    return ComplaintForm(
        name=_person_name(name, "name"),
        relation_name=_person_name(relation_name, "father's or husband's name"),
        cnic=normalise_cnic(cnic),
        mobile=normalise_mobile(mobile),
        category=_category(category),
        description=_description(description),
        gender_desk=gender_desk,
    )


def _person_name(text: str, field: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise InvalidInputError(f"the {field} is empty; please write it")
    if len(value) > NAME_LIMIT:
        raise InvalidInputError(f"the {field} is longer than {NAME_LIMIT} letters")
    if any(char.isdigit() for char in value):
        raise InvalidInputError(f"the {field} cannot contain digits")
    return value


def _category(key: str) -> str:
    if key not in CATEGORY_KEYS:
        raise InvalidInputError(
            f"unknown complaint category '{key}'; choose one of: "
            + ", ".join(CATEGORY_KEYS)
        )
    return key


def _description(text: str) -> str:
    value = text.strip()
    if not value:
        raise InvalidInputError("please describe the matter in a few words")
    if len(value) > DESCRIPTION_LIMIT:
        raise InvalidInputError(
            f"the description is longer than {DESCRIPTION_LIMIT} letters"
        )
    return value
