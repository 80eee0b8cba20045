"""sqlite-utils, imported without its optional numpy support.

sqlite-utils imports numpy when it is installed, only to map numpy number types
to column types; the queue never stores numpy values. numpy is installed here
for OpenCV (the camera), and importing it costs every process (kiosk, board,
desks) about 10 MB of resident memory and 0.1 s of start-up, so it is hidden
while sqlite-utils loads. A process that later uses the camera imports numpy as
usual. Modules use ``from kiosk.sqlite_library import sqlite_utils``.
"""

import importlib
import sys
from types import ModuleType


def _import_without_numpy() -> ModuleType:
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return importlib.import_module("sqlite_utils")
    sys.modules["numpy"] = None  # makes `import numpy` raise ImportError
    try:
        return importlib.import_module("sqlite_utils")
    finally:
        del sys.modules["numpy"]


sqlite_utils = _import_without_numpy()
