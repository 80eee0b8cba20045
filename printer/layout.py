"""Lay out tickets and case receipts as printer jobs.

A layout turns a :class:`~printer.slip.TicketSlip` or
:class:`~printer.slip.CaseReceipt` into a :class:`PrintJob`: a short list of
blocks (English text, Urdu raster, QR code, feed). The job gives both the ESC/POS
bytes for a printer and a PNG-ready picture of the slip, from the same blocks.

English and the token are printed in the printer's own font (text mode): a slip
drawn wholly as a raster would be over 100 KB at 80 mm and slow on a serial
line. Urdu is drawn as a raster by :mod:`kiosk.urdu_text`, because printers'
text mode can neither join Urdu letters nor run right to left. Everything is
black on white; no grey.
"""

import functools
import logging
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import qrcode
from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_Q
from escpos.escpos import Escpos
from PIL import Image, ImageDraw, ImageFont

from kiosk.config import PrinterSettings
from kiosk.urdu_text import FONTS_DIR, TextRenderer, default_renderer
from printer.errors import PrinterConfigError
from printer.profiles import load_profile
from printer.slip import CaseReceipt, TicketSlip

logger = logging.getLogger(__name__)

Align = Literal["left", "center", "right"]

# Font A of ESC/POS printers: a 12 x 24 dot cell at every size multiplier 1.
CELL_WIDTH = 12
CELL_HEIGHT = 24
LINE_GAP = 6
MAX_TEXT_SCALE = 8
# Room kept clear at each edge for Urdu lines, in dots.
SIDE_MARGIN = 8
CUT_FEED_LINES = 6
PREVIEW_FONT = "NotoSansMono-Bold.ttf"

URDU_HEADING = 34
URDU_SERVICE = 32
URDU_BODY = 28


@dataclass(frozen=True)
class TextBlock:
    """A line of printer-font text, ``width`` x ``height`` times the normal size."""

    text: str
    align: Align = "left"
    width: int = 1
    height: int = 1
    bold: bool = False


@dataclass(frozen=True)
class RasterBlock:
    """A black-and-white picture (mode "1"), such as a rendered Urdu line."""

    image: Image.Image
    align: Align = "right"


@dataclass(frozen=True)
class QrBlock:
    """A QR code, drawn as a raster or by the printer's native QR command."""

    payload: str
    module_dots: int
    error_correction: Literal["Q", "H"]
    native: bool

    def image(self) -> Image.Image:
        """Return the code as a mode "1" image with a 4-module quiet zone."""
        return _qr_image(self.payload, self.module_dots, self.error_correction).copy()


@dataclass(frozen=True)
class FeedBlock:
    """Blank paper, ``dots`` high."""

    dots: int


class CommandBuffer(Escpos):
    """python-escpos's command writer, keeping one job's bytes in memory.

    python-escpos has one (Dummy), but in its printer package, whose import loads
    the library of every device kind installed: the kiosk would carry pycups
    (~4.6 MB resident) to build a job for the preview printer.
    """

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def _raw(self, msg: bytes) -> None:
        self._chunks.append(msg)

    @property
    def output(self) -> bytes:
        """Every byte written so far."""
        return b"".join(self._chunks)


@functools.lru_cache(maxsize=64)
def _qr_image(payload: str, module_dots: int, error_correction: str) -> Image.Image:
    """Draw a QR code one dot per module, then scale it up without blurring."""
    level = {"Q": qrcode.ERROR_CORRECT_Q, "H": qrcode.ERROR_CORRECT_H}
    code = qrcode.QRCode(error_correction=level[error_correction], border=4)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    modules = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), modules)
    scaled = image.resize((size * module_dots,) * 2, Image.Resampling.NEAREST)
    return scaled.convert("1")


Block = TextBlock | RasterBlock | QrBlock | FeedBlock


@dataclass(frozen=True)
class PrintJob:
    """One slip ready to print: its blocks, the paper width and the profile name."""

    blocks: tuple[Block, ...]
    dots: int
    profile: str = "TM-T20II"

    def commands(self) -> bytes:
        """Return the ESC/POS bytes of the whole job, ending with a cut."""
        printer = CommandBuffer()
        printer.profile = load_profile(self.profile, self.dots)
        printer.hw("INIT")
        for block in self.blocks:
            _emit(printer, block)
        printer.cut()
        return printer.output

    def picture(self) -> Image.Image:
        """Return a black-and-white picture of the slip as the printer draws it."""
        parts = [_picture(block, self.dots) for block in self.blocks]
        parts.append(Image.new("1", (self.dots, CUT_FEED_LINES * CELL_HEIGHT), 1))
        canvas = Image.new("1", (self.dots, sum(part.height for part in parts)), 1)
        y = 0
        for part, block in zip(parts[:-1], self.blocks, strict=True):
            canvas.paste(part, (_x(part.width, self.dots, _align_of(block)), y))
            y += part.height
        return canvas


