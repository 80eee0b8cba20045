"""The caches the kiosk draws text through: capped by bytes, safe across threads."""

import threading

import pytest
from PIL import Image

from kiosk.urdu_text import LruCache, TextRenderer, image_bytes


def picture(width: int) -> Image.Image:
    return Image.new("L", (width, 10))


def test_cache_drops_the_oldest_values_beyond_its_bytes():
    cache = LruCache[str, Image.Image](100, max_bytes=250, weigh=image_bytes)
    for name in "abc":
        cache.get_or_make(name, lambda: picture(10))  # 100 bytes each

    assert len(cache) == 2
    assert cache.bytes == 200
    cache.get_or_make("a", lambda: picture(1))
    assert cache.misses == 4  # "a" had been dropped and was made again


def test_cache_keeps_a_single_value_heavier_than_its_cap():
    cache = LruCache[str, Image.Image](100, max_bytes=50, weigh=image_bytes)
    cache.get_or_make("big", lambda: picture(100))

    assert len(cache) == 1


def test_cache_needs_a_weight_to_count_bytes():
    with pytest.raises(ValueError, match="weigh"):
        LruCache(10, max_bytes=100)


def test_cache_survives_threads_making_and_dropping_values():
    cache = LruCache[int, int](8)
    errors: list[Exception] = []

    def hammer(offset: int) -> None:
        try:
            for index in range(2000):
                cache.get_or_make((index + offset) % 13, lambda i=index: i)
        except Exception as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(cache) <= 8


def test_renderer_caps_its_caches_by_bytes():
    renderer = TextRenderer(cache_bytes=20_000)
    for size in range(20, 60, 4):
        renderer.render_line("آپ سے پہلے افراد: 3", size, mode="RGBA")

    assert renderer.lines.bytes <= 20_000 or len(renderer.lines) == 1


@pytest.mark.parametrize(
    "text", ["People ahead of you: 3", "آپ سے پہلے افراد: 3", "ٹوکن C-007"]
)
def test_a_line_that_fits_is_drawn_as_the_paragraph_would_draw_it(text):
    from kiosk.widgets.rendered_text import WHITE_INK, draw_text

    renderer = TextRenderer()
    paragraph = renderer.render_paragraph(text, 40, 1200, mode="RGBA", ink=WHITE_INK)
    line = draw_text((text, 40, False, 1200, None))

    assert line.size == paragraph.size
    assert line.tobytes() == paragraph.tobytes()


def test_a_measured_width_is_kept_after_its_picture_is_dropped():
    renderer = TextRenderer(cache_bytes=20_000)
    text = "براہ کرم اپنا ٹکٹ لے لیں"
    width = renderer.measure(text, 40)
    for size in range(20, 60, 4):  # fills the line cache, dropping the first
        renderer.render_line("Please take your ticket", size)
    drawn = renderer.lines.misses

    assert renderer.measure(text, 40) == width == renderer.render_line(text, 40).width
    assert renderer.lines.misses == drawn + 1  # render_line drew it; measure did not
