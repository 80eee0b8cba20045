"""Announcements: built from clips in order, recordings first, spoken in turn."""

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from display_board.announcer import (
    Announcer,
    SilentPlayer,
    make_player,
    needed_clips,
    render_announcement,
    spoken_parts,
)
from display_board.board_settings import load_audio_settings
from display_board.call_feed import CallNotice
from display_board.chime import chime_samples
from display_board.errors import AudioError
from display_board.voice_clips import (
    SAMPLE_RATE,
    ClipLibrary,
    EspeakSynthesiser,
    write_wav,
)
from kiosk.models import Priority

CHIME = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "chime.wav"
needs_espeak = pytest.mark.skipif(
    not EspeakSynthesiser().available(), reason="apt-get install espeak-ng"
)


@pytest.fixture
def library(tmp_path: Path) -> ClipLibrary:
    """Clips synthesised into a fresh cache, with an empty recordings folder."""
    return ClipLibrary(tmp_path / "recorded", tmp_path / "cache", EspeakSynthesiser())


def call(token: str = "C-007", counter: int = 3, kind: str = "called") -> CallNotice:
    """A call as the feed reports it."""
    return CallNotice(
        1, kind, token, "character_certificate", Priority.NORMAL, counter, 0
    )


def test_sentence_spells_the_token_and_says_the_counter() -> None:
    assert spoken_parts("C-007", 3, "en") == [
        ["token", "letter_c", "digit_0", "digit_0", "digit_7"],
        ["counter", "number_3"],
    ]
    assert spoken_parts("AB-120", 12, "ur")[1] == [
        "please_counter",
        "number_12",
        "come",
    ]


@needs_espeak
def test_announcement_is_the_chime_then_urdu_then_english(library: ClipLibrary) -> None:
    rendering = render_announcement("C-007", 3, library, ("ur", "en"), CHIME)

    names = [(segment.language, segment.name) for segment in rendering.segments]
    assert names == [
        ("", "chime"),
        ("ur", "token"),
        ("ur", "letter_c"),
        ("ur", "digit_0"),
        ("ur", "digit_0"),
        ("ur", "digit_7"),
        ("ur", "please_counter"),
        ("ur", "number_3"),
        ("ur", "come"),
        ("en", "token"),
        ("en", "letter_c"),
        ("en", "digit_0"),
        ("en", "digit_0"),
        ("en", "digit_7"),
        ("en", "counter"),
        ("en", "number_3"),
    ]
    assert 5.0 < rendering.seconds < 16.0
    for segment in rendering.segments:
        piece = rendering.samples[segment.start : segment.end]
        assert np.sqrt(np.mean(piece**2)) > 0.01, segment
    starts = [segment.start for segment in rendering.segments]
    assert starts == sorted(starts)


@needs_espeak
def test_written_wav_has_the_rendered_length(
    library: ClipLibrary, tmp_path: Path
) -> None:
    import wave

    rendering = render_announcement("W-012", 6, library, ("en",), None)
    target = tmp_path / "w.wav"
    write_wav(target, rendering.samples)

    with wave.open(str(target)) as written:
        assert written.getnframes() == rendering.samples.size
        assert written.getframerate() == SAMPLE_RATE
    assert 1.5 < rendering.seconds < 8.0


@needs_espeak
def test_recording_takes_precedence_over_synthesis(
    library: ClipLibrary, tmp_path: Path
) -> None:
    tone = 0.5 * np.sin(2 * np.pi * 440 * np.arange(44100) / 44100)
    stereo_44k = np.repeat(tone, 2).astype(np.float32)
    recorded = library.recordings_dir / "en" / "token.wav"
    recorded.parent.mkdir(parents=True)
    _write_stereo_44k(recorded, stereo_44k)

    rendering = render_announcement("C-007", 3, library, ("en",), None)

    first = rendering.segments[0]
    assert first.name == "token"
    assert abs((first.end - first.start) - SAMPLE_RATE) < SAMPLE_RATE * 0.05
    assert not (library.cache_dir / "en" / "token.wav").exists()


def _write_stereo_44k(path: Path, interleaved: np.ndarray) -> None:
    import wave

    with wave.open(str(path), "wb") as target:
        target.setnchannels(2)
        target.setsampwidth(2)
        target.setframerate(44100)
        target.writeframes((interleaved * 32767).astype("<i2").tobytes())


def test_clips_cover_every_prefix_and_counter(config) -> None:
    clips = needed_clips(config, ("ur", "en"))

    for letter in "cvetmlfrws":
        assert ("ur", f"letter_{letter}") in clips
    assert ("en", "number_6") in clips and ("ur", "come") in clips


def test_chime_is_short_and_loud_enough() -> None:
    samples = chime_samples()

    assert 1.0 < samples.size / SAMPLE_RATE < 2.5
    assert 0.4 < np.abs(samples).max() <= 0.6


class RecordingPlayer:
    """Play by sleeping; remember what played when, to check nothing overlaps."""

    def __init__(self, fail_first: bool = False) -> None:
        self.played: list[tuple[float, float]] = []
        self.fail_first = fail_first

    def play(self, path: Path, seconds: float) -> None:
        if self.fail_first:
            self.fail_first = False
            raise AudioError("no default audio device")
        start = time.monotonic()
        time.sleep(0.05)
        self.played.append((start, time.monotonic()))


class FakeLibrary(ClipLibrary):
    """A library whose clips are short beeps, so no synthesiser is needed."""

    def samples(self, language: str, name: str) -> np.ndarray:
        return np.full(200, 0.3, dtype=np.float32)

    def build(self, clips: list[tuple[str, str]]) -> int:
        return 0


def _announce_all(player, calls) -> list[tuple[CallNotice, bool]]:
    done = []
    finished = threading.Event()

    def on_announced(notice: CallNotice, ok: bool) -> None:
        done.append((notice, ok))
        if len(done) == len(calls):
            finished.set()

    library = FakeLibrary(Path("/nonexistent"), Path("/nonexistent"), None)
    announcer = Announcer(
        library, player, ("ur", "en"), None, on_announced=on_announced
    )
    for notice in calls:
        announcer.announce(notice)
    assert finished.wait(10)
    announcer.close()
    return done


def test_calls_arriving_together_are_spoken_in_turn_never_overlapping() -> None:
    player = RecordingPlayer()
    calls = [call("C-001", 1), call("C-002", 2), call("C-001", 1, "recall")]

    done = _announce_all(player, calls)

    assert [notice for notice, _ok in done] == calls
    for (_, end), (next_start, _) in zip(
        player.played, player.played[1:], strict=False
    ):
        assert next_start >= end


def test_a_failing_player_is_skipped_and_the_next_call_still_spoken() -> None:
    done = _announce_all(
        RecordingPlayer(fail_first=True), [call("C-001"), call("C-002")]
    )

    assert [ok for _notice, ok in done] == [False, True]


def test_player_none_is_silent(config) -> None:
    import dataclasses

    ini = dataclasses.replace(config, app_sections={"audio": {"player": "none"}})

    assert isinstance(make_player(load_audio_settings(ini)), SilentPlayer)
