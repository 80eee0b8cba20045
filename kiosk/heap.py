"""Give memory the process has freed back to the operating system.

glibc's malloc keeps freed memory for reuse, and a heap freed in the middle
(with live blocks above it) is never returned by itself. A software OpenGL
renderer (Mesa llvmpipe, what the kiosk uses when the PC has no GPU driver)
allocates tens of megabytes of binning data while it draws a busy screen and
frees them after the frame, so without a trim every screen once drawn keeps its
peak. :func:`release_free_memory` asks glibc to unmap those free pages; apps call
it once the screen has settled, not every frame (a call takes 0.5-11 ms on the
kiosk's UI thread, under one frame). Elsewhere (musl, macOS) it does nothing.

glibc also gives each new thread a heap of its own (an "arena"), up to eight per
core, and every arena keeps its own free pages and its own fragmentation. The
kiosk's threads (the renderer's, the printer's and the database's workers)
allocate little, so :func:`limit_malloc_arenas` has them share: measured on the
kiosk benchmark, one shared arena instead of glibc's default held 5 MB less with
the same tap latency.
"""

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)


M_ARENA_MAX = -8  # mallopt parameter number, from glibc's malloc.h


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def limit_malloc_arenas(count: int) -> bool:
    """Make threads started from now on share at most ``count`` malloc arenas.

    Call it before the process starts threads (before Kivy opens its window).
    Return whether the C library took the limit (glibc only).
    """
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        log.info("this C library has no mallopt; threads keep their own heaps")
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, count) == 1


@functools.cache
def _malloc_trim() -> object | None:
    """Return glibc's ``malloc_trim``, or None where the C library has none."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        log.info("this C library has no malloc_trim; freed memory stays mapped")
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return freed heap pages to the system; say whether any were returned."""
    trim = _malloc_trim()
    return bool(trim is not None and trim(0))
