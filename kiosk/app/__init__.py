"""The kiosk app: the touchscreen visitors use to take tickets and more.

Kivy is imported only in this package and in :mod:`kiosk.widgets`. The app is a
thin layer over the queue core (:mod:`kiosk.store`) and the printer package;
start it with the ``kiosk`` command (:func:`kiosk.app.main.main`).
"""
