"""A Kivy widget that draws one icon of the shipped Material Symbols font.

Icons are drawn once per (icon, size) with Pillow and kept as textures: Kivy's
own Label takes about 200 ms to draw one glyph of this large variable font,
which would delay the screens that change icons.
"""

from functools import lru_cache

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import ColorProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget
from PIL import Image, ImageDraw, ImageFont

from kiosk.icons import ICON_FONT, icon_text

TEXTURE_CACHE_SIZE = 256


class IconLabel(Widget):
    """One icon, named as in :data:`kiosk.icons.ICON_CODEPOINTS`, centred.

    ``font_size`` is the icon's size in pixels and ``color`` its colour;
    ``texture_size`` is the drawn size. An empty name draws nothing.
    """

    icon = StringProperty("")
    font_size = NumericProperty(48)
    color = ColorProperty([1, 1, 1, 1])
    texture_size = ListProperty([0, 0])
    _rectangle: Rectangle | None = None

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._tint = Color(rgba=self.color)
            self._rectangle = Rectangle()
        self.bind(icon=self._draw, font_size=self._draw)
        self.bind(color=self._recolour)
        self._draw()

    def on_pos(self, *_args: object) -> None:
        """Keep the icon centred when the widget moves."""
        self._place()

    def on_size(self, *_args: object) -> None:
        """Keep the icon centred when the widget is resized."""
        self._place()

    def _recolour(self, *_args: object) -> None:
        self._tint.rgba = self.color

    def _draw(self, *_args: object) -> None:
        if not self.icon:
            self._rectangle.texture = None
            self.texture_size = [0, 0]
        else:
            texture = icon_texture(self.icon, max(int(self.font_size), 8))
            self._rectangle.texture = texture
            self.texture_size = list(texture.size)
        self._place()

    def _place(self, *_args: object) -> None:
        if self._rectangle is None:  # moved during Widget.__init__, not drawn yet
            return
        width, height = self.texture_size
        self._rectangle.size = (width, height)
        # From pos and size, not center_x/center_y: those cached aliases are
        # still stale while on_size runs, which left icons at the tile's corner.
        self._rectangle.pos = (
            self.x + (self.width - width) / 2,
            self.y + (self.height - height) / 2,
        )


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ICON_FONT), size)


@lru_cache(maxsize=TEXTURE_CACHE_SIZE)
def icon_texture(icon: str, size: int) -> Texture:
    """Return the icon drawn in white on transparent, ``size`` pixels high."""
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    middle = size / 2
    draw.text(
        (middle, middle), icon_text(icon), fill=255, font=_font(size), anchor="mm"
    )
    picture = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    picture.putalpha(mask)
    texture = Texture.create(size=picture.size, colorfmt="rgba")
    texture.blit_buffer(picture.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture
