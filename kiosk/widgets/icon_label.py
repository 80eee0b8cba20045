"""A Kivy label that draws one icon of the shipped Material Symbols font."""

from kivy.properties import StringProperty
from kivy.uix.label import Label

from kiosk.icons import ICON_FONT, icon_text


class IconLabel(Label):
    """One icon, named as in :data:`kiosk.icons.ICON_CODEPOINTS`.

    Set ``icon`` to a name; ``font_size`` sets the icon's size and ``color`` its
    colour, as for any Label. An empty name draws nothing.
    """

    icon = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("font_name", str(ICON_FONT))
        super().__init__(**kwargs)
        self.bind(icon=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        self.text = icon_text(self.icon) if self.icon else ""
