"""Short voice clips (words, letters, digits, numbers) that announcements are built of.

A clip is a mono WAV named ``{language}/{name}.wav``. Recordings dropped into
the recordings folder (``[audio] recordings_dir``, default
``assets/sounds/voice``) take precedence; any clip not recorded is synthesised
once with espeak-ng into the cache folder (``[audio] cache_dir``, default
``var/voice-cache``) and reused. Nothing here needs a network.

Clip names, the same in both languages' folders:

* ``token``: "token" / "ٹوکن نمبر"
* ``counter`` (en): "counter"; ``please_counter`` (ur): "براہ کرم کاؤنٹر نمبر";
  ``come`` (ur): "پر تشریف لائیں"
* ``letter_a`` … ``letter_z``: a token's prefix letters, as English letter
  names (in Urdu too: سی for C)
* ``digit_0`` … ``digit_9``: a token's digits, one by one
* ``number_1`` … ``number_99``: a counter's number, said as a number

Recordings may be any PCM WAV (8/16/32-bit, mono or stereo, any rate); they
are mixed to mono and resampled to 22 050 Hz. This module imports no Kivy.
"""

import logging
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from display_board.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 22050
SILENCE_THRESHOLD = 0.02  # of full scale: quieter edges are trimmed
EDGE_MARGIN_SECONDS = 0.015
ESPEAK_TIMEOUT_SECONDS = 10.0
ESPEAK_VOICES = {"ur": "ur", "en": "en"}
ESPEAK_WORDS_PER_MINUTE = 150

URDU_LETTERS = {
    "a": "اے",
    "b": "بی",
    "c": "سی",
    "d": "ڈی",
    "e": "ای",
    "f": "ایف",
    "g": "جی",
    "h": "ایچ",
    "i": "آئی",
    "j": "جے",
    "k": "کے",
    "l": "ایل",
    "m": "ایم",
    "n": "این",
    "o": "او",
    "p": "پی",
    "q": "کیو",
    "r": "آر",
    "s": "ایس",
    "t": "ٹی",
    "u": "یو",
    "v": "وی",
    "w": "ڈبلیو",
    "x": "ایکس",
    "y": "وائی",
    "z": "زیڈ",
}
URDU_DIGITS = ("صفر", "ایک", "دو", "تین", "چار", "پانچ", "چھ", "سات", "آٹھ", "نو")
WORDS = {
    "ur": {
        "token": "ٹوکن نمبر",
        "please_counter": "براہ کرم کاؤنٹر نمبر",
        "come": "پر تشریف لائیں",
    },
    "en": {"token": "token", "counter": "counter"},
}


def clip_text(language: str, name: str) -> str:
    """Return what the synthesiser says for clip ``name`` in ``language``."""
    kind, _, value = name.partition("_")
    if kind == "letter" and len(value) == 1 and value.isalpha():
        return URDU_LETTERS[value] if language == "ur" else value.upper()
    if kind == "digit" and value.isdigit() and len(value) == 1:
        return URDU_DIGITS[int(value)] if language == "ur" else value
    if kind == "number" and value.isdigit():
        return value
    try:
        return WORDS[language][name]
    except KeyError:
        raise AudioError(f"no clip named '{name}' for language '{language}'") from None


class EspeakSynthesiser:
    """Speak a short text to a WAV file with espeak-ng (Debian package espeak-ng)."""

    def __init__(self, executable: str = "espeak-ng") -> None:
        self.executable = executable

    def available(self) -> bool:
        """Return whether espeak-ng can be run."""
        return shutil.which(self.executable) is not None

    def synthesise(self, language: str, text: str, target: Path) -> None:
        """Write ``text`` spoken in ``language`` to ``target``; raise AudioError."""
        command = [
            self.executable,
            "-v",
            ESPEAK_VOICES[language],
            "-s",
            str(ESPEAK_WORDS_PER_MINUTE),
            "-w",
            str(target),
            text,
        ]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=ESPEAK_TIMEOUT_SECONDS
            )
        except FileNotFoundError:
            raise AudioError(
                f"{self.executable} is not installed; apt-get install espeak-ng, or "
                "record the clips (see display_board/voice_clips.py)"
            ) from None
        except (subprocess.SubprocessError, OSError) as error:
            raise AudioError(
                f"espeak-ng failed for clip {target.name}: {error}"
            ) from error


