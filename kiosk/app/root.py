"""The root widget: the screen manager and the idle countdown above it."""

from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.widgets.panels import Hideable


class KioskRoot(FloatLayout):
    """Holds the screens (``manager``) and the "Continue?" notice (kiosk.kv)."""

    manager = ObjectProperty(None)


class IdleNotice(Hideable, FloatLayout):
    """The "Continue?" countdown over the screen; shown by ``app.idle_countdown``.

    While shown it takes every touch: the "Continue" button shows it is pressed,
    and the touch does not also press whatever lies under the notice. The
    notice hides itself on the frame after the touch (:class:`IdleWatcher`).
    """

    def on_touch_down(self, touch: object) -> bool:
        """Take every touch while shown; let all through while hidden."""
        if not self.shown:
            return False
        super().on_touch_down(touch)
        return True
