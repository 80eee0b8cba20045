"""Say calls aloud: a chime, then the token and counter in Urdu and English.

An announcement is put together offline from short clips (see
:mod:`display_board.voice_clips`): "ٹوکن نمبر سی صفر صفر سات، براہ کرم کاؤنٹر
نمبر تین پر تشریف لائیں", then "token C 0 0 7, counter 3". The
:class:`Announcer` speaks calls one after another on its own thread, each to
its end, so calls arriving together are never cut off; a recall is simply
announced again. Audio trouble (no sound device, no espeak-ng, a broken clip)
is logged and skipped: it never stops the board. This module imports no Kivy.
"""

import logging
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from display_board.board_settings import AudioSettings
from display_board.call_feed import CallNotice
from display_board.errors import AudioError
from display_board.voice_clips import (
    SAMPLE_RATE,
    ClipLibrary,
    EspeakSynthesiser,
    read_wav,
    write_wav,
)
from kiosk.config import KioskConfig

log = logging.getLogger(__name__)

SPELL_GAP_SECONDS = 0.08
PHRASE_GAP_SECONDS = 0.22
LANGUAGE_GAP_SECONDS = 0.6
CHIME_GAP_SECONDS = 0.25
PLAYER_TIMEOUT_MARGIN_SECONDS = 10.0
# After this many failed plays in a row, say so once and keep trying quietly.
QUIET_AFTER_FAILURES = 3


@dataclass(frozen=True)
class Segment:
    """Where one clip sits in a rendered announcement, in samples."""

    language: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Rendering:
    """A whole announcement as samples, and the clips it is made of, in order."""

    samples: np.ndarray
    segments: tuple[Segment, ...]

    @property
    def seconds(self) -> float:
        """Return the length in seconds."""
        return self.samples.size / SAMPLE_RATE


def spoken_parts(token: str, counter: int, language: str) -> list[list[str]]:
    """Return the clip names of a call, as phrases of clips, for one language.

    Letters and digits of the token are spelled one by one ("C 0 0 7"); the
    counter is said as a number.
    """
    prefix, _, digits = token.partition("-")
    spelled = [f"letter_{letter.lower()}" for letter in prefix]
    spelled += [f"digit_{digit}" for digit in digits]
    number = f"number_{counter}"
    if language == "ur":
        return [["token", *spelled], ["please_counter", number, "come"]]
    return [["token", *spelled], ["counter", number]]


def needed_clips(
    config: KioskConfig, languages: tuple[str, ...]
) -> list[tuple[str, str]]:
    """Return every clip this centre's announcements can use."""
    letters = sorted(
        {letter.lower() for s in config.services.values() for letter in s.prefix}
    )
    names = [f"letter_{letter}" for letter in letters]
    names += [f"digit_{digit}" for digit in range(10)]
    names += [f"number_{number}" for number in config.counters]
    clips = []
    for language in languages:
        words = (
            ["token", "please_counter", "come"]
            if language == "ur"
            else ["token", "counter"]
        )
        clips += [(language, name) for name in [*words, *names]]
    return clips


def render_announcement(
    token: str,
    counter: int,
    library: ClipLibrary,
    languages: tuple[str, ...] = ("ur", "en"),
    chime: Path | None = None,
) -> Rendering:
    """Build the samples of one announcement: chime, then each language in turn."""
    pieces: list[np.ndarray] = []
    segments: list[Segment] = []
    position = 0

    def add(samples: np.ndarray, language: str, name: str) -> None:
        nonlocal position
        pieces.append(samples)
        if name:
            segments.append(Segment(language, name, position, position + samples.size))
        position += samples.size

    if chime is not None:
        add(read_wav(chime), "", "chime")
        add(_silence(CHIME_GAP_SECONDS), "", "")
    for index, language in enumerate(languages):
        if index:
            add(_silence(LANGUAGE_GAP_SECONDS), "", "")
        for phrase_index, phrase in enumerate(spoken_parts(token, counter, language)):
            if phrase_index:
                add(_silence(PHRASE_GAP_SECONDS), "", "")
            for clip_index, name in enumerate(phrase):
                if clip_index:
                    add(_silence(SPELL_GAP_SECONDS), "", "")
                add(library.samples(language, name), language, name)
    return Rendering(np.concatenate(pieces), tuple(segments))


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


class Player(Protocol):
    """Plays one WAV file to its end; raises AudioError when it cannot."""

    def play(self, path: Path, seconds: float) -> None:
        """Play ``path`` (``seconds`` long) and return when it has finished."""


