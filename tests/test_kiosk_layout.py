"""The kiosk's layout under Xvfb: readable sizes and tiles that fit the window.

UX.md: on a 1920×1080 kiosk no text is drawn under 24 px, and touch tiles are
at least 110 px (15 mm on a 15.6" panel), in landscape and in portrait. A
smaller window scales the smallest text by its short side: 13 px at 1024×600.
"""

import kiosk_app_support as support
import pytest
from kiosk_app_support import start_kiosk
from kivy.core.window import Window

from kiosk.widgets.icon_label import IconLabel
from kiosk.widgets.rendered_text import RenderedText

# Fixtures shared by the kiosk's Kivy tests.
kivy_ready = support.kivy_ready
kiosk_config = support.kiosk_config
kiosk = support.kiosk

SMALLEST_TEXT_PX = 24
SMALLEST_TILE_PX = 110
WINDOW_SIZES = [(1920, 1080), (1024, 600)]


def smallest_text_px(size: tuple[int, int]) -> int:
    """Return the smallest text UX.md allows in a window of ``size``, whole px."""
    return int(SMALLEST_TEXT_PX * min(1.0, min(size) / 1080))


@pytest.fixture(params=WINDOW_SIZES, ids=lambda size: "x".join(map(str, size)))
def sized_kiosk(request, kiosk):
    """The kiosk in a window of each size in WINDOW_SIZES; back to 1920×1080 after."""
    kiosk.resize(request.param)
    yield kiosk
    kiosk.resize((1920, 1080))


def rendered_texts(widget) -> list[RenderedText]:
    """Return every RenderedText under ``widget`` that draws some text."""
    found = [w for w in widget.walk(restrict=True) if isinstance(w, RenderedText)]
    return [w for w in found if w.text.strip()]


def open_services(driver, language: str) -> object:
    """Tap the language on the welcome screen and wait for the services' waits."""
    button = driver.screen.ids.english if language == "en" else driver.screen.ids.urdu
    driver.tap(button)
    assert driver.app.root.manager.current == "services"
    driver.wait_until(lambda: bool(driver.screen._open))
    driver.frames(4)
    return driver.screen


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_text_on_the_services_screen_is_too_small(sized_kiosk, language):
    screen = open_services(sized_kiosk, language)
    smallest = smallest_text_px(tuple(Window.size))

    texts = rendered_texts(screen)
    assert len(texts) > 20
    too_small = {w.text: w.drawn_font_size for w in texts}
    too_small = {t: s for t, s in too_small.items() if s < smallest}
    assert too_small == {}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_service_names_stay_inside_their_tiles(sized_kiosk, language):
    screen = open_services(sized_kiosk, language)

    for tile in screen._tiles.values():
        for text in rendered_texts(tile):
            x, y = text._rectangle.pos
            width, height = text._rectangle.size
            assert tile.x <= x and x + width <= tile.right + 1, text.text
            assert tile.y <= y and y + height <= tile.top + 1, text.text


def test_services_grid_fits_a_portrait_window(kivy_ready, kiosk_config, store):
    driver = start_kiosk(kiosk_config, store)
    try:
        driver.resize((1080, 1920))
        screen = open_services(driver, "ur")
        assert tuple(Window.size) == (1080, 1920)
        assert driver.app.portrait

        for code, tile in screen._tiles.items():
            left, bottom = tile.to_window(tile.x, tile.y)
            right, top = tile.to_window(tile.right, tile.top)
            assert 0 <= left and right <= Window.width, code
            assert 0 <= bottom and top <= Window.height, code
            assert min(tile.width, tile.height) >= SMALLEST_TILE_PX, code
        too_small = [w.text for w in rendered_texts(screen) if w.drawn_font_size < 24]
        assert too_small == []
    finally:
        driver.resize((1920, 1080))
        driver.stop()


def open_priority(driver, language: str) -> object:
    """Choose ``language`` and a service; return the priority screen."""
    services = open_services(driver, language)
    driver.tap(services._tiles["character_certificate"])
    assert driver.app.root.manager.current == "priority"
    driver.frames(4)
    return driver.screen


@pytest.mark.parametrize("language", ["en", "ur"])
def test_priority_icons_sit_beside_their_words(kiosk, language):
    screen = open_priority(kiosk, language)

    for name in ("normal", "women", "senior", "disability"):
        tile = screen.ids[name]
        icon = next(w for w in tile.children if isinstance(w, IconLabel))
        words = next(w for w in tile.children if isinstance(w, RenderedText))
        icon_x, icon_y = icon._rectangle.pos
        icon_width, icon_height = icon._rectangle.size
        assert icon_width > 0, name
        assert tile.x <= icon_x and icon_x + icon_width <= tile.right, name
        assert tile.y <= icon_y and icon_y + icon_height <= tile.top, name
        words_middle = words._rectangle.pos[1] + words._rectangle.size[1] / 2
        assert abs(icon_y + icon_height / 2 - words_middle) <= icon_height / 4, name
