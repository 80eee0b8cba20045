"""The on-screen keyboard: English, Urdu, digits, tracking codes and tokens.

The keys are data (:data:`LAYOUTS`); the look of a key is in ``keyboard.kv``.
The keyboard only reports keys (``on_key`` with the character, ``on_backspace``);
the screen decides what typing means.
"""

from kivy.properties import (
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout

from kiosk.widgets.mirror_box import MirrorBoxLayout
from kiosk.widgets.panels import Hideable
from kiosk.widgets.pressable import PressableBox

BACKSPACE = "<backspace>"
SPACE = "<space>"
SWITCH = "<switch>"

# Rows of keys, first row on top. Urdu letters are in alphabetical order, the
# order first-time visitors know from school, laid out right to left.
LAYOUTS: dict[str, list[list[str]]] = {
    "en": [
        list("QWERTYUIOP"),
        list("ASDFGHJKL'"),
        list("ZXCVBNM-./"),
        [SWITCH, SPACE, BACKSPACE],
    ],
    "ur": [
        list("اآبپتٹثجچحخ"),
        list("دڈذرڑزژسشصض"),
        list("طظعغفقکگلمن"),
        list("ںوہھءیےئؤ۔،"),
        [SWITCH, SPACE, BACKSPACE],
    ],
    "digits": [list("123"), list("456"), list("789"), [BACKSPACE, "0"]],
    "code": [
        list("0123456789"),
        list("ABCDEFGH"),
        list("JKMNPQRS"),
        [*"TVWXYZ", BACKSPACE],
    ],
    "token": [
        list("0123456789"),
        list("ABCDEFGHIJKLM"),
        [*"NOPQRSTUVWXYZ", BACKSPACE],
    ],
}
RTL_LAYOUTS = {"ur"}
# Special keys are wider than letters.
KEY_WIDTHS = {SPACE: 5.0, SWITCH: 1.6, BACKSPACE: 1.6}


class KeyButton(PressableBox):
    """One key: a character (``key``) shown as ``label``, or an ``icon``."""

    key = StringProperty("")
    label = StringProperty("")
    icon = StringProperty("")
    font_size = NumericProperty(40)


class OnScreenKeyboard(Hideable, BoxLayout):
    """Rows of big keys for ``layout``; emits ``on_key(char)`` and ``on_backspace``.

    ``labels`` gives the words for the space and layout-switch keys in the
    visitor's language: ``[space, switch]``. The switch key emits ``on_switch``.
    ``shown`` False hides it and lets touches through.
    """

    layout = OptionProperty("en", options=list(LAYOUTS))
    labels = ListProperty(["space", "اردو"])
    key_font_size = NumericProperty(40)
    __events__ = ("on_key", "on_backspace", "on_switch")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(layout=self._build, labels=self._build)
        self._build()

    def on_key(self, character: str) -> None:
        """Default handler: a key was pressed."""

    def on_backspace(self) -> None:
        """Default handler: backspace was pressed."""

    def on_switch(self) -> None:
        """Default handler: the language switch key was pressed."""

    def _build(self, *_args: object) -> None:
        self.clear_widgets()
        for keys in LAYOUTS[self.layout]:
            row = MirrorBoxLayout(
                spacing=self.spacing, mirrored=self.layout in RTL_LAYOUTS
            )
            for key in keys:
                row.add_widget(self._key(key))
            self.add_widget(row)

    def _key(self, key: str) -> KeyButton:
        space_label, switch_label = self.labels
        button = KeyButton(
            key=key,
            label={SPACE: space_label, SWITCH: switch_label}.get(key, key),
            icon="backspace" if key == BACKSPACE else "",
            size_hint_x=KEY_WIDTHS.get(key, 1.0),
            font_size=self.key_font_size,
        )
        if key == BACKSPACE:
            button.label = ""
        button.bind(on_release=self._pressed)
        return button

    def _pressed(self, button: KeyButton) -> None:
        if button.key == BACKSPACE:
            self.dispatch("on_backspace")
        elif button.key == SWITCH:
            self.dispatch("on_switch")
        elif button.key == SPACE:
            self.dispatch("on_key", " ")
        else:
            self.dispatch("on_key", button.key)