class CommandPlayer:
    """Play through a command such as ``play -q {file}`` (sox) or ``aplay``."""

    def __init__(self, command: list[str]) -> None:
        self.command = command

    def play(self, path: Path, seconds: float) -> None:
        """Run the command on ``path``; raise AudioError when it fails."""
        argv = [part.replace("{file}", str(path)) for part in self.command]
        try:
            result = subprocess.run(
                argv,
                capture_output=True,
                timeout=seconds + PLAYER_TIMEOUT_MARGIN_SECONDS,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise AudioError(f"cannot run {argv[0]}: {error}") from error
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip().splitlines()
            reason = message[-1] if message else f"exit status {result.returncode}"
            raise AudioError(f"{argv[0]} could not play: {reason}")


class SilentPlayer:
    """Play nothing (``[audio] player = none``)."""

    def play(self, path: Path, seconds: float) -> None:
        """Do nothing."""


class FolderPlayer:
    """Keep each announcement as a numbered WAV in a folder (tests, diagnosis)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def play(self, path: Path, seconds: float) -> None:
        """Copy ``path`` into the folder as ``announcement-NNNN.wav``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        shutil.copy(path, self.folder / f"announcement-{self.count:04d}.wav")


def make_player(settings: AudioSettings) -> Player:
    """Return the player the [audio] section asks for (auto: sox, then aplay)."""
    if settings.player == "none":
        return SilentPlayer()
    if settings.player == "command":
        return CommandPlayer(settings.command.split())
    if settings.player in ("auto", "play") and (
        settings.player == "play" or shutil.which("play")
    ):
        return CommandPlayer(["play", "-q", "{file}"])
    if settings.player in ("auto", "aplay") and (
        settings.player == "aplay" or shutil.which("aplay")
    ):
        return CommandPlayer(["aplay", "-q", "{file}"])
    log.warning("no audio player found (sox 'play' or 'aplay'); calls stay silent")
    return SilentPlayer()


AnnouncedCallback = Callable[[CallNotice, bool], None]


class Announcer:
    """Speak calls in turn on a background thread; never raise to the caller.

    ``on_announced(call, ok)`` is called on the announcer's thread after each
    announcement (``ok`` is False when it could not be built or played).
    """

    def __init__(
        self,
        library: ClipLibrary,
        player: Player,
        languages: tuple[str, ...] = ("ur", "en"),
        chime: Path | None = None,
        warm_up: list[tuple[str, str]] | None = None,
        on_announced: AnnouncedCallback | None = None,
    ) -> None:
        self.library = library
        self.player = player
        self.languages = languages
        self.chime = chime if chime is not None and chime.is_file() else None
        self.on_announced = on_announced
        self._warm_up = warm_up or []
        self._queue: queue.Queue[CallNotice | None] = queue.Queue()
        self._failures = 0
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, call: CallNotice) -> None:
        """Queue ``call`` to be said after the ones before it."""
        self._queue.put(call)

    def close(self, timeout: float = 2.0) -> None:
        """Stop after the announcement in progress; drop the queued ones."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        self._build_clips()
        while True:
            call = self._queue.get()
            if call is None:
                return
            ok = self._speak(call)
            if self.on_announced is not None:
                self.on_announced(call, ok)

    def _build_clips(self) -> None:
        try:
            made = self.library.build(self._warm_up)
        except AudioError as error:
            log.warning(
                "voice clips could not be built (%s); calls may be silent", error
            )
            return
        if made:
            log.info("built %d voice clips", made)

    def _speak(self, call: CallNotice) -> bool:
        try:
            rendering = render_announcement(
                call.token, call.counter, self.library, self.languages, self.chime
            )
            with tempfile.TemporaryDirectory(prefix="board-voice-") as folder:
                path = Path(folder) / "announcement.wav"
                write_wav(path, rendering.samples)
                self.player.play(path, rendering.seconds)
        except AudioError as error:
            self._failures += 1
            if self._failures <= QUIET_AFTER_FAILURES:
                log.warning("announcement of %s skipped: %s", call.token, error)
            return False
        if self._failures:
            log.info("audio works again after %d failures", self._failures)
        self._failures = 0
        log.info("announced %s %s at counter %d", call.kind, call.token, call.counter)
        return True


def make_announcer(
    config: KioskConfig,
    settings: AudioSettings,
    on_announced: AnnouncedCallback | None = None,
    player: Player | None = None,
) -> Announcer | None:
    """Return the announcer [audio] describes, or None when audio is off."""
    if not settings.enabled:
        return None
    library = ClipLibrary(
        settings.recordings_dir, settings.cache_dir, EspeakSynthesiser()
    )
    return Announcer(
        library,
        player or make_player(settings),
        settings.languages,
        settings.chime,
        warm_up=needed_clips(config, settings.languages),
        on_announced=on_announced,
    )
