"""Small Kivy widgets of the hall board: recent-call rows, waiting tiles, ticker.

Their layout lives in ``board.kv``; here only their properties and the order
in which the ticker turns its notices. Text that may be Urdu is drawn by
:class:`~kiosk.widgets.rendered_text.RenderedText`.
"""

from kivy.clock import Clock
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.icons import icon_text
from kiosk.urdu_text import has_urdu

ARROW = icon_text("arrow_forward")


class RecentRow(BoxLayout):
    """One line of the recent-calls list: token, counter, mark."""

    token = StringProperty("")
    counter = StringProperty("")
    mark_icon = StringProperty("")
    mark_en = StringProperty("")
    mark_ur = StringProperty("")
    newest = BooleanProperty(False)
    arrow = StringProperty(ARROW)

    def show(self, entry: dict[str, str] | None) -> None:
        """Show ``entry`` (keys as the properties) or blank the row."""
        entry = entry or {}
        for name in ("token", "counter", "mark_icon", "mark_en", "mark_ur"):
            setattr(self, name, entry.get(name, ""))


class RecentList(BoxLayout):
    """A fixed number of :class:`RecentRow`, newest call on top."""

    entries = ListProperty([])
    rows = NumericProperty(7)

    def on_kv_post(self, *_args: object) -> None:
        """Create the rows once the kv rule has set ``rows``."""
        for index in range(int(self.rows)):
            self.add_widget(RecentRow(newest=index == 0))
        self.on_entries()

    def on_entries(self, *_args: object) -> None:
        """Copy the entries into the rows, blanking the rest."""
        rows = [child for child in self.children if isinstance(child, RecentRow)]
        for index, row in enumerate(reversed(rows)):
            row.show(self.entries[index] if index < len(self.entries) else None)

    def shows_token(self, token: str) -> bool:
        """Return whether the top row has drawn ``token``."""
        rows = [child for child in self.children if isinstance(child, RecentRow)]
        if not rows:
            return False
        top = rows[-1]
        return top.token == token and top.ids.token_text.texture is not None


class WaitingTile(BoxLayout):
    """One service's waiting count."""

    icon = StringProperty("")
    name = StringProperty("")
    name_scale = NumericProperty(0.4)
    count = StringProperty("0")


class WaitingGrid(BoxLayout):
    """Tiles of waiting counts in columns; tiles are made once, counts change."""

    entries = ListProperty([])
    columns = NumericProperty(2)

    def on_entries(self, *_args: object) -> None:
        """Update the tiles' counts, building the tiles on first use."""
        grid = self.ids.grid
        tiles = list(reversed(grid.children))
        if len(tiles) != len(self.entries):
            grid.clear_widgets()
            tiles = [WaitingTile() for _ in self.entries]
            for tile in tiles:
                grid.add_widget(tile)
        for tile, entry in zip(tiles, self.entries, strict=True):
            tile.icon, tile.count, tile.name = (
                entry["icon"],
                entry["count"],
                entry["name"],
            )
            tile.name_scale = 0.46 if entry["urdu"] else 0.38


class Ticker(Widget):
    """The notices strip: one notice at a time, each for ``seconds``, in turn.

    The strip changes only when the next notice comes (nothing moves in
    between), so on a hall PC without a GPU the board draws one frame per
    notice instead of a scrolling strip's 10-30 frames a second; with no
    notices nothing is scheduled. English lines sit on the left, Urdu on the
    right; a notice too long for the strip is scaled down to fit.
    """

    notices = ListProperty([])
    seconds = NumericProperty(8.0)
    text = StringProperty("")
    urdu = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._index = -1
        self._event = None

    def stop(self) -> None:
        """Stop turning notices (the app is closing)."""
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def on_notices(self, *_args: object) -> None:
        """Start again from the first notice when the list changes."""
        self.stop()
        self._index = -1
        self.next_notice()
        if len(self.notices) > 1:
            self._event = Clock.schedule_interval(self.next_notice, self.seconds)

    def on_seconds(self, *_args: object) -> None:
        """Keep the new pace from the current notice on."""
        if self._event is not None:
            self._event.cancel()
            self._event = Clock.schedule_interval(self.next_notice, self.seconds)

    def next_notice(self, *_args: object) -> None:
        """Show the next notice (blank when there are none)."""
        if not self.notices:
            self.text = ""
            return
        self._index = (self._index + 1) % len(self.notices)
        text = self.notices[self._index]
        self.urdu = has_urdu(text)
        self.text = text
