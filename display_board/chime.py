"""Make the board's chime: two soft bell tones, written as a 16-bit WAV.

The shipped ``assets/sounds/chime.wav`` was made by this script and is the
project's own work (same licence as the project). Run it again to change it::

    python -m display_board.chime assets/sounds/chime.wav
"""

import sys
from pathlib import Path

import numpy as np

from display_board.voice_clips import SAMPLE_RATE, write_wav

# A falling major third (E5 then C5), like a hall "ding-dong".
TONES = ((659.25, 0.0), (523.25, 0.55))
TONE_SECONDS = 1.1
PEAK = 0.55


def chime_samples() -> np.ndarray:
    """Return the chime as float samples in [-1, 1] at the clips' sample rate."""
    total = int((TONES[-1][1] + TONE_SECONDS) * SAMPLE_RATE)
    samples = np.zeros(total, dtype=np.float64)
    t = np.arange(int(TONE_SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    envelope = np.exp(-t * 4.0) * np.minimum(t / 0.01, 1.0)
    for frequency, start in TONES:
        tone = sum(
            weight * np.sin(2 * np.pi * frequency * harmonic * t)
            for harmonic, weight in ((1, 1.0), (2, 0.35), (3, 0.12))
        )
        begin = int(start * SAMPLE_RATE)
        samples[begin : begin + t.size] += tone * envelope
    return (samples / np.abs(samples).max() * PEAK).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    """Write the chime to the path given on the command line."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "assets/sounds/chime.wav")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_wav(target, chime_samples())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
