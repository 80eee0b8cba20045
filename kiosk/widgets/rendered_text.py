"""A Kivy widget that shows Urdu or English text drawn by kiosk.urdu_text."""

from collections.abc import Iterable

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.widget import Widget
from PIL import Image

from kiosk.urdu_text import LruCache, default_renderer, has_urdu

WHITE_INK = (255, 255, 255)
UNLIMITED_WIDTH = 100_000
# Fitting steps down to sizes divisible by this, so texts that do not fit share
# a few font sizes (each font face at each size costs the process memory).
FIT_STEP = 4
# Textures of recently drawn texts, shared by every RenderedText: a board's
# recent-calls rows pass the same tokens down one row at each call, and a text
# seen before is shown without drawing or uploading it again. Capped by bytes
# too: with a software renderer textures live in the kiosk's own memory.
TEXTURE_CACHE_BYTES = 24 * 1024 * 1024
TEXTURES = LruCache[tuple, Texture](
    256, TEXTURE_CACHE_BYTES, lambda texture: texture.width * texture.height * 4
)

# The font size each fitted text was drawn at, by everything the fitting read.
# Fitting wraps and measures the text at each size it tries (0.3-1.5 s for a
# screen of Urdu); remembered, a language switch back finds its sizes and then
# its textures here without drawing anything.
FITTED_SIZES = LruCache[tuple, int](4096)

# What a RenderedText draws: (text, size, bold, wrap width or 0, align or None).
TextKey = tuple[str, int, bool, int, str | None]


