"""Kivy widgets of the counter desk: action buttons, waiting rows, dialogs.

Their layout is in ``desk.kv``. Buttons press visibly at once (they are
:class:`~kiosk.widgets.pressable.PressableBox`); text that may be Urdu is a
RenderedText.
"""

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

from kiosk.urdu_text import FONTS_DIR, LATIN_FONT
from kiosk.widgets.pressable import PressableBox


class DeskButton(PressableBox):
    """A desk command: its words, with its keyboard shortcut printed on it."""

    label = StringProperty("")
    shortcut = StringProperty("")
    action = StringProperty("")
    big = BooleanProperty(False)


class ChoiceButton(PressableBox):
    """One option in a dialog or a row of choices."""

    label = StringProperty("")
    value = StringProperty("")


class DeskWaitingRow(BoxLayout):
    """One service's waiting line on the desk."""

    name = StringProperty("")
    detail = StringProperty("")


class ConfirmView(ModalView):
    """Ask once before a destructive action; ``on_yes`` runs if confirmed."""

    message = StringProperty("")
    yes_text = StringProperty("Yes")
    no_text = StringProperty("No")
    on_yes = ObjectProperty(None, allownone=True)

    def answer(self, confirmed: bool) -> None:
        """Close, and carry out the action when ``confirmed``."""
        self.dismiss()
        if confirmed and self.on_yes is not None:
            self.on_yes()


class ChoiceView(ModalView):
    """Pick one of ``choices`` (list of (value, label)); ``on_choice(value)``."""

    message = StringProperty("")
    choices = ListProperty([])
    cancel_text = StringProperty("Cancel")
    on_choice = ObjectProperty(None, allownone=True)

    def on_choices(self, *_args: object) -> None:
        """Build one button per choice."""
        box = self.ids.choice_box
        box.clear_widgets()
        for value, label in self.choices:
            button = ChoiceButton(label=label, value=value)
            button.bind(on_release=self._picked)
            box.add_widget(button)

    def _picked(self, button: ChoiceButton) -> None:
        self.dismiss()
        if self.on_choice is not None:
            self.on_choice(button.value)


class TokenView(ModalView):
    """Type a token to call out of turn; ``on_token(text)`` when confirmed."""

    message = StringProperty("")
    ok_text = StringProperty("OK")
    cancel_text = StringProperty("Cancel")
    on_token = ObjectProperty(None, allownone=True)

    def submit(self) -> None:
        """Close and hand on the typed token."""
        typed = self.ids.token_input.text
        self.dismiss()
        if typed.strip() and self.on_token is not None:
            self.on_token(typed)


LATIN_FONT_PATH = str(FONTS_DIR / LATIN_FONT)