def paper_dots(settings: PrinterSettings) -> int:
    """Return the printable width in dots for ``settings``.

    ``dots`` wins when set; otherwise 384 for 58 mm paper, 576 for 80 mm and 512
    for 80 mm on TM-T88 models (which print at 180 dpi).
    """
    if settings.dots:
        return settings.dots
    if settings.paper_width_mm == 58:
        return 384
    return 512 if "T88" in settings.profile.upper() else 576


@dataclass
class _SlipBuilder:
    """Collect the blocks of one slip, top to bottom."""

    dots: int
    renderer: TextRenderer
    blocks: list[Block] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return self.dots // CELL_WIDTH

    def english(
        self, text: str, align: Align = "left", scale: int = 1, bold: bool = False
    ) -> None:
        """Add English text, wrapped to the paper at ``scale`` times normal size."""
        for line in _wrap_columns(_printable(text), self.columns // scale):
            self.blocks.append(TextBlock(line, align, scale, scale, bold))

    def urdu(
        self,
        text: str,
        size: int = URDU_BODY,
        align: Align = "right",
        bold: bool = False,
    ) -> None:
        """Add Urdu text as rasters, one per wrapped line, each cropped to its ink.

        Separate lines cost fewer bytes than one paragraph image, whose short
        lines would be padded with white to the widest.
        """
        max_width = self.dots - 2 * SIDE_MARGIN
        lines = self.renderer.wrap(text, size, max_width, bold=bold)
        for index, line in enumerate(lines):
            if index:
                self.gap(round(size * 0.2))
            image = self.renderer.render_line(line, size, bold=bold, mode="1")
            self.blocks.append(RasterBlock(image, align))
        self.gap(4)

    def gap(self, dots: int = 12) -> None:
        """Add blank paper."""
        self.blocks.append(FeedBlock(dots))

    def rule(self) -> None:
        """Add a dashed line across the paper."""
        self.blocks.append(TextBlock("-" * self.columns, "left"))

    def reprint_mark(self) -> None:
        """Add the REPRINT banner."""
        self.english("*** REPRINT ***", "center", scale=2, bold=True)
        self.gap()

    def header(self, centre_en: str, centre_ur: str) -> None:
        """Add the centre's name in Urdu and English."""
        self.urdu(centre_ur, URDU_HEADING, "center", bold=True)
        self.english(centre_en, "center", bold=True)
        self.rule()

    def big_code(self, text: str, max_scale: int = MAX_TEXT_SCALE) -> None:
        """Add ``text`` (a token or case number) as large as the paper allows."""
        text = _printable(text)
        scale = max(1, min(max_scale, self.columns // max(len(text), 1)))
        self.blocks.append(TextBlock(text, "center", scale, scale, bold=True))

    def qr(self, payload: str, tracking_code: str, settings: PrinterSettings) -> None:
        """Add the QR code and the tracking code in large spaced characters."""
        block = QrBlock(
            payload,
            settings.qr_module_dots,
            settings.qr_error_correction,
            settings.qr_mode == "native",
        )
        width = block.image().width
        if width > self.dots:
            raise PrinterConfigError(
                f"QR code of '{payload}' is {width} dots wide, paper has {self.dots}; "
                "use a shorter public_url or a smaller qr_module_dots"
            )
        self.blocks.append(block)
        self.blocks.append(_spaced_code(tracking_code, self.columns))

    def when(self, moment: datetime) -> None:
        """Add the date and time."""
        self.english(moment.strftime("%d %b %Y, %H:%M"), "center")


class _Layout:
    """What every layout needs: the printer settings, paper width, renderer."""

    def __init__(
        self, settings: PrinterSettings, renderer: TextRenderer | None = None
    ) -> None:
        self.settings = settings
        self.dots = paper_dots(settings)
        self.renderer = renderer or default_renderer()


class TicketLayout(_Layout):
    """Lay out a queue ticket (see UX.md, "The slip")."""

    def build(self, slip: TicketSlip) -> PrintJob:
        """Return the print job for ``slip``."""
        out = _SlipBuilder(self.dots, self.renderer)
        if slip.reprint:
            out.reprint_mark()
        out.header(slip.centre_en, slip.centre_ur)

        out.urdu("ٹوکن", URDU_BODY, "center")
        out.english("Token", "center")
        out.big_code(slip.token)
        out.gap()
        out.urdu(slip.service_ur, URDU_SERVICE, "center", bold=True)
        out.english(slip.service_en, "center", bold=True)
        out.rule()

        self._wait(out, slip)
        out.when(slip.issued_at)
        self._documents(out, slip.documents_en, slip.documents_ur)

        if slip.qr_payload and slip.tracking_code:
            out.rule()
            out.qr(slip.qr_payload, slip.tracking_code, self.settings)
        out.rule()
        _footer(out, trackable=bool(slip.qr_payload))
        return PrintJob(tuple(out.blocks), self.dots, self.settings.profile)

    @staticmethod
    def _wait(out: _SlipBuilder, slip: TicketSlip) -> None:
        ahead, minutes = slip.people_ahead, slip.estimated_wait_minutes
        out.urdu(f"آپ سے پہلے افراد: {ahead}")
        out.urdu(f"متوقع انتظار: {minutes} منٹ")
        out.english(f"People ahead of you: {ahead}")
        out.english(f"Estimated wait: {minutes} minutes")
        out.gap(6)

    @staticmethod
    def _documents(
        out: _SlipBuilder, documents_en: Iterable[str], documents_ur: Iterable[str]
    ) -> None:
        documents_en, documents_ur = tuple(documents_en), tuple(documents_ur)
        if not documents_en and not documents_ur:
            return
        out.rule()
        if documents_ur:
            out.urdu("ساتھ لانے والی دستاویزات:", URDU_BODY, bold=True)
            for document in documents_ur:
                out.urdu(f"- {document}")
        if documents_en:
            out.english("Documents to bring:", bold=True)
            for document in documents_en:
                out.english(f"- {document}")


class ReceiptLayout(_Layout):
    """Lay out a case receipt: case number, tracking code and QR, what happens next."""

    def build(self, receipt: CaseReceipt) -> PrintJob:
        """Return the print job for ``receipt``."""
        out = _SlipBuilder(self.dots, self.renderer)
        if receipt.reprint:
            out.reprint_mark()
        out.header(receipt.centre_en, receipt.centre_ur)

        out.urdu("کیس کی رسید", URDU_SERVICE, "center", bold=True)
        out.english("CASE RECEIPT", "center", scale=2, bold=True)
        out.gap()
        out.urdu("کیس نمبر", URDU_BODY, "center")
        out.english("Case number", "center")
        out.big_code(receipt.case_number, max_scale=3)
        out.gap()
        out.urdu(receipt.service_ur, URDU_SERVICE, "center", bold=True)
        out.english(receipt.service_en, "center", bold=True)
        out.rule()

        self._details(out, receipt)
        out.rule()
        out.qr(receipt.qr_payload, receipt.tracking_code, self.settings)
        out.rule()
        _footer(out, trackable=True)
        return PrintJob(tuple(out.blocks), self.dots, self.settings.profile)

    @staticmethod
    def _details(out: _SlipBuilder, receipt: CaseReceipt) -> None:
        if receipt.cnic_masked:
            out.urdu(f"شناختی کارڈ: {receipt.cnic_masked}")
            out.english(f"CNIC: {receipt.cnic_masked}")
        if receipt.token:
            out.english(f"Token: {receipt.token}")
        out.when(receipt.issued_at)
        out.gap(6)

        out.urdu("آگے کیا ہوگا:", URDU_BODY, bold=True)
        out.urdu(receipt.next_steps_ur)
        out.english("What happens next:", bold=True)
        out.english(receipt.next_steps_en)
        if receipt.expected_by is not None:
            # Slashes keep the date in order inside Urdu (bidi joins digits over "/").
            day = receipt.expected_by.strftime("%d/%m/%Y")
            out.gap(6)
            out.urdu(f"متوقع تاریخ: {day}")
            out.english(f"Expected by: {receipt.expected_by.strftime('%d %b %Y')}")


FOOTER_TRACKABLE_UR = (
    "کیس کی صورتحال اور آپ کی رائے: یہ کیو آر کوڈ کیوسک کے کیمرے کے سامنے رکھیں"
    " یا فون سے اسکین کریں"
)
FOOTER_TRACKABLE_EN = (
    "Check your case status and give feedback: show this QR code to the kiosk "
    "camera or scan it with your phone. Thank you."
)
FOOTER_PLAIN_UR = "اپنی باری کا انتظار کریں۔ آپ کی رائے کیوسک پر دیں۔ شکریہ"
FOOTER_PLAIN_EN = "Please wait for your token to be called. Give feedback at the kiosk."


def _footer(out: _SlipBuilder, trackable: bool) -> None:
    out.urdu(FOOTER_TRACKABLE_UR if trackable else FOOTER_PLAIN_UR, 26)
    out.gap(4)
    out.english(FOOTER_TRACKABLE_EN if trackable else FOOTER_PLAIN_EN)


def _spaced_code(code: str, columns: int) -> TextBlock:
    """Return the tracking code in the largest spaced form that fits ``columns``."""
    code = _printable(code)
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    for text, scale in ((" ".join(code), 2), (grouped, 2), (" ".join(code), 1)):
        if len(text) * scale <= columns:
            return TextBlock(text, "center", scale, scale, bold=True)
    return TextBlock(code, "center", 1, 1, bold=True)


def _printable(text: str) -> str:
    """Return ``text`` in plain ASCII, which every printer's code page 0 holds."""
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    return " ".join(ascii_text.decode().split())


def _wrap_columns(text: str, columns: int) -> list[str]:
    """Split ``text`` on spaces into lines of at most ``columns`` characters."""
    # Tokens such as C-007 and dates stay whole unless longer than a line.
    return textwrap.wrap(text, columns, break_on_hyphens=False)


# --- ESC/POS commands ----------------------------------------------------------------


def _emit(printer: Escpos, block: Block) -> None:
    """Append the commands of one block to ``printer``."""
    if isinstance(block, TextBlock):
        printer.set(
            align=block.align,
            bold=block.bold,
            custom_size=True,
            width=block.width,
            height=block.height,
        )
        printer.textln(block.text)
    elif isinstance(block, RasterBlock):
        printer.set(align=block.align)
        printer.image(block.image, impl="bitImageRaster", center=False)
    elif isinstance(block, QrBlock):
        printer.set(align="center")
        if block.native:
            level = {"Q": QR_ECLEVEL_Q, "H": QR_ECLEVEL_H}[block.error_correction]
            printer.qr(block.payload, ec=level, size=block.module_dots, native=True)
        else:
            printer.image(block.image(), impl="bitImageRaster", center=False)
    else:
        printer._raw(b"\x1bJ" + bytes([min(block.dots, 255)]))


# --- the picture ---------------------------------------------------------------------


def _picture(block: Block, dots: int) -> Image.Image:
    """Draw one block as the printer would, as a mode "1" image."""
    if isinstance(block, TextBlock):
        return _text_picture(block)
    if isinstance(block, RasterBlock):
        return block.image.convert("1")
    if isinstance(block, QrBlock):
        return block.image()
    return Image.new("1", (dots, block.dots), 1)


def _text_picture(block: TextBlock) -> Image.Image:
    """Draw printer-font text: 12 x 24 cells, scaled like GS ! scales them."""
    font = _preview_font()
    line = Image.new("L", (CELL_WIDTH * max(len(block.text), 1), CELL_HEIGHT), 255)
    draw = ImageDraw.Draw(line)
    for index, character in enumerate(block.text):
        x = index * CELL_WIDTH + CELL_WIDTH // 2
        draw.text((x, CELL_HEIGHT - 5), character, font=font, fill=0, anchor="ms")
    scaled = line.resize(
        (line.width * block.width, CELL_HEIGHT * block.height), Image.Resampling.NEAREST
    )
    picture = Image.new("1", (scaled.width, scaled.height + LINE_GAP), 1)
    picture.paste(scaled.point(lambda value: 255 if value >= 128 else 0, mode="1"))
    return picture


@functools.cache
def _preview_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS_DIR / PREVIEW_FONT), 19)


def _align_of(block: Block) -> Align:
    if isinstance(block, TextBlock | RasterBlock):
        return block.align
    return "center"


def _x(width: int, dots: int, align: Align) -> int:
    if align == "right":
        return max(dots - width, 0)
    if align == "center":
        return max((dots - width) // 2, 0)
    return 0