class RenderedText(Widget):
    """Text drawn by the shared renderer, tinted with ``color``.

    Urdu is shaped and ordered right to left by raqm; mixed lines keep tokens
    such as C-007 left to right. Lines wrap at the widget's width when ``wrap``
    is on. ``texture_size`` is the drawn size, for ``height: self.texture_size[1]``
    in kv. With ``shrink_to_fit`` a line too wide for the widget is scaled down
    instead of overflowing.

    With ``wrap`` and ``max_lines`` the text is drawn at ``font_size`` if it
    wraps into that many lines, else at the largest smaller size (a multiple of
    4, not under ``min_font_size``) that does; with ``fit_height`` too, it must
    also fit the widget's height. ``drawn_font_size`` is the size on screen, any
    fitting and shrinking included. With ``shrink_to_fit`` and ``fit_height`` a
    text still too tall at ``min_font_size`` is scaled down to the height too.

    Text known before it is shown can be drawn on a worker thread: take
    :meth:`key_for` on the UI thread, :func:`draw_text` on the worker, then
    :func:`adopt_drawn` on the UI thread before setting ``text``, which then
    only finds the texture.
    """

    text = StringProperty("")
    font_size = NumericProperty(32)
    bold = BooleanProperty(False)
    color = ColorProperty([1, 1, 1, 1])
    halign = OptionProperty("auto", options=["auto", "left", "center", "right"])
    valign = OptionProperty("middle", options=["top", "middle", "bottom"])
    wrap = BooleanProperty(True)
    shrink_to_fit = BooleanProperty(False)
    max_lines = NumericProperty(0)
    min_font_size = NumericProperty(0)
    fit_height = BooleanProperty(False)
    drawn_font_size = NumericProperty(0)
    _drawn_size = 0
    texture = ObjectProperty(None, allownone=True)
    texture_size = ListProperty([0, 0])

    def __init__(self, **kwargs: object) -> None:
        self._render_trigger = Clock.create_trigger(self._render, -1)
        super().__init__(**kwargs)
        with self.canvas:
            self._tint = Color(rgba=self.color)
            self._rectangle = Rectangle()
        for name in ("text", "font_size", "bold", "wrap", "halign", "max_lines"):
            self.bind(**{name: self._render_trigger})
        self.bind(width=self._on_width, pos=self._place, height=self._on_height)
        self.bind(color=self._recolour)
        self._render_trigger()

    def render_now(self) -> None:
        """Draw the text at once instead of on the next frame."""
        self._render()

    def _on_width(self, *_args: object) -> None:
        if self.wrap:
            self._render_trigger()
        self._place()

    def _on_height(self, *_args: object) -> None:
        if self.fit_height and self.max_lines:
            self._render_trigger()
        self._place()

    def _recolour(self, *_args: object) -> None:
        self._tint.rgba = self.color

    def _render(self, *_args: object) -> None:
        if not self.text.strip():
            self.texture, self.texture_size = None, [0, 0]
            self.drawn_font_size = 0
            self._place()
            return
        key = self.key_for(self.text)
        texture = text_texture(key)
        self.texture, self.texture_size = texture, list(texture.size)
        self._drawn_size = key[1]
        self._place()

    def key_for(self, text: str) -> TextKey:
        """Return what drawing ``text`` in this widget, as it is now, depends on."""
        size = max(int(self.font_size), 8)
        wrap_width = int(self.width) if self.wrap and self.width > 1 else 0
        align = self._paragraph_align()
        if wrap_width and self.max_lines:
            smallest = max(int(self.min_font_size), 8)
            height = int(self.height) if self.fit_height else 0
            looks = (self.bold, wrap_width, align, self.max_lines, smallest, height)
            size = FITTED_SIZES.get_or_make(
                (text, size, *looks),
                lambda: self._largest_fitting(text, size, smallest, wrap_width, align),
            )
        return (text, size, self.bold, wrap_width, align)

    def _largest_fitting(
        self, text: str, size: int, smallest: int, width: int, align: str | None
    ) -> int:
        while size > smallest and not self._fits(text, size, width, align):
            size = max((size - 1) // FIT_STEP * FIT_STEP, smallest)
        return size

    def _fits(self, text: str, size: int, width: int, align: str | None) -> bool:
        """Return whether ``text`` at ``size`` fits the lines (and height) allowed."""
        renderer = default_renderer()
        lines = renderer.wrap(text, size, width, bold=self.bold)
        if len(lines) > self.max_lines:
            return False
        if any(renderer.measure(line, size, bold=self.bold) > width for line in lines):
            return False
        if not self.fit_height or self.height <= 1:
            return True
        return draw_text((text, size, self.bold, width, align)).height <= self.height

    def _paragraph_align(self) -> str | None:
        if self.halign == "auto":
            return None
        return self.halign

    def _place(self, *_args: object) -> None:
        """Position the texture inside the widget by halign and valign."""
        self._rectangle.texture = self.texture
        if self.texture is None:
            self._rectangle.size = (0, 0)
            return
        width, height = self.texture_size
        scale = 1.0
        if self.shrink_to_fit and width > self.width > 0:
            scale = self.width / width
        if self.shrink_to_fit and self.fit_height and height > self.height > 0:
            # Fitted text still too tall at min_font_size (a small window).
            scale = min(scale, self.height / height)
        width, height = width * scale, height * scale
        self.drawn_font_size = self._drawn_size * scale
        self._rectangle.size = (width, height)
        self._rectangle.pos = (self._x_for(width), self._y_for(height))

    def _x_for(self, width: float) -> float:
        align = self.halign
        if align == "auto":
            align = "right" if has_urdu(self.text) else "left"
        offset = {"left": 0, "center": (self.width - width) / 2}.get(
            align, self.width - width
        )
        return self.x + offset

    def _y_for(self, height: float) -> float:
        offset = {"bottom": 0, "middle": (self.height - height) / 2}.get(
            self.valign, self.height - height
        )
        return self.y + offset


def draw_text(key: TextKey) -> Image.Image:
    """Draw the text of ``key`` (see :meth:`RenderedText.key_for`); any thread.

    A line that fits the wrap width is drawn as one line, skipping the
    paragraph's word-by-word measuring (the picture is the same).
    """
    text, size, bold, wrap_width, align = key
    renderer = default_renderer()
    if "\n" not in text:
        line = renderer.render_line(text, size, bold=bold, mode="RGBA", ink=WHITE_INK)
        if not wrap_width or line.width <= max(wrap_width, size):
            return line
    return renderer.render_paragraph(
        text,
        size,
        max(wrap_width or UNLIMITED_WIDTH, size),
        align=align,
        bold=bold,
        mode="RGBA",
        ink=WHITE_INK,
    )


def text_texture(key: TextKey) -> Texture:
    """Return the texture of ``key``'s text from the shared cache, drawing it if new."""
    return TEXTURES.get_or_make(key, lambda: _upload(draw_text(key)))


def adopt_drawn(drawn: dict[TextKey, Image.Image]) -> None:
    """Make textures of texts drawn on a worker; call on the UI thread."""
    for key, image in drawn.items():
        TEXTURES.get_or_make(key, lambda image=image: _upload(image))


def forget_drawn(keys: Iterable[TextKey]) -> None:
    """Drop the shared textures of texts not to be shown again (a visit's token).

    They would otherwise push out of the cache texts that are shown again,
    such as the other language's service names.
    """
    for key in keys:
        TEXTURES.discard(key)


def _upload(image: Image.Image) -> Texture:
    texture = Texture.create(size=image.size, colorfmt="rgba")
    texture.blit_buffer(image.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture
