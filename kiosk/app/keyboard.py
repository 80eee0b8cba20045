"""The on-screen keyboard: English, Urdu, digits, tracking codes and tokens.

The keys are data (:data:`LAYOUTS`); their colours and sizes are set in
``keyboard.kv``. The keyboard only reports keys (``on_key`` with the character,
``on_backspace``); the screen decides what typing means.

The whole keyboard is one widget that draws its keys as shapes on its own
canvas and finds the key under a finger itself. A key made of widgets (a button
box, an icon and a label) costs about 25 KB of objects and bindings; the Urdu
keyboard has 47 keys and the kiosk three keyboards, so keys as widgets cost the
kiosk several megabytes and a slower first show of each screen.
"""

from dataclasses import dataclass, field

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle, RoundedRectangle
from kivy.graphics.texture import Texture
from kivy.properties import (
    ColorProperty,
    ListProperty,
    NumericProperty,
    OptionProperty,
)
from kivy.uix.widget import Widget

from kiosk.widgets.icon_label import icon_texture
from kiosk.widgets.panels import Hideable
from kiosk.widgets.rendered_text import text_texture

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
# Icons are drawn this much larger than letters, to look the same size.
ICON_SCALE = 1.3
# A pressed key stays dark at least this long, so even the quickest tap is seen
# to land (as Kivy's buttons do with min_state_time).
MIN_PRESSED_SECONDS = 0.05


@dataclass
class _Key:
    """One key: what it types, and the canvas shapes that draw it."""

    key: str
    weight: float
    face_color: Color
    face: RoundedRectangle
    label: Rectangle
    label_size: tuple[int, int] = (0, 0)
    fingers: set = field(default_factory=set)

    def contains(self, x: float, y: float) -> bool:
        """Return whether the point (x, y), in the keyboard's coordinates, is on it."""
        left, bottom = self.face.pos
        width, height = self.face.size
        return left <= x <= left + width and bottom <= y <= bottom + height


