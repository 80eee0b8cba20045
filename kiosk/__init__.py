"""Police Khidmat Markaz kiosk and queue system.

The modules directly in this package are the queue core: configuration, the
shared queue database, tracking codes and the ``kiosk-admin`` command. None of
them imports Kivy; the touchscreen app builds on them.
"""

__version__ = "0.1.0"
