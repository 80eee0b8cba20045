"""The complaint form: one question per step, checked as the visitor goes.

Name, father's or husband's name, CNIC, mobile number, kind of matter, the
gender desk (offered for women) and a short description. A bad answer keeps the
visitor on its step with a message in both languages. The finished form is
issued with a ticket of the complaint service on the ticket screen, which
prints the case receipt; the form is then cleared from this screen, as it is
when the kiosk goes idle.
"""

import logging

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)

from kiosk.app.complaint_checks import cnic_as_typed, field_problem, mobile_as_typed
from kiosk.app.screens.base import KioskScreen
from kiosk.app.texts import TEXTS, pick
from kiosk.complaints import COMPLAINT_CATEGORIES, check_complaint
from kiosk.errors import InvalidInputError
from kiosk.models import Priority
from kiosk.widgets.pressable import PressableBox

log = logging.getLogger(__name__)

# (field, kind of input, longest answer)
STEPS = (
    ("name", "text", 80),
    ("relation_name", "text", 80),
    ("cnic", "digits", 13),
    ("mobile", "digits", 12),
    ("category", "choice", 0),
    ("gender_desk", "yesno", 0),
    ("description", "text", 1000),
)
EMPTY_FORM = {
    "name": "",
    "relation_name": "",
    "cnic": "",
    "mobile": "",
    "category": "",
    "description": "",
}


class CategoryButton(PressableBox):
    """One kind of complaint; ``key`` is its code in COMPLAINT_CATEGORIES."""

    key = StringProperty("")
    label = StringProperty("")


class ComplaintScreen(KioskScreen):
    """Collect a complaint step by step (see the module docstring)."""

    back_target = StringProperty("services")
    step = NumericProperty(0)
    steps = NumericProperty(len(STEPS))
    field = StringProperty("name")
    kind = OptionProperty("text", options=["text", "digits", "choice", "yesno"])
    keyboard_layout = OptionProperty("ur", options=["en", "ur", "digits"])
    shown_value = StringProperty("")
    message = ListProperty(["", ""])
    gender_desk = BooleanProperty(False)
    category = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.service_code = ""
        self.values = dict(EMPTY_FORM)

    def on_kv_post(self, *_args: object) -> None:
        """Make the category buttons; follow the visitor's language."""
        for key, _english, _urdu in COMPLAINT_CATEGORIES:
            button = CategoryButton(key=key)
            button.bind(on_release=lambda button: self.choose_category(button.key))
            self.ids.categories.add_widget(button)
        self.app.bind(language=self._language_changed)
        self._language_changed()

    def start(self, service_code: str) -> None:
        """Begin a fresh complaint for ``service_code``."""
        self.reset()
        self.service_code = service_code

    def type_key(self, key: str) -> None:
        """Add a typed character to the answer of this step."""
        field, _kind, longest = STEPS[self.step]
        if len(self.values[field]) < longest:
            self.values[field] += key
            self.message = ["", ""]
            self._show_value()

    def erase(self) -> None:
        """Remove the last character of this step's answer."""
        field = STEPS[self.step][0]
        self.values[field] = self.values[field][:-1]
        self._show_value()

    def switch_keyboard(self) -> None:
        """Switch the letters between Urdu and English."""
        self.keyboard_layout = "en" if self.keyboard_layout == "ur" else "ur"

    def choose_category(self, key: str) -> None:
        """Take the kind of matter and go on."""
        self.values["category"] = key
        self.category = key
        self.next()

    def choose_gender_desk(self, wanted: bool) -> None:
        """Take the gender-desk answer and go on."""
        self.gender_desk = wanted
        self.next()

    def next(self) -> None:
        """Check this step's answer; go on, or register on the last step."""
        if self.busy:
            return
        field = STEPS[self.step][0]
        problem = field_problem(field, self.values.get(field, ""))
        if problem is not None:
            log.info("complaint step %s refused: %s", field, problem)
            self.message = list(TEXTS[problem])
            return
        if self.step + 1 < len(STEPS):
            self._go_to(self.step + 1)
            return
        self._register()

    def previous(self) -> None:
        """Go back a step, or leave the form from the first step."""
        if self.step == 0:
            self.reset()
            self.app.show("services")
            return
        self._go_to(self.step - 1)

    def reset(self) -> None:
        """Forget everything typed (personal data included)."""
        super().reset()
        self.values = dict(EMPTY_FORM)
        self.gender_desk = False
        self.category = ""
        self._go_to(0)

    # -- internals --------------------------------------------------------

    def _register(self) -> None:
        try:
            form = check_complaint(gender_desk=self.gender_desk, **self.values)
        except InvalidInputError as error:
            log.warning("complaint form refused as a whole: %s", type(error).__name__)
            self.message = list(TEXTS["issue_failed"])
            return
        self.busy = True
        priority = Priority.WOMEN if form.gender_desk else Priority.NORMAL
        self.app.screen("ticket").issue(self.service_code, priority, form)
        log.info("complaint handed to the ticket screen (%s)", form.category)
        self.reset()
        self.app.show("ticket")

    def _go_to(self, step: int) -> None:
        self.step = step
        self.field, self.kind, _longest = STEPS[step]
        self.message = ["", ""]
        if self.kind == "digits":
            self.keyboard_layout = "digits"
        elif self.kind == "text":
            self.keyboard_layout = self.app.language if self.app else "ur"
        self._show_value()

    def _show_value(self) -> None:
        field = STEPS[self.step][0]
        value = self.values.get(field, "")
        if field == "cnic":
            value = cnic_as_typed(value)
        elif field == "mobile":
            value = mobile_as_typed(value)
        self.shown_value = value

    def _language_changed(self, *_args: object) -> None:
        language = self.app.language
        for button in self.ids.categories.children:
            names = next(c for c in COMPLAINT_CATEGORIES if c[0] == button.key)[1:]
            button.label = pick(names, language)
        if self.kind == "text":
            self.keyboard_layout = language
