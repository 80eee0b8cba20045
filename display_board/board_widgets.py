"""Small Kivy widgets of the hall board: recent-call rows, waiting tiles, ticker.

Their layout lives in ``board.kv``; here only their properties and the ticker's
motion. Text that may be Urdu is drawn by
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
from kivy.uix.stencilview import StencilView

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


class Ticker(StencilView):
    """Notices sliding across a strip, one after another, at a steady speed.

    English moves right to left; Urdu, read from the right, moves left to
    right. ``speed`` is in pixels per second at 1080 lines and scales with the
    strip's window; ``fps`` bounds how often it moves (CPU on the hall PC).
    """

    notices = ListProperty([])
    speed = NumericProperty(90.0)
    fps = NumericProperty(30)
    text = StringProperty("")
    scale = NumericProperty(1.0)
    urdu = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._index = -1
        self._event = None

    def on_kv_post(self, *_args: object) -> None:
        """Start moving once laid out."""
        self._event = Clock.schedule_interval(self._step, 1.0 / max(self.fps, 1))

    def stop(self) -> None:
        """Stop moving (the app is closing)."""
        if self._event is not None:
            self._event.cancel()

    def on_notices(self, *_args: object) -> None:
        """Start again from the first notice when the list changes."""
        self._index = -1
        self._next()

    def _next(self) -> None:
        if not self.notices:
            self.text = ""
            return
        self._index = (self._index + 1) % len(self.notices)
        self.text = self.notices[self._index]
        self.urdu = has_urdu(self.text)
        label = self.ids.moving
        label.render_now()
        label.width = label.texture_size[0]
        label.x = self._start_x()

    def _rtl(self) -> bool:
        return self.urdu

    def _start_x(self) -> float:
        label = self.ids.moving
        return self.x - label.width if self._rtl() else self.right

    def _step(self, dt: float) -> None:
        if not self.text:
            return
        label = self.ids.moving
        distance = self.speed * self.scale * dt
        label.x += distance if self._rtl() else -distance
        if label.right < self.x or label.x > self.right:
            self._next()
