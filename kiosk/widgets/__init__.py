"""Kivy widgets shared by the kiosk, the hall board and the counter desk.

This is the only Kivy code below the apps. It draws text through
:mod:`kiosk.urdu_text`, the renderer the printer uses too, because Kivy's own
text rendering cannot join or order Nastaliq.
"""
