"""Draw Urdu and English text to Pillow images, the same way everywhere.

This module owns how the project turns a string into pixels: the printer's slips
and (later) the Kivy screens both call it, so Urdu looks the same on paper and on
glass. It imports no Kivy.

Urdu is shaped by Pillow's raqm layout engine with ``direction="rtl"`` and
``language="ur"`` in the Noto Nastaliq Urdu font shipped in ``assets/fonts``; the
plain string goes in as typed. Do not pass it through arabic-reshaper or
python-bidi first: raqm already joins and reorders, and doing it twice corrupts
the text.

Noto Nastaliq Urdu has digits but no Latin letters, so a line that mixes Urdu with
Latin tokens (``ٹوکن C-007``) is split into runs: each run of Latin words is drawn
left to right in Noto Sans, the rest in Nastaliq, and the runs are placed right to
left on a shared baseline, as the Unicode bidirectional algorithm would place an
embedded left-to-right run.

Shaping one Nastaliq line costs about 12 ms, so rendered lines and paragraphs are
kept in least-recently-used caches, capped by count and by bytes. Returned images
are copies and may be changed by the caller.
"""

import functools
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, TypeVar

from PIL import Image, ImageChops, ImageDraw, ImageFont, features

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
URDU_FONT = "NotoNastaliqUrdu-Regular.ttf"
URDU_BOLD_FONT = "NotoNastaliqUrdu-Bold.ttf"
LATIN_FONT = "NotoSans-Regular.ttf"
LATIN_BOLD_FONT = "NotoSans-Bold.ttf"

# Noto Sans letters look larger than Nastaliq letters of the same pixel size.
LATIN_SCALE_IN_URDU = 0.8
# Room around the drawing so Nastaliq's tall ascenders and deep descenders are
# never cut before the image is cropped to its ink.
PADDING_EM = 0.9

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# A Latin run: words that start with a Latin letter, with their digits and token
# punctuation, and any further such words (or numbers) after single spaces; or
# numbers joined by separators (2026-000042, 09:00-17:00, 21/03/2025). Left to
# the bidirectional algorithm in an Urdu line, the parts of such a number come
# out in right-to-left order (000042-2026), so they are drawn as one LTR run.
LATIN_RUN = re.compile(
    r"[A-Za-z][A-Za-z0-9\-./:_@#+]*(?: [A-Za-z0-9][A-Za-z0-9\-./:_@#+]*)*"
    r"|\d+(?:[\-/:.]\d+)+"
)

# Each of the line and paragraph caches holds at most this many bytes of
# pictures: about 300 lines of kiosk text in RGBA, a few thousand on paper.
CACHE_BYTES = 12 * 1024 * 1024
# Measured line widths kept (about 200 bytes each with their keys).
WIDTHS_CACHE_SIZE = 8192

Mode = Literal["L", "1", "RGBA"]
Align = Literal["left", "center", "right"]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class FontMissingError(RuntimeError):
    """A font this module ships cannot be found or read, or raqm is missing."""


@dataclass(frozen=True)
class _Run:
    """A piece of a line drawn with one font in one direction."""

    text: str
    latin: bool


class LruCache(Generic[K, V]):
    """A least-recently-used cache that counts its hits and misses.

    It keeps at most ``size`` values and, when ``max_bytes`` is given, at most
    that many bytes as ``weigh(value)`` counts them (the newest value stays even
    if it alone weighs more). It may be used from several threads: a value being
    made is not locked, so two threads may both make it and the later one wins.
    """

    def __init__(
        self,
        size: int,
        max_bytes: int | None = None,
        weigh: Callable[[V], int] | None = None,
    ) -> None:
        if max_bytes is not None and weigh is None:
            raise ValueError("an LruCache with max_bytes needs weigh to count them")
        self.size = size
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.bytes = 0
        self._weigh = weigh
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """Return the value cached under ``key``, making and storing it if absent."""
        with self._lock:
            if key in self._items:
                self.hits += 1
                self._items.move_to_end(key)
                return self._items[key]
            self.misses += 1

        value = make()
        with self._lock:
            self._store(key, value)
        return value

    def discard(self, key: K) -> None:
        """Forget the value cached under ``key``, if there is one."""
        with self._lock:
            if key in self._items:
                self.bytes -= self._weight(self._items.pop(key))

    def clear(self) -> None:
        """Forget every cached value and reset the counters."""
        with self._lock:
            self._items.clear()
            self.hits = self.misses = self.bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def _store(self, key: K, value: V) -> None:
        if key in self._items:
            self.bytes -= self._weight(self._items.pop(key))
        self._items[key] = value
        self.bytes += self._weight(value)
        while len(self._items) > 1 and self._over_limit():
            _oldest, dropped = self._items.popitem(last=False)
            self.bytes -= self._weight(dropped)

    def _over_limit(self) -> bool:
        if len(self._items) > self.size:
            return True
        return self.max_bytes is not None and self.bytes > self.max_bytes

    def _weight(self, value: V) -> int:
        return self._weigh(value) if self._weigh is not None else 0


