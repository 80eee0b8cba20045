"""Layouts that mirror left and right for right-to-left languages such as Urdu."""

from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout


class MirrorBoxLayout(BoxLayout):
    """A BoxLayout whose children are placed right to left when ``mirrored``.

    Children keep their order in kv; only their positions are reflected inside
    the layout, so an Urdu screen reads from the right without a second kv.
    A vertical layout is left as it is.
    """

    mirrored = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(mirrored=self._trigger_layout)

    def do_layout(self, *args: object) -> None:
        """Lay the children out, then reflect them when mirrored."""
        super().do_layout(*args)
        if not self.mirrored or self.orientation != "horizontal":
            return
        for child in self.children:
            # Set pos, not x: observers bound to pos must hear of the move.
            child.pos = (self.x + (self.right - child.right), child.y)


class MirrorGridLayout(GridLayout):
    """A GridLayout that fills rows right to left when ``mirrored``."""

    mirrored = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(mirrored=self._set_orientation)
        self._set_orientation()

    def _set_orientation(self, *_args: object) -> None:
        self.orientation = "rl-tb" if self.mirrored else "lr-tb"
