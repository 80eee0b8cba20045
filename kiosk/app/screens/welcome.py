"""The welcome screen: the centre's name and the choice of language."""

from kiosk.app.screens.base import KioskScreen


class WelcomeScreen(KioskScreen):
    """Offer اردو and English as two equal buttons; either leads to services."""

    def choose(self, language: str) -> None:
        """Set the visitor's language and show the services."""
        self.app.choose_language(language)
        self.app.show("services")
