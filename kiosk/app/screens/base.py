"""What every kiosk screen shares: where Back leads and how to forget a visit."""

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A kiosk screen; ``back_target`` names the screen the Back button shows.

    ``busy`` is True while the screen waits for background work; screens ignore
    taps then, so a double tap or several fingers never start work twice.
    """

    back_target = StringProperty("welcome")
    busy = BooleanProperty(False)

    @property
    def app(self) -> App:
        """Return the running KioskApp."""
        return App.get_running_app()

    def reset(self) -> None:
        """Forget everything this screen holds about the visit."""
        self.busy = False
