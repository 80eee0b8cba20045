"""The waiting-hall display board and the counter desk.

The Kivy apps (``board_app``, ``desk_app``) are thin layers over plain modules
that import no Kivy and are tested without a window: ``call_feed`` follows the
queue database, ``announcer`` and ``voice_clips`` speak calls, ``desk_actions``
runs a counter's commands, ``keypads`` reads counter keypads, and
``board_settings`` checks the app-owned sections of kiosk.ini.
"""
