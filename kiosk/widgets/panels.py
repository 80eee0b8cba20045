"""Panels that can be hidden in place, letting touches through while hidden.

Kivy's ``disabled`` widgets swallow touches that land on them, so a disabled
panel stacked over another in a FloatLayout would block it. These panels
instead ignore touches entirely while ``shown`` is False, and are invisible.
Kivy still draws a widget whose opacity is 0, and on a software renderer a
hidden full-screen panel costs as much as a shown one, so a hidden panel also
clips its drawing to nothing.
"""

from kivy.graphics import ScissorPop, ScissorPush
from kivy.properties import BooleanProperty
from kivy.uix.widget import Widget

from kiosk.widgets.mirror_box import MirrorBoxLayout, MirrorGridLayout


class Hideable(Widget):
    """Mix-in: ``shown`` False makes the widget invisible and deaf to touches."""

    shown = BooleanProperty(True)

    def __init__(self, **kwargs: object) -> None:
        self._clip: tuple[ScissorPush, ScissorPop] | None = None
        super().__init__(**kwargs)
        self.bind(shown=self._show)
        self._show()

    def _show(self, *_args: object) -> None:
        self.opacity = 1 if self.shown else 0
        if self.shown and self._clip is not None:
            push, pop = self._clip
            self.canvas.before.remove(push)
            self.canvas.after.remove(pop)
            self._clip = None
        elif not self.shown and self._clip is None:
            self._clip = (ScissorPush(x=0, y=0, width=0, height=0), ScissorPop())
            self.canvas.before.insert(0, self._clip[0])
            self.canvas.after.add(self._clip[1])

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
