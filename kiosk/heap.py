"""Give memory the process has freed back to the operating system.

glibc's malloc keeps freed memory for reuse, and a heap freed in the middle
(with live blocks above it) is never returned by itself. A software OpenGL
renderer (Mesa llvmpipe, what the kiosk uses when the PC has no GPU driver)
allocates tens of megabytes of binning data while it draws a busy screen and
frees them after the frame, so without a trim every screen once drawn keeps its
peak. :func:`release_free_memory` asks glibc to unmap those free pages; apps call
it once the screen has settled, not every frame (a call takes 0.5-11 ms on the
kiosk's UI thread, under one frame). Elsewhere (musl, macOS) it does nothing.
"""

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> object | None:
    """Return glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        log.info("this C library has no malloc_trim; freed memory stays mapped")
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return freed heap pages to the system; say whether any were returned."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0))