def image_bytes(image: Image.Image) -> int:
    """Return about how many bytes ``image``'s pixels take in memory."""
    return image.width * image.height * len(image.getbands())


def has_urdu(text: str) -> bool:
    """Return whether ``text`` holds any Arabic-script (Urdu) letter."""
    return ARABIC_SCRIPT.search(text) is not None


def split_runs(text: str) -> list[_Run]:
    """Split an Urdu line into Latin runs and Nastaliq runs, in logical order."""
    runs: list[_Run] = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        if match.start() > position:
            between = text[position : match.start()]
            # A bare space between two Latin runs (a date and a time) takes the
            # Latin font's width: Nastaliq's space is under two thirds as wide.
            runs.append(_Run(between, latin=not between.strip()))
        runs.append(_Run(match.group(), latin=True))
        position = match.end()
    if position < len(text):
        runs.append(_Run(text[position:], latin=False))
    return runs


class TextRenderer:
    """Render Urdu and English lines and wrapped paragraphs to Pillow images.

    One renderer holds its fonts and its cache; share one per process (see
    :func:`default_renderer`). Sizes are in pixels (printer dots on paper).
    """

    def __init__(
        self,
        fonts_dir: Path = FONTS_DIR,
        cache_size: int = 512,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        if not features.check("raqm"):
            raise FontMissingError(
                "Pillow was built without raqm; install the pillow wheel from PyPI, "
                "which bundles it, to shape Urdu"
            )
        self.fonts_dir = fonts_dir
        self.lines = LruCache[tuple, Image.Image](cache_size, cache_bytes, image_bytes)
        # Widths outlive the pictures they were measured on: wrapping a screen's
        # texts measures hundreds of candidate lines, and a width is a few bytes
        # where its picture is kilobytes, so a language switch re-wraps from here.
        self.widths = LruCache[tuple, int](WIDTHS_CACHE_SIZE)
        self.paragraphs = LruCache[tuple, Image.Image](
            cache_size, cache_bytes, image_bytes
        )
        # A face costs 0.2-0.6 MB and takes ~6 ms to load: 16 hold a screen's
        # sizes, where 64 cost the kiosk ~10 MB more for no faster taps.
        self._fonts = LruCache[tuple, ImageFont.FreeTypeFont](16)

    def font(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        """Return the shipped font file ``name`` at ``size`` pixels (cached)."""
        return self._fonts.get_or_make((name, size), lambda: self._load(name, size))

    def _load(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        path = self.fonts_dir / name
        try:
            return ImageFont.truetype(
                str(path), size, layout_engine=ImageFont.Layout.RAQM
            )
        except OSError as error:
            raise FontMissingError(
                f"cannot read font {path} ({error}); it ships in assets/fonts"
            ) from error

    def render_line(
        self,
        text: str,
        size: int,
        *,
        bold: bool = False,
        mode: Mode = "L",
        ink: tuple[int, int, int] = (0, 0, 0),
    ) -> Image.Image:
        """Render a line cropped to its ink: Urdu right to left, English LTR.

        ``mode`` "L" gives black on white with grey edges, "1" pure black and white
        (for thermal paper), "RGBA" ``ink`` on transparent (for screens). An empty
        or blank line gives a 1-pixel-wide image ``size`` pixels high.
        """
        key = (text, size, bold, mode, ink)
        image = self.lines.get_or_make(key, lambda: self._draw_line(*key))
        return image.copy()

    def measure(self, text: str, size: int, *, bold: bool = False) -> int:
        """Return the width in pixels of ``text`` as :meth:`render_line` draws it."""
        key = (text, size, bold, "L", (0, 0, 0))
        return self.widths.get_or_make(
            key[:3],
            lambda: self.lines.get_or_make(key, lambda: self._draw_line(*key)).width,
        )

    def wrap(
        self, text: str, size: int, max_width: int, *, bold: bool = False
    ) -> list[str]:
        """Split ``text`` on spaces into lines no wider than ``max_width`` pixels.

        A single word wider than ``max_width`` is kept whole on its own line.
        """
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if current and self.measure(candidate, size, bold=bold) > max_width:
                lines.append(current)
                candidate = word
            current = candidate
        if current:
            lines.append(current)
        return lines

    def render_paragraph(
        self,
        text: str,
        size: int,
        max_width: int,
        *,
        align: Align | None = None,
        width: int | None = None,
        bold: bool = False,
        mode: Mode = "L",
        line_gap: int | None = None,
        ink: tuple[int, int, int] = (0, 0, 0),
    ) -> Image.Image:
        """Wrap ``text`` to ``max_width`` and stack the lines into one image.

        Lines are aligned right for Urdu and left for English unless ``align`` says
        otherwise. The image is as wide as its widest line, or ``width`` if given.
        """
        align = align or ("right" if has_urdu(text) else "left")
        gap = round(size * 0.3) if line_gap is None else line_gap
        key = (text, size, max_width, align, width, bold, mode, gap, ink)
        image = self.paragraphs.get_or_make(key, lambda: self._draw_paragraph(*key))
        return image.copy()

    def cache_info(self) -> dict[str, int]:
        """Return hit and miss counts of the line and paragraph caches."""
        return {
            "line_hits": self.lines.hits,
            "line_misses": self.lines.misses,
            "paragraph_hits": self.paragraphs.hits,
            "paragraph_misses": self.paragraphs.misses,
        }

    def _draw_paragraph(
        self,
        text: str,
        size: int,
        max_width: int,
        align: Align,
        width: int | None,
        bold: bool,
        mode: Mode,
        gap: int,
        ink: tuple[int, int, int],
    ) -> Image.Image:
        rendered = [
            self.render_line(line, size, bold=bold, mode=mode, ink=ink)
            for line in self.wrap(text, size, max_width, bold=bold)
        ]
        if not rendered:
            return _blank(1, size, mode)

        canvas_width = width or max(line.width for line in rendered)
        height = sum(line.height for line in rendered) + gap * (len(rendered) - 1)
        canvas = _blank(canvas_width, height, mode)
        y = 0
        for line in rendered:
            canvas.paste(line, (_aligned_x(line.width, canvas_width, align), y))
            y += line.height + gap
        return canvas

    def _draw_line(
        self, text: str, size: int, bold: bool, mode: Mode, ink: tuple[int, int, int]
    ) -> Image.Image:
        text = " ".join(text.split())
        if not text:
            return _blank(1, size, mode)

        mask = self._ink_mask(text, size, bold)
        box = mask.getbbox()
        if box is None:
            return _blank(1, size, mode)
        return _to_mode(mask.crop(box), mode, ink)

    def _ink_mask(self, text: str, size: int, bold: bool) -> Image.Image:
        """Draw ``text`` as white-on-black coverage on a padded canvas."""
        if not has_urdu(text):
            return self._latin_mask(text, size, bold)

        urdu = self.font(URDU_BOLD_FONT if bold else URDU_FONT, size)
        latin = self.font(
            LATIN_BOLD_FONT if bold else LATIN_FONT, round(size * LATIN_SCALE_IN_URDU)
        )
        runs = split_runs(text)
        widths = [self._run_width(run, urdu, latin) for run in runs]
        pad = round(size * PADDING_EM)
        ascent, descent = urdu.getmetrics()
        mask = Image.new("L", (sum(widths) + 2 * pad, ascent + descent + 2 * pad), 0)
        draw = ImageDraw.Draw(mask)

        x, baseline = mask.width - pad, pad + ascent
        for run, run_width in zip(runs, widths, strict=True):
            x -= run_width
            if run.latin:
                draw.text((x, baseline), run.text, font=latin, fill=255, anchor="ls")
            else:
                draw.text(
                    (x, baseline),
                    run.text,
                    font=urdu,
                    fill=255,
                    anchor="ls",
                    direction="rtl",
                    language="ur",
                )
        return mask

    def _latin_mask(self, text: str, size: int, bold: bool) -> Image.Image:
        font = self.font(LATIN_BOLD_FONT if bold else LATIN_FONT, size)
        pad = round(size * PADDING_EM)
        ascent, descent = font.getmetrics()
        width = round(font.getlength(text))
        mask = Image.new("L", (width + 2 * pad, ascent + descent + 2 * pad), 0)
        ImageDraw.Draw(mask).text(
            (pad, pad + ascent), text, font=font, fill=255, anchor="ls"
        )
        return mask

    @staticmethod
    def _run_width(
        run: _Run, urdu: ImageFont.FreeTypeFont, latin: ImageFont.FreeTypeFont
    ) -> int:
        if run.latin:
            return round(latin.getlength(run.text))
        return round(urdu.getlength(run.text, direction="rtl", language="ur"))


def _aligned_x(width: int, canvas_width: int, align: Align) -> int:
    if align == "right":
        return canvas_width - width
    if align == "center":
        return (canvas_width - width) // 2
    return 0


def _blank(width: int, height: int, mode: Mode) -> Image.Image:
    if mode == "RGBA":
        return Image.new("RGBA", (width, height), (0, 0, 0, 0))
    return Image.new(mode, (width, height), 255)


def _to_mode(mask: Image.Image, mode: Mode, ink: tuple[int, int, int]) -> Image.Image:
    """Turn white-on-black coverage into the requested picture."""
    if mode == "RGBA":
        picture = Image.new("RGBA", mask.size, (*ink, 0))
        picture.putalpha(mask)
        return picture
    paper = ImageChops.invert(mask)
    if mode == "1":
        return paper.point(lambda value: 255 if value >= 128 else 0, mode="1")
    return paper


@functools.cache
def default_renderer() -> TextRenderer:
    """Return the process-wide renderer, creating it on first use."""
    logger.info("Text renderer ready with fonts from %s", FONTS_DIR)
    return TextRenderer()


def render_line(text: str, size: int, **options: object) -> Image.Image:
    """Render a line with the default renderer (see TextRenderer.render_line)."""
    return default_renderer().render_line(text, size, **options)  # type: ignore[arg-type]
