"""The icon font the apps load, against the full Material Symbols font."""

import functools

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk.icons import (
    DEFAULT_SERVICE_ICON,
    ICON_CODEPOINTS,
    ICON_FONT,
    ICON_SOURCE_FONT,
    SERVICE_ICONS,
    icon_text,
)

REMAKE = "the icon font is out of date: run `make icon-font`"
UNUSED = chr(0xE88A)  # "home" in the full font; the kiosk's home icon is 0xE9B2


@functools.cache
def font_tables(path) -> TTFont:
    return TTFont(path)


def outline(path, codepoint: int) -> tuple[list, int]:
    """The glyph's drawing commands and advance width, as stored in the font."""
    font = font_tables(path)
    glyph_name = font.getBestCmap().get(codepoint)
    assert glyph_name is not None, REMAKE
    pen = RecordingPen()
    font.getGlyphSet()[glyph_name].draw(pen)
    return pen.value, font["hmtx"][glyph_name][0]


def drawn(font_path, character: str, size: int) -> Image.Image:
    font = ImageFont.truetype(str(font_path), size)
    image = Image.new("L", (size * 2, size * 2))
    ImageDraw.Draw(image).text(
        (size, size), character, font=font, fill=255, anchor="mm"
    )
    return image


@pytest.mark.parametrize("name", sorted(ICON_CODEPOINTS))
def test_each_icon_has_the_full_fonts_outline(name):
    codepoint = ICON_CODEPOINTS[name]

    assert outline(ICON_FONT, codepoint) == outline(ICON_SOURCE_FONT, codepoint)
    # Drawn through Pillow as the apps draw it: ink, and not the empty box
    # that stands for a character the font lacks.
    picture = drawn(ICON_FONT, chr(codepoint), 48)
    assert picture.getbbox() is not None
    assert ImageChops.difference(picture, drawn(ICON_FONT, UNUSED, 48)).getbbox()


def test_the_loaded_font_holds_only_our_icons():
    unused = chr(0xE88A)  # "home" in the full font; the kiosk uses 0xE9B2
    empty_box = drawn(ICON_FONT, unused, 96)

    assert ImageChops.difference(
        empty_box, drawn(ICON_SOURCE_FONT, unused, 96)
    ).getbbox()
    assert ICON_FONT.stat().st_size < ICON_SOURCE_FONT.stat().st_size / 20


def test_every_service_icon_is_a_known_icon():
    for icon in (*SERVICE_ICONS.values(), DEFAULT_SERVICE_ICON):
        assert icon_text(icon) == chr(ICON_CODEPOINTS[icon])