class OnScreenKeyboard(Hideable, Widget):
    """Rows of big keys for ``layout``; emits ``on_key(char)`` and ``on_backspace``.

    ``labels`` gives the words for the space and layout-switch keys in the
    visitor's language: ``[space, switch]``. The switch key emits ``on_switch``.
    ``shown`` False hides it and lets touches through. Each finger presses the
    key it lands on; a key types when the finger lifts on it, so several fingers
    at once type what each of them lifted on and nothing else.
    """

    layout = OptionProperty("en", options=list(LAYOUTS))
    labels = ListProperty(["space", "اردو"])
    key_font_size = NumericProperty(40)
    spacing = NumericProperty(10)
    key_padding = NumericProperty(4)
    corner_radius = NumericProperty(14)
    key_color = ColorProperty([0.09, 0.24, 0.47, 1])
    pressed_color = ColorProperty([0.03, 0.08, 0.18, 1])
    disabled_color = ColorProperty([0.25, 0.28, 0.33, 1])
    ink = ColorProperty([1, 1, 1, 1])
    __events__ = ("on_key", "on_backspace", "on_switch")

    def __init__(self, **kwargs: object) -> None:
        self._keys: list[list[_Key]] = []
        self._rebuild = Clock.create_trigger(self._build, -1)
        self._replace = Clock.create_trigger(self._place, -1)
        super().__init__(**kwargs)
        self.bind(layout=self._rebuild, labels=self._rebuild)
        self.bind(key_font_size=self._rebuild, ink=self._rebuild)
        self.bind(key_color=self._recolour, pressed_color=self._recolour)
        self.bind(disabled=self._recolour, disabled_color=self._recolour)
        for name in ("pos", "size", "spacing", "key_padding", "corner_radius"):
            self.bind(**{name: self._replace})
        self._build()

    def on_key(self, character: str) -> None:
        """Default handler: a key was pressed."""

    def on_backspace(self) -> None:
        """Default handler: backspace was pressed."""

    def on_switch(self) -> None:
        """Default handler: the language switch key was pressed."""

    def key_center(self, key: str) -> tuple[float, float]:
        """Return the middle of ``key`` in window coordinates (for touch drivers)."""
        if self._rebuild.is_triggered:
            self._build()
        elif self._replace.is_triggered:
            self._place()
        for found in self._all_keys():
            if found.key == key:
                left, bottom = found.face.pos
                width, height = found.face.size
                return self.to_window(left + width / 2, bottom + height / 2)
        raise LookupError(f"no key {key!r} on the {self.layout} keyboard")

    # -- touches -----------------------------------------------------------

    def on_touch_down(self, touch: object) -> bool:
        """Press the key under a new finger; a touch between keys is swallowed."""
        if not self.shown or self.disabled or not self.collide_point(*touch.pos):
            return False
        pressed = self._key_at(*touch.pos)
        if pressed is not None:
            touch.grab(self)
            pressed.fingers.add(touch.uid)
            self._recolour()
        return True

    def on_touch_move(self, touch: object) -> bool:
        """Keep a finger that slides on its key; others pass by."""
        return touch.grab_current is self

    def on_touch_up(self, touch: object) -> bool:
        """Type the key a finger lifts on, if it is the key it pressed."""
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        for pressed in self._all_keys():
            if touch.uid in pressed.fingers:
                pressed.fingers.discard(touch.uid)
                if pressed.contains(*touch.pos):
                    self._type(pressed.key)
        Clock.schedule_once(self._recolour, MIN_PRESSED_SECONDS)
        return True

    def _key_at(self, x: float, y: float) -> _Key | None:
        return next((key for key in self._all_keys() if key.contains(x, y)), None)

    def _type(self, key: str) -> None:
        if key == BACKSPACE:
            self.dispatch("on_backspace")
        elif key == SWITCH:
            self.dispatch("on_switch")
        elif key == SPACE:
            self.dispatch("on_key", " ")
        else:
            self.dispatch("on_key", key)

    # -- drawing -----------------------------------------------------------

    def _all_keys(self) -> list[_Key]:
        return [key for row in self._keys for key in row]

    def _build(self, *_args: object) -> None:
        """Make the shapes of every key of ``layout``, with their labels drawn."""
        self._rebuild.cancel()
        self.canvas.clear()
        self._keys = []
        with self.canvas:
            for keys in LAYOUTS[self.layout]:
                self._keys.append([self._draw_key(key) for key in keys])
        self._recolour()
        self._place()

    def _draw_key(self, key: str) -> _Key:
        face_color = Color(rgba=self.key_color)
        face = RoundedRectangle()
        Color(rgba=self.ink)
        texture = self._label_texture(key)
        label = Rectangle(texture=texture)
        weight = KEY_WIDTHS.get(key, 1.0)
        return _Key(key, weight, face_color, face, label, tuple(texture.size))

    def _label_texture(self, key: str) -> Texture:
        size = max(int(self.key_font_size), 8)
        if key == BACKSPACE:
            return icon_texture("backspace", max(int(size * ICON_SCALE), 8))
        space_word, switch_word = self.labels
        text = {SPACE: space_word, SWITCH: switch_word}.get(key, key)
        return text_texture((text, size, False, 0, "center"))

    def _place(self, *_args: object) -> None:
        """Lay the keys out in rows filling the widget, each row's keys by weight."""
        self._replace.cancel()
        if not self._keys:
            return
        rows = len(self._keys)
        row_height = (self.height - self.spacing * (rows - 1)) / rows
        for index, row in enumerate(self._keys):
            top = self.top - index * (row_height + self.spacing)
            self._place_row(row, top - row_height, row_height)

    def _place_row(self, row: list[_Key], bottom: float, height: float) -> None:
        gaps = self.spacing * (len(row) - 1)
        unit = (self.width - gaps) / sum(key.weight for key in row)
        mirrored = self.layout in RTL_LAYOUTS
        left = self.x
        for key in row:
            width = key.weight * unit
            x = self.x + self.right - left - width if mirrored else left
            key.face.pos, key.face.size = (x, bottom), (width, height)
            key.face.radius = [self.corner_radius]
            self._place_label(key, x, bottom, width, height)
            left += width + self.spacing

    def _place_label(
        self, key: _Key, x: float, y: float, width: float, height: float
    ) -> None:
        """Centre the label, scaled down if it is wider than the key allows."""
        label_width, label_height = key.label_size
        room = max(width - 2 * self.key_padding, 1)
        scale = min(1.0, room / label_width) if label_width else 1.0
        label_width, label_height = label_width * scale, label_height * scale
        key.label.size = (label_width, label_height)
        key.label.pos = (x + (width - label_width) / 2, y + (height - label_height) / 2)

    def _recolour(self, *_args: object) -> None:
        for key in self._all_keys():
            if self.disabled:
                key.face_color.rgba = self.disabled_color
            elif key.fingers:
                key.face_color.rgba = self.pressed_color
            else:
                key.face_color.rgba = self.key_color
