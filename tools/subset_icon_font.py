"""Write the icon font the apps load: Material Symbols cut down to our icons.

The full font (``assets/icons/MaterialSymbolsOutlined.ttf``, 1.6 MB, about
3,800 icons) stays in the repository as the source. FreeType maps a font file
once per face, and the kiosk keeps a face per icon size, so every face of the
full font held up to 1.6 MB of the kiosk's resident memory for the ~40 icons it
draws. The subset keeps only the characters of ``kiosk.icons.ICON_CODEPOINTS``
and draws each of them as the full font does (tests/test_icons.py: the same
outline; FreeType antialiases a few edge pixels differently).

Run after adding an icon to ICON_CODEPOINTS: ``make icon-font``.
"""

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.icons import ICON_CODEPOINTS, ICON_FONT, ICON_SOURCE_FONT  # noqa: E402


def main() -> int:
    options = subset.Options()
    # Icons are picked by code point, never by ligature ("home" typed as text),
    # so the layout tables and glyph names are not needed.
    options.layout_features = []
    options.glyph_names = False
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    font = subset.load_font(str(ICON_SOURCE_FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ICON_CODEPOINTS.values()))
    subsetter.subset(font)
    subset.save_font(font, str(ICON_FONT), options)
    print(
        f"{ICON_FONT.name}: {len(ICON_CODEPOINTS)} icons, "
        f"{ICON_FONT.stat().st_size:,} bytes "
        f"(from {ICON_SOURCE_FONT.stat().st_size:,})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
