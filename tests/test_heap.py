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
