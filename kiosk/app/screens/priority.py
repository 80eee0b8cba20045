"""The priority screen: women (gender desk), senior, disability or none."""

import logging

from kivy.properties import StringProperty

from kiosk.app.screens.base import KioskScreen
from kiosk.models import Priority

log = logging.getLogger(__name__)


class PriorityScreen(KioskScreen):
    """Ask who the ticket is for, then issue it on the ticket screen.

    The first tap wins: later taps (a double tap, a second finger) are ignored
    until the screen is shown again, so one visit gives one ticket.
    """

    back_target = StringProperty("services")
    service_code = StringProperty("")

    def on_pre_enter(self, *_args: object) -> None:
        """Accept a choice again; let the ticket screen prepare the service's lines."""
        self.busy = False
        if self.service_code:
            self.app.screen("ticket").prepare(self.service_code)

    def choose(self, priority: str) -> None:
        """Issue a ticket for the chosen service with ``priority``."""
        if self.busy or not self.service_code:
            return
        self.busy = True
        ticket_screen = self.app.screen("ticket")
        ticket_screen.issue(self.service_code, Priority(priority))
        self.app.show("ticket")