@dataclass
class ClipLibrary:
    """Find, build and load clips: recordings first, then the synthesised cache."""

    recordings_dir: Path
    cache_dir: Path
    synthesiser: EspeakSynthesiser

    def __post_init__(self) -> None:
        self._loaded: dict[tuple[str, str], np.ndarray] = {}

    def path(self, language: str, name: str) -> Path:
        """Return the WAV for a clip, synthesising it into the cache if needed."""
        recorded = self.recordings_dir / language / f"{name}.wav"
        if recorded.is_file():
            return recorded
        cached = self.cache_dir / language / f"{name}.wav"
        if not cached.is_file():
            self._synthesise(language, name, cached)
        return cached

    def samples(self, language: str, name: str) -> np.ndarray:
        """Return a clip as trimmed mono float32 samples at :data:`SAMPLE_RATE`."""
        key = (language, name)
        if key not in self._loaded:
            self._loaded[key] = trim_silence(read_wav(self.path(language, name)))
        return self._loaded[key]

    def build(self, clips: list[tuple[str, str]]) -> int:
        """Make sure every clip exists; return how many were synthesised now."""
        made = 0
        for language, name in clips:
            recorded = self.recordings_dir / language / f"{name}.wav"
            cached = self.cache_dir / language / f"{name}.wav"
            if not recorded.is_file() and not cached.is_file():
                self._synthesise(language, name, cached)
                made += 1
        return made

    def _synthesise(self, language: str, name: str, target: Path) -> None:
        text = clip_text(language, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=target.parent, suffix=".wav", delete=False
        ) as staging:
            staging_path = Path(staging.name)
        try:
            self.synthesiser.synthesise(language, text, staging_path)
            staging_path.replace(target)
        finally:
            staging_path.unlink(missing_ok=True)
        log.info("synthesised voice clip %s/%s", language, name)


def read_wav(path: Path) -> np.ndarray:
    """Read a PCM WAV as mono float32 in [-1, 1] at :data:`SAMPLE_RATE`."""
    try:
        with wave.open(str(path), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            frames = source.readframes(source.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise AudioError(
            f"cannot read voice clip {path} ({error}); save it as a PCM WAV"
        ) from error

    samples = _pcm_to_float(frames, width, path)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return resample(samples, rate, SAMPLE_RATE)


def _pcm_to_float(frames: bytes, width: int, path: Path) -> np.ndarray:
    if width == 1:
        return (np.frombuffer(frames, np.uint8).astype(np.float32) - 128) / 128
    if width == 2:
        return np.frombuffer(frames, "<i2").astype(np.float32) / 32768
    if width == 4:
        return np.frombuffer(frames, "<i4").astype(np.float32) / 2**31
    raise AudioError(f"voice clip {path} has {width * 8}-bit samples; use 16-bit PCM")


def resample(samples: np.ndarray, rate: int, target_rate: int) -> np.ndarray:
    """Resample by linear interpolation (enough for speech clips)."""
    if rate == target_rate or samples.size == 0:
        return samples.astype(np.float32)
    count = int(round(samples.size * target_rate / rate))
    positions = np.linspace(0, samples.size - 1, count)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """Cut quiet lead-in and tail, keeping a few milliseconds around the sound."""
    loud = np.flatnonzero(np.abs(samples) > SILENCE_THRESHOLD)
    if loud.size == 0:
        return samples
    margin = int(EDGE_MARGIN_SECONDS * SAMPLE_RATE)
    start = max(loud[0] - margin, 0)
    end = min(loud[-1] + margin + 1, samples.size)
    return samples[start:end]


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write float samples in [-1, 1] as a 16-bit mono WAV at :data:`SAMPLE_RATE`."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(SAMPLE_RATE)
        target.writeframes(pcm.tobytes())
