"""Panels that can be hidden in place, letting touches through while hidden.

Kivy's ``disabled`` widgets swallow touches that land on them, so a disabled
panel stacked over another in a FloatLayout would block it. These panels
instead ignore touches entirely while ``shown`` is False, and are invisible.
"""

from kivy.properties import BooleanProperty
from kivy.uix.widget import Widget

from kiosk.widgets.mirror_box import MirrorBoxLayout, MirrorGridLayout


class Hideable(Widget):
    """Mix-in: ``shown`` False makes the widget invisible and deaf to touches."""

    shown = BooleanProperty(True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(shown=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        self.opacity = 1 if self.shown else 0

    def on_touch_down(self, touch: object) -> bool:
        """Pass the touch on only while shown."""
        return self.shown and super().on_touch_down(touch)

    def on_touch_move(self, touch: object) -> bool:
        """Pass the touch on only while shown."""
        return self.shown and super().on_touch_move(touch)

    def on_touch_up(self, touch: object) -> bool:
        """Pass the touch on only while shown."""
        return self.shown and super().on_touch_up(touch)


class Panel(Hideable, MirrorBoxLayout):
    """A box (mirrored for Urdu when asked) that can be hidden in place."""


class GridPanel(Hideable, MirrorGridLayout):
    """A grid (mirrored for Urdu when asked) that can be hidden in place."""
