"""Touch surfaces that show they are pressed at once, for kiosk buttons."""

from kivy.properties import BooleanProperty, ColorProperty
from kivy.uix.behaviors import ButtonBehavior

from kiosk.widgets.mirror_box import MirrorBoxLayout


class PressableBox(ButtonBehavior, MirrorBoxLayout):
    """A box that acts as one big button; its kv rule draws ``face_color``.

    ``face_color`` follows the press at once (``state`` ``down``), so a visitor
    sees the touch land within a frame. ``selected`` marks a chosen option.
    Touches of a disabled box do nothing; ``mirrored`` lays a horizontal box out
    right to left.
    """

    face_color = ColorProperty([0.1, 0.23, 0.45, 1])
    normal_color = ColorProperty([0.1, 0.23, 0.45, 1])
    down_color = ColorProperty([0.05, 0.12, 0.25, 1])
    selected_color = ColorProperty([0.0, 0.45, 0.25, 1])
    selected = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(
            state=self._recolour,
            selected=self._recolour,
            normal_color=self._recolour,
            selected_color=self._recolour,
        )
        self._recolour()

    def _recolour(self, *_args: object) -> None:
        if self.state == "down":
            self.face_color = self.down_color
        elif self.selected:
            self.face_color = self.selected_color
        else:
            self.face_color = self.normal_color
