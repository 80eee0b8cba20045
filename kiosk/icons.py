"""Icons for services and actions, shared by the kiosk, the hall board and slips.

Icons come from the Material Symbols font shipped in ``assets/icons`` (Apache-2.0).
Each icon is one character of that font; :data:`ICON_CODEPOINTS` names the ones
the project uses. The apps load :data:`ICON_FONT`, a copy of the font with only
those characters (``make icon-font`` writes it from :data:`ICON_SOURCE_FONT`),
and :data:`SERVICE_ICONS` gives every service of the shipped
kiosk.ini its one icon. One meaning per icon: no two services share a picture.
This module imports no Kivy.
"""

from pathlib import Path

ICONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons"
ICON_SOURCE_FONT = ICONS_DIR / "MaterialSymbolsOutlined.ttf"
ICON_FONT = ICONS_DIR / "MaterialSymbolsOutlined-kiosk.ttf"

ICON_CODEPOINTS = {
    "workspace_premium": 0xE7AF,
    "verified_user": 0xF013,
    "badge": 0xEA67,
    "real_estate_agent": 0xE73A,
    "directions_car": 0xEFF7,
    "find_in_page": 0xE880,
    "description": 0xE873,
    "edit_note": 0xE745,
    "family_restroom": 0xF1A2,
    "fact_check": 0xF0C5,
    "confirmation_number": 0xE638,
    "woman": 0xE13E,
    "elderly": 0xF21A,
    "accessible": 0xE914,
    "person": 0xF0D3,
    "arrow_back": 0xE5C4,
    "arrow_forward": 0xE5C8,
    "translate": 0xE8E2,
    "print": 0xE8AD,
    "qr_code_scanner": 0xF206,
    "check_circle": 0xF0BE,
    "error": 0xF8B6,
    "warning": 0xF083,
    "schedule": 0xEFD6,
    "group": 0xEA21,
    "backspace": 0xE14A,
    "lock": 0xE899,
    "thumb_up": 0xF577,
    "sentiment_very_dissatisfied": 0xE814,
    "sentiment_dissatisfied": 0xE811,
    "sentiment_neutral": 0xE812,
    "sentiment_satisfied": 0xE813,
    "sentiment_very_satisfied": 0xE815,
    "videocam_off": 0xE04C,
    "home": 0xE9B2,
    "close": 0xE5CD,
    "check": 0xE668,
    "touch_app": 0xE913,
    "info": 0xE88E,
}

# The picture for each service code of the shipped kiosk.ini.
SERVICE_ICONS = {
    "character_certificate": "workspace_premium",
    "police_verification": "verified_user",
    "employee_registration": "badge",
    "tenant_registration": "real_estate_agent",
    "vehicle_verification": "directions_car",
    "lost_report": "find_in_page",
    "fir_copy": "description",
    "complaint": "edit_note",
    "women_children": "family_restroom",
    "case_status": "fact_check",
}
# A service added to kiosk.ini without an icon here shows a plain ticket.
DEFAULT_SERVICE_ICON = "confirmation_number"


def icon_text(name: str) -> str:
    """Return the character that draws icon ``name`` in :data:`ICON_FONT`.

    Raises KeyError naming the icon when it is not in :data:`ICON_CODEPOINTS`.
    """
    try:
        return chr(ICON_CODEPOINTS[name])
    except KeyError:
        raise KeyError(f"unknown icon '{name}'; add it to ICON_CODEPOINTS") from None


def service_icon(service_code: str) -> str:
    """Return the icon name for a service code (a ticket for unknown codes)."""
    return SERVICE_ICONS.get(service_code, DEFAULT_SERVICE_ICON)
