"""Words and marks the hall board shows for a call, without Kivy.

The board shows tokens, counters and service names only: never a visitor's
name, CNIC or phone number (the feed does not even read them). Tokens and
digits stay in Latin form in Urdu lines, as on the slip.
"""

from dataclasses import dataclass
from datetime import datetime

from display_board.call_feed import CallNotice
from kiosk.config import Counter, KioskConfig
from kiosk.icons import icon_text, service_icon
from kiosk.models import PRIORITY_LABELS, Priority

NOW_SERVING = ("Now serving", "اب باری")
RECENT_HEADING = ("Recent calls", "گزشتہ ٹوکن")
WAITING_HEADING = ("Waiting", "انتظار میں")
NO_CALL_YET = ("Please wait for your token", "براہ کرم اپنے ٹوکن کا انتظار کریں")
GENDER_DESK_MARK = ("Gender desk", "جینڈر ڈیسک")
PRIORITY_ICONS = {
    Priority.WOMEN: "woman",
    Priority.SENIOR: "elderly",
    Priority.DISABILITY: "accessible",
}
URDU_WEEKDAYS = ("پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار")


@dataclass(frozen=True)
class CallLines:
    """What the board writes for one call: token, counter in both languages, mark."""

    token: str
    counter_number: str
    counter_en: str
    counter_ur: str
    direction_en: str
    direction_ur: str
    mark_icon: str
    mark_en: str
    mark_ur: str
    recall: bool


def call_lines(call: CallNotice, config: KioskConfig) -> CallLines:
    """Return the words for ``call``: "Counter 3" (shown after an arrow) and Urdu."""
    counter = config.counters.get(call.counter)
    name_en, name_ur = counter_names(counter, call.counter)
    mark_icon, mark_en, mark_ur = call_mark(call, config)
    return CallLines(
        token=call.token,
        counter_number=str(call.counter),
        counter_en=name_en,
        counter_ur=name_ur,
        direction_en=name_en,
        direction_ur=f"براہ کرم {name_ur} پر تشریف لائیں",
        mark_icon=mark_icon,
        mark_en=mark_en,
        mark_ur=mark_ur,
        recall=call.kind == "recall",
    )


def counter_names(counter: Counter | None, number: int) -> tuple[str, str]:
    """Return the counter's name in English and Urdu, always with its number.

    A counter named plainly ("Counter 3") reads "کاؤنٹر نمبر 3" in Urdu, as in
    the glossary's "براہ کرم کاؤنٹر نمبر 3 پر تشریف لائیں"; a named one (the
    gender desk) keeps its name and adds the number.
    """
    plain = (f"Counter {number}", f"کاؤنٹر نمبر {number}")
    if counter is None or counter.name_en == f"Counter {number}":
        return plain
    return (
        f"{counter.name_en} (counter {number})",
        f"{counter.name_ur} (کاؤنٹر نمبر {number})",
    )


def call_mark(call: CallNotice, config: KioskConfig) -> tuple[str, str, str]:
    """Return (icon character, English word, Urdu word) marking the call, or blanks.

    Priority tickets show their priority; other tickets for the gender desk
    show "Gender desk". Words always go with the icon: never colour alone.
    """
    if call.priority in PRIORITY_ICONS:
        english, urdu = PRIORITY_LABELS[call.priority]
        return icon_text(PRIORITY_ICONS[call.priority]), english, urdu
    service = config.services.get(call.service)
    counter = config.counters.get(call.counter)
    if (service and service.gender_desk) or (counter and counter.gender_desk):
        return icon_text("family_restroom"), *GENDER_DESK_MARK
    return "", "", ""


@dataclass(frozen=True)
class WaitingLine:
    """One service's waiting count as the board lists it."""

    service: str
    icon: str
    name_en: str
    name_ur: str
    count: int


def waiting_lines(
    waiting: dict[str, int], services: tuple[str, ...], config: KioskConfig
) -> list[WaitingLine]:
    """Return a line per shown service, in kiosk.ini order, zero when none wait."""
    return [
        WaitingLine(
            service=code,
            icon=icon_text(service_icon(code)),
            name_en=config.services[code].name_en,
            name_ur=config.services[code].name_ur,
            count=waiting.get(code, 0),
        )
        for code in services
    ]


def clock_lines(moment: datetime) -> tuple[str, str, str]:
    """Return the time, the English date and the Urdu weekday with the date."""
    return (
        moment.strftime("%H:%M"),
        moment.strftime("%a %d %b %Y"),
        f"{URDU_WEEKDAYS[moment.weekday()]} {moment.strftime('%d-%m-%Y')}",
    )
