"""Tests of the shared Urdu/English text renderer (kiosk.urdu_text)."""

import numpy as np
import pytest
from PIL import Image

from kiosk.urdu_text import TextRenderer, has_urdu, split_runs

CENTRE_UR = "پولیس خدمت مرکز، کوئٹہ"


@pytest.fixture(scope="module")
def renderer() -> TextRenderer:
    return TextRenderer(cache_size=64)


def ink_columns(image: Image.Image) -> list[int]:
    """Return the x of every column holding a black pixel."""
    gray = image.convert("L")
    width, height = gray.size
    pixels = gray.load()
    return [x for x in range(width) if any(pixels[x, y] < 128 for y in range(height))]


def black_count(image: Image.Image) -> int:
    return sum(image.convert("L").histogram()[:128])


@pytest.mark.parametrize(
    "text",
    [CENTRE_UR, "کاؤنٹر 3", "ٹوکن C-007", "Police Khidmat Markaz", "C-007"],
)
@pytest.mark.parametrize("mode", ["L", "1"])
def test_line_has_ink_and_sane_size(renderer: TextRenderer, text: str, mode: str):
    image = renderer.render_line(text, 32, mode=mode)

    assert image.mode == mode
    assert black_count(image) > 50
    assert 10 < image.width < 32 * len(text)
    assert 10 < image.height < 32 * 3


def test_rgba_mode_is_ink_on_transparent(renderer: TextRenderer):
    image = renderer.render_line(CENTRE_UR, 32, mode="RGBA")

    alphas = image.getchannel("A").getextrema()
    assert image.mode == "RGBA"
    assert alphas == (0, 255)


def test_blank_line_is_blank(renderer: TextRenderer):
    image = renderer.render_line("   ", 30)

    assert image.width == 1
    assert black_count(image) == 0


def test_larger_size_draws_wider(renderer: TextRenderer):
    small = renderer.render_line(CENTRE_UR, 24)
    large = renderer.render_line(CENTRE_UR, 48)

    assert 1.6 < large.width / small.width < 2.4


def test_latin_letters_are_not_missing_glyph_boxes(renderer: TextRenderer):
    """Nastaliq has no Latin letters: a tofu box would be a hollow rectangle."""
    with_token = renderer.render_line("ٹوکن C-007", 32)
    urdu_only = renderer.render_line("ٹوکن", 32)

    assert with_token.width > urdu_only.width + 40


def test_first_urdu_word_is_drawn_at_the_right(renderer: TextRenderer):
    first = renderer.render_line("پولیس", 32)
    line = renderer.render_line("پولیس خدمت مرکز", 32)

    columns = ink_columns(line)
    right_part = line.crop((line.width - first.width, 0, line.width, line.height))
    left_part = line.crop((0, 0, first.width, line.height))
    assert max(columns) >= line.width - 3
    assert abs(black_count(right_part) - black_count(first)) < black_count(first) * 0.3
    assert abs(black_count(left_part) - black_count(first)) > black_count(first) * 0.1


def test_latin_token_sits_left_of_the_urdu_word(renderer: TextRenderer):
    urdu = renderer.render_line("ٹوکن", 32)
    line = renderer.render_line("ٹوکن C-007", 32)

    right_part = line.crop((line.width - urdu.width, 0, line.width, line.height))
    assert abs(black_count(right_part) - black_count(urdu)) < black_count(urdu) * 0.3


def test_wrap_keeps_lines_within_width(renderer: TextRenderer):
    text = (
        "اصل شناختی کارڈ اور ایک نقل، پاسپورٹ سائز کی دو تصاویر اور فیس کا بینک چالان"
    )

    lines = renderer.wrap(text, 28, 300)

    assert len(lines) >= 2
    assert " ".join(lines) == text
    assert all(renderer.measure(line, 28) <= 300 for line in lines)


def test_paragraph_is_right_aligned_for_urdu(renderer: TextRenderer):
    text = "اصل شناختی کارڈ اور ایک نقل، پاسپورٹ سائز کی دو تصاویر"

    image = renderer.render_paragraph(text, 28, 250, width=300, mode="1")

    assert image.width == 300
    assert max(ink_columns(image)) >= 297
    assert min(ink_columns(image)) > 10


def test_repeated_line_is_served_from_cache(renderer: TextRenderer):
    first = renderer.render_line("کریکٹر سرٹیفکیٹ", 30)
    hits = renderer.lines.hits
    first.paste(0, (0, 0, first.width, first.height))

    again = renderer.render_line("کریکٹر سرٹیفکیٹ", 30)

    assert renderer.lines.hits == hits + 1
    assert black_count(again) < again.width * again.height / 2


def test_cache_evicts_least_recently_used():
    small = TextRenderer(cache_size=2)
    for text in ("ایک", "دو", "تین"):
        small.render_line(text, 20)

    small.render_line("ایک", 20)

    assert len(small.lines) == 2
    assert small.lines.misses == 4


def test_split_runs_separates_latin_tokens():
    runs = split_runs("براہ کرم C-007 کاؤنٹر 3")

    assert [(run.text.strip(), run.latin) for run in runs] == [
        ("براہ کرم", False),
        ("C-007", True),
        ("کاؤنٹر 3", False),
    ]
    assert has_urdu("کاؤنٹر 3") and not has_urdu("Counter 3")


def test_a_space_between_a_date_and_a_time_is_a_latin_space():
    # In Nastaliq's narrower space the two ran together: "10:3003/12/2025".
    runs = split_runs("موصول — 03/12/2025 10:30")

    assert [(run.text, run.latin) for run in runs] == [
        ("موصول — ", False),
        ("03/12/2025", True),
        (" ", True),
        ("10:30", True),
    ]


def test_paragraph_in_rgba_uses_the_ink_colour(renderer: TextRenderer):
    image = renderer.render_paragraph(
        "کیس کی صورتحال", 30, 400, mode="RGBA", ink=(255, 255, 255)
    )

    pixels = np.asarray(image)
    opaque = pixels[pixels[:, :, 3] == 255]
    assert len(opaque) > 50
    assert (opaque[:, :3] == 255).all()


@pytest.mark.parametrize("number", ["2026-000042", "09:00-17:00", "21/03/2025", "9:00"])
def test_joined_numbers_in_urdu_stay_left_to_right(number):
    runs = split_runs(f"کیس {number} ہے")
    assert [run.text for run in runs if run.latin] == [number]
