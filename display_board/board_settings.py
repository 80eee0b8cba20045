"""Read the app-owned sections of kiosk.ini: [board], [board:NAME], [audio],
[desk] and [keypad:NAME].

Every value is checked here with the queue core's ``SectionReader``, so a
mistake reads like any other kiosk.ini error (file, section, key, what is
allowed). Relative paths are relative to kiosk.ini. This module imports no Kivy.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.config import KioskConfig, SectionReader
from kiosk.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BOARD_KEYS = {
    "counters",
    "services",
    "title_en",
    "title_ur",
    "recent_calls",
    "flash_seconds",
    "poll_ms",
    "notices",
    "notices_file",
    "notice_seconds",
    # Accepted so older kiosk.ini files still load; notices no longer scroll.
    "ticker_speed",
    "ticker_fps",
    "fullscreen",
    "width",
    "height",
    "stale_call_seconds",
}
AUDIO_KEYS = {
    "enabled",
    "player",
    "command",
    "languages",
    "recordings_dir",
    "cache_dir",
    "chime",
}
DESK_KEYS = {"language", "fullscreen", "width", "height", "counter"}
KEYPAD_ACTIONS = ("call_next", "recall", "complete", "no_show", "pause")
KEYPAD_DEFAULT_KEYS = {
    "call_next": "KPENTER",
    "recall": "KPPLUS",
    "complete": "KPMINUS",
    "no_show": "KPASTERISK",
    "pause": "KPSLASH",
}
KEYPAD_KEYS = {"device", "phys", "uniq", "counter", *KEYPAD_ACTIONS}
PLAYERS = ("auto", "play", "aplay", "command", "none")
Player = Literal["auto", "play", "aplay", "command", "none"]
KEY_NAME = re.compile(r"^[A-Z0-9_]+$")


@dataclass(frozen=True)
class BoardSettings:
    """One hall board: which counters it shows and how it looks and moves."""

    name: str
    counters: tuple[int, ...]
    services: tuple[str, ...]
    title_en: str | None
    title_ur: str | None
    recent_calls: int
    flash_seconds: float
    poll_ms: int
    notices: tuple[str, ...]
    notices_file: Path
    notice_seconds: float
    fullscreen: bool
    width: int
    height: int
    stale_call_seconds: float


@dataclass(frozen=True)
class AudioSettings:
    """How announcements are built and played."""

    enabled: bool
    player: Player
    command: str | None
    languages: tuple[str, ...]
    recordings_dir: Path
    cache_dir: Path
    chime: Path


@dataclass(frozen=True)
class DeskSettings:
    """The counter desk window."""

    language: str
    fullscreen: bool
    width: int
    height: int
    counter: int | None


@dataclass(frozen=True)
class KeypadSettings:
    """One counter keypad: how to recognise the device and what its keys do."""

    name: str
    counter: int
    device: str | None
    phys: str | None
    uniq: str | None
    keys: dict[str, str]

    def action_for(self, key_name: str) -> str | None:
        """Return the action bound to an evdev key name (``KEY_KPENTER``), if any."""
        bare = key_name.removeprefix("KEY_")
        for action, bound in self.keys.items():
            if bound == bare:
                return action
        return None


def board_names(config: KioskConfig) -> list[str]:
    """Return the names of the extra boards ([board:NAME] sections)."""
    return sorted(
        name.split(":", 1)[1]
        for name in config.app_sections
        if name.startswith("board:")
    )


def load_board_settings(config: KioskConfig, name: str = "") -> BoardSettings:
    """Return the settings of the main board, or of board ``name`` ([board:NAME]).

    A named board takes every key it does not set from [board].
    """
    base = config.app_sections.get("board", {})
    if name and f"board:{name}" not in config.app_sections:
        known = ", ".join(board_names(config)) or "none"
        raise ConfigError(
            str(config.path),
            f"there is no section [board:{name}]; boards configured: {known}",
        )
    section_name = f"board:{name}" if name else "board"
    own = config.app_sections.get(section_name, {})
    reader = SectionReader(config.path, section_name, {**base, **own})
    SectionReader(config.path, "board", base).check_keys(BOARD_KEYS)
    reader.check_keys(BOARD_KEYS)

    counters = _counter_list(reader, config)
    return BoardSettings(
        name=name,
        counters=counters,
        services=_service_list(reader, config, counters),
        title_en=reader.optional_text("title_en"),
        title_ur=reader.optional_text("title_ur"),
        recent_calls=reader.integer("recent_calls", 7, 3, 10),
        flash_seconds=reader.number("flash_seconds", 3.0, 0.5, 15.0),
        poll_ms=reader.integer("poll_ms", 30, 10, 1000),
        notices=reader.lines("notices"),
        notices_file=_path(config, reader, "notices_file", "var/board-notices.txt"),
        notice_seconds=reader.number("notice_seconds", 8.0, 3.0, 120.0),
        fullscreen=reader.boolean("fullscreen", True),
        width=reader.integer("width", 1920, 640, 7680),
        height=reader.integer("height", 1080, 480, 4320),
        stale_call_seconds=reader.number("stale_call_seconds", 120.0, 5.0, 3600.0),
    )


def load_audio_settings(config: KioskConfig) -> AudioSettings:
    """Return the [audio] settings."""
    reader = config.app_section("audio")
    reader.check_keys(AUDIO_KEYS)
    player = reader.choice("player", "auto", PLAYERS)
    command = reader.optional_text("command")
    if player == "command" and (command is None or "{file}" not in command):
        raise reader.error(
            "command",
            "player = command needs a command with {file}, e.g. paplay {file}",
        )
    languages = tuple(
        part.strip() for part in reader.text("languages", "ur, en").split(",")
    )
    for language in languages:
        if language not in ("ur", "en"):
            raise reader.error(
                "languages", f"'{language}' is not allowed; list ur, en or both"
            )
    return AudioSettings(
        enabled=reader.boolean("enabled", True),
        player=player,
        command=command,
        languages=languages,
        recordings_dir=_path(config, reader, "recordings_dir", None, "sounds/voice"),
        cache_dir=_path(config, reader, "cache_dir", "var/voice-cache"),
        chime=_path(config, reader, "chime", None, "sounds/chime.wav"),
    )


def load_desk_settings(config: KioskConfig) -> DeskSettings:
    """Return the [desk] settings."""
    reader = config.app_section("desk")
    reader.check_keys(DESK_KEYS)
    counter = reader.integer("counter", 0, 0, 99) or None
    if counter is not None and counter not in config.counters:
        raise reader.error("counter", f"counter {counter} is not configured")
    return DeskSettings(
        language=reader.choice(
            "language", config.centre.default_language, ("ur", "en")
        ),
        fullscreen=reader.boolean("fullscreen", False),
        width=reader.integer("width", 1280, 640, 7680),
        height=reader.integer("height", 800, 480, 4320),
        counter=counter,
    )


def load_keypad_settings(config: KioskConfig) -> list[KeypadSettings]:
    """Return every [keypad:NAME] section, checked."""
    keypads = []
    for section_name in sorted(config.app_sections):
        if section_name.startswith("keypad:"):
            keypads.append(_keypad(config, section_name))
    return keypads


def _keypad(config: KioskConfig, section_name: str) -> KeypadSettings:
    reader = config.app_section(section_name)
    reader.check_keys(KEYPAD_KEYS)
    identities = {key: reader.optional_text(key) for key in ("device", "phys", "uniq")}
    if sum(value is not None for value in identities.values()) != 1:
        raise reader.error(
            None,
            "give exactly one of device (a /dev/input/by-id/… path), phys or uniq",
        )
    counter = reader.integer("counter", 0, 1, 99)
    if counter not in config.counters:
        raise reader.error("counter", f"counter {counter} is not configured")
    keys = {}
    for action in KEYPAD_ACTIONS:
        name = reader.text(action, KEYPAD_DEFAULT_KEYS[action]).upper()
        name = name.removeprefix("KEY_")
        if not KEY_NAME.match(name):
            raise reader.error(action, f"'{name}' is not a key name such as KPENTER")
        if name in keys.values():
            raise reader.error(action, f"key {name} is already bound to another action")
        keys[action] = name
    return KeypadSettings(
        name=section_name.split(":", 1)[1],
        counter=counter,
        keys=keys,
        **identities,
    )


def _counter_list(reader: SectionReader, config: KioskConfig) -> tuple[int, ...]:
    raw = reader.optional_text("counters")
    if raw is None:
        return tuple(config.counters)
    numbers = []
    for part in raw.split(","):
        try:
            number = int(part.strip())
        except ValueError:
            raise reader.error(
                "counters", f"'{part.strip()}' is not a counter number"
            ) from None
        if number not in config.counters:
            allowed = ", ".join(str(n) for n in config.counters)
            raise reader.error(
                "counters", f"counter {number} is not configured; counters: {allowed}"
            )
        numbers.append(number)
    return tuple(numbers)


def _service_list(
    reader: SectionReader, config: KioskConfig, counters: tuple[int, ...]
) -> tuple[str, ...]:
    raw = reader.optional_text("services")
    if raw is None:
        served = {code for n in counters for code in config.counters[n].services}
        return tuple(code for code in config.services if code in served)
    codes = tuple(part.strip() for part in raw.split(",") if part.strip())
    for code in codes:
        if code not in config.services:
            allowed = ", ".join(config.services)
            raise reader.error(
                "services", f"unknown service '{code}'; services: {allowed}"
            )
    return codes


def _path(
    config: KioskConfig,
    reader: SectionReader,
    key: str,
    default: str | None,
    asset: str | None = None,
) -> Path:
    """Return a path key relative to kiosk.ini; absent: ``default`` or an asset."""
    raw = reader.optional_text(key)
    if raw is None:
        if asset is not None:
            return PROJECT_ROOT / "assets" / asset
        raw = default
    candidate = Path(raw).expanduser()
    if not candidate.is_absolute():
        candidate = config.path.parent / candidate
    return candidate
