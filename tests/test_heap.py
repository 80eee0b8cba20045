"""Tests of kiosk.heap: freed memory really goes back to the system."""

from tests.conftest import run_python

# Fill the heap with 64 KB blocks (below glibc's mmap threshold, like the
# renderer's binning blocks), each followed by a small block that stays (bigger
# than Python's own allocator takes, so it comes from malloc too); free the big
# ones, leaving holes glibc does not return by itself, and compare resident
# memory before and after the release.
FREE_THEN_RELEASE = """
import re
from kiosk.heap import release_free_memory

def resident_mb():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmRSS:\\s+(\\d+)", status).group(1)) / 1024

blocks, kept = [], []
for _ in range(2000):
    blocks.append(bytearray(64 * 1024))
    kept.append(bytearray(1024))
del blocks
before = resident_mb()
returned = release_free_memory()
print(before - resident_mb(), returned)
"""


def test_freed_heap_blocks_are_given_back_to_the_system() -> None:
    released_mb, returned = run_python(FREE_THEN_RELEASE).split()

    # 2000 blocks of 64 KB are 125 MB; nearly all of it comes back.
    assert float(released_mb) > 100
    assert returned == "True"


# Start threads that each allocate and stay alive together, then count the
# arenas glibc reports (malloc_stats writes one "Arena N:" section per arena to
# stderr, which is sent to a file here).
THREADS_THEN_COUNT_ARENAS = """
import ctypes, os, sys, tempfile, threading
from kiosk.heap import limit_malloc_arenas

limited = limit_malloc_arenas(1) if sys.argv[1] == "limit" else None
started, finish = threading.Barrier(9), threading.Event()

def allocate():
    kept = [bytearray(4096) for _ in range(100)]
    started.wait()
    finish.wait()

threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
started.wait()
with tempfile.TemporaryFile() as report:
    saved = os.dup(2)
    os.dup2(report.fileno(), 2)
    ctypes.CDLL("libc.so.6").malloc_stats()
    os.dup2(saved, 2)
    report.seek(0)
    arenas = report.read().decode().count("Arena ")
finish.set()
print(arenas, limited)
"""


def test_threads_share_one_arena_once_limited() -> None:
    arenas, limited = run_python(THREADS_THEN_COUNT_ARENAS, "limit").split()

    assert limited == "True"
    assert arenas == "1"


def test_threads_get_arenas_of_their_own_by_default() -> None:
    # The control: without the limit the same threads spread over several
    # arenas, so the test above can tell the difference.
    arenas, _ = run_python(THREADS_THEN_COUNT_ARENAS, "default").split()

    assert int(arenas) > 1
