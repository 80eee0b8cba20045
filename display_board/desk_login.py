"""The desk's log-in screen: counter number and PIN, checked off the UI thread.

PINs are checked by :mod:`kiosk.staff_pins` (scrypt, rate-limited in the
database, so wrong guesses count across restarts and desks). A successful
log-in fires ``on_logged_in(desk)``; a refused one fires
``on_login_refused(counter, message)`` after showing the message.
"""

import logging
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.screenmanager import Screen

from display_board.desk_actions import CounterDesk
from display_board.desk_texts import DESK_TEXTS
from display_board.desk_widgets import ChoiceButton
from kiosk.app.worker import Worker
from kiosk.errors import KioskError
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

KV_PATH = Path(__file__).with_name("desk_login.kv")
if str(KV_PATH) not in Builder.files:
    Builder.load_file(str(KV_PATH))


class DeskLoginScreen(Screen):
    """Pick a counter, type its PIN, log in."""

    language = StringProperty("en")
    t = DictProperty(DESK_TEXTS["en"])
    centre_name = StringProperty("")
    counter = NumericProperty(0)
    message = StringProperty("")
    busy = BooleanProperty(False)

    __events__ = ("on_logged_in", "on_login_refused")

    def __init__(
        self,
        store: QueueStore,
        worker: Worker,
        language: str,
        counter: int | None,
        **kwargs: object,
    ) -> None:
        self.store = store
        self.worker = worker
        super().__init__(**kwargs)
        self.counter = counter or 0
        self._build_counters()
        self.set_language(language)

    def set_language(self, language: str) -> None:
        """Show the screen in ``language``."""
        self.language = language
        self.t = dict(DESK_TEXTS[language])
        centre = self.store.config.centre
        self.centre_name = centre.name_ur if language == "ur" else centre.name_en
        for button in self.ids.counter_grid.children:
            counter = self.store.config.counters[int(button.value)]
            button.label = counter.name_ur if language == "ur" else counter.name_en

    def toggle_language(self) -> None:
        """Switch between English and Urdu."""
        self.set_language("en" if self.language == "ur" else "ur")

    def choose(self, number: int) -> None:
        """Select counter ``number``."""
        self.counter = number
        for button in self.ids.counter_grid.children:
            button.selected = int(button.value) == number
        self.ids.pin_input.focus = True

    def log_in(self) -> None:
        """Check the PIN on the worker; open the desk when it is right."""
        pin = self.ids.pin_input.text
        if not self.counter or not pin or self.busy:
            return
        self.busy = True
        store, counter = self.store, int(self.counter)
        self.worker.submit(
            lambda: CounterDesk.login(store, counter, pin), self._done, self._failed
        )

    def on_logged_in(self, desk: CounterDesk) -> None:
        """Default handler of the event fired after a successful log-in."""

    def on_login_refused(self, counter: int, message: str) -> None:
        """Default handler of the event fired after a wrong PIN or a lock-out."""

    def _build_counters(self) -> None:
        for number in self.store.config.counters:
            button = ChoiceButton(value=str(number))
            button.bind(on_release=lambda b: self.choose(int(b.value)))
            self.ids.counter_grid.add_widget(button)
        if self.counter:
            self.choose(int(self.counter))

    def _done(self, desk: CounterDesk) -> None:
        self.busy = False
        self.ids.pin_input.text = ""
        self.message = ""
        self.dispatch("on_logged_in", desk)

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.ids.pin_input.text = ""
        if not isinstance(error, KioskError):
            log.error("desk log-in failed", exc_info=error)
        self.message = str(error)
        self.dispatch("on_login_refused", int(self.counter), self.message)
