"""Read and check kiosk.ini, the one file that describes a centre.

The file is plain INI, read with :mod:`configparser`. Every value is checked
here, once, and turned into frozen dataclasses; the rest of the code never sees
a raw string. A broken file raises :class:`~kiosk.errors.ConfigError` naming the
file, the section, the key and what is allowed.
"""

import configparser
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.errors import ConfigError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PRINTER_CONNECTIONS = ("preview", "file", "usb", "network", "serial", "cups")
PrinterConnection = Literal["preview", "file", "usb", "network", "serial", "cups"]
Language = Literal["ur", "en"]

T = TypeVar("T")


@dataclass(frozen=True)
class OpeningHours:
    """Opening hours for each weekday (0 = Monday): a list of (open, close) spans."""

    spans_by_weekday: Mapping[int, tuple[tuple[time, time], ...]]

    def is_open(self, moment: datetime) -> bool:
        """Return whether ``moment`` (local time) falls inside an opening span."""
        now = moment.time()
        spans = self.spans_by_weekday.get(moment.weekday(), ())
        return any(start <= now < end for start, end in spans)

    def next_opening(self, moment: datetime) -> datetime | None:
        """Return the next local moment the hours open after ``moment``, or None."""
        for days_ahead in range(8):
            day = date.fromordinal(moment.date().toordinal() + days_ahead)
            for start, _end in self.spans_by_weekday.get(day.weekday(), ()):
                candidate = datetime.combine(day, start, tzinfo=moment.tzinfo)
                if candidate > moment:
                    return candidate
        return None


@dataclass(frozen=True)
class Centre:
    """The centre itself: its names, time zone and opening hours."""

    name_en: str
    name_ur: str
    timezone: ZoneInfo
    hours: OpeningHours
    default_language: Language = "ur"


@dataclass(frozen=True)
class Service:
    """One service a visitor can take a ticket for."""

    code: str
    prefix: str
    name_en: str
    name_ur: str
    minutes: float
    documents_en: tuple[str, ...]
    documents_ur: tuple[str, ...]
    trackable: bool
    gender_desk: bool
    hours: OpeningHours | None = None
    next_steps_en: str = (
        "Staff will process your case. Check its status with your slip."
    )
    next_steps_ur: str = (
        "عملہ آپ کا کیس نمٹائے گا۔ اپنی پرچی سے اس کی صورتحال معلوم کریں۔"
    )
    working_days: int = 3


@dataclass(frozen=True)
class Counter:
    """One counter (desk) and the services it serves, most preferred first."""

    number: int
    name_en: str
    name_ur: str
    services: tuple[str, ...]
    gender_desk: bool


@dataclass(frozen=True)
class QueueRules:
    """Tunable numbers of the calling rule (see README, "Queue rules")."""

    priority_head_start_minutes: float = 15.0
    max_wait_minutes: float = 60.0
    service_time_sample: int = 20
    service_time_min_history: int = 5


@dataclass(frozen=True)
class PrinterSettings:
    """The ``[printer]`` section: which printer, how it is reached, the paper."""

    connection: PrinterConnection = "preview"
    profile: str = "TM-T20II"
    paper_width_mm: int = 80
    dots: int | None = None
    preview_dir: Path = Path("var/print-preview")
    device: str = "/dev/usb/lp0"
    usb_vendor_id: int | None = None
    usb_product_id: int | None = None
    usb_in_ep: int = 0x82
    usb_out_ep: int = 0x01
    host: str | None = None
    port: int = 9100
    serial_port: str = "/dev/ttyUSB0"
    baudrate: int = 9600
    cups_printer: str | None = None
    timeout_seconds: float = 3.0
    # Some cheap printers never answer status queries; "no" prints without asking.
    query_status: bool = True
    qr_mode: Literal["image", "native"] = "image"
    qr_error_correction: Literal["Q", "H"] = "H"
    qr_module_dots: int = 6


@dataclass(frozen=True)
class TrackingSettings:
    """The ``[tracking]`` section: the public tracking address and the online service.

    ``public_url`` is printed in slips' QR codes. With ``api_url`` unset, case
    status comes from the local database; with it set, from the online service.
    """

    public_url: str | None = None
    api_url: str | None = None
    api_key: str | None = None
    timeout_seconds: float = 4.0
    lookups_per_minute: int = 20


@dataclass(frozen=True)
class CameraSettings:
    """The ``[camera]`` section: which camera the kiosk scans slips with."""

    enabled: bool = True
    device: str = "0"
    width: int = 640
    height: int = 480
    fps: int = 15


@dataclass(frozen=True)
class KioskConfig:
    """Everything kiosk.ini says, checked."""

    path: Path
    centre: Centre
    services: Mapping[str, Service]
    counters: Mapping[int, Counter]
    database_path: Path
    rules: QueueRules = field(default_factory=QueueRules)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    tracking: TrackingSettings = field(default_factory=TrackingSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    app_sections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def app_section(self, name: str) -> "SectionReader":
        """Return a reader for a section an app checks itself (see APP_SECTIONS)."""
        return SectionReader(self.path, name, self.app_sections.get(name, {}))

    def service(self, code: str) -> Service:
        """Return the service with this code; raise UnknownServiceError if none."""
        from kiosk.errors import UnknownServiceError

        try:
            return self.services[code]
        except KeyError:
            allowed = ", ".join(self.services)
            raise UnknownServiceError(
                f"unknown service '{code}'; configured services: {allowed}"
            ) from None

    def counter(self, number: int) -> Counter:
        """Return the counter with this number; raise UnknownCounterError if none."""
        from kiosk.errors import UnknownCounterError

        try:
            return self.counters[number]
        except KeyError:
            allowed = ", ".join(str(n) for n in self.counters)
            raise UnknownCounterError(
                f"unknown counter {number}; configured counters: {allowed}"
            ) from None

    def service_by_prefix(self, prefix: str) -> Service | None:
        """Return the service whose ticket prefix is ``prefix``, or None."""
        for service in self.services.values():
            if service.prefix == prefix:
                return service
        return None


# Keys each fixed section accepts; anything else is reported as unknown.
CENTRE_KEYS = {"name_en", "name_ur", "timezone", "default_language"} | {
    f"hours_{day}" for day in WEEKDAYS
}
DATABASE_KEYS = {"path"}
SERVICE_KEYS = {
    "prefix",
    "name_en",
    "name_ur",
    "minutes",
    "documents_en",
    "documents_ur",
    "trackable",
    "gender_desk",
    "hours",
    "next_steps_en",
    "next_steps_ur",
    "working_days",
}
COUNTER_KEYS = {"name_en", "name_ur", "services", "gender_desk"}
RULES_KEYS = {
    "priority_head_start_minutes",
    "max_wait_minutes",
    "service_time_sample",
    "service_time_min_history",
}
TRACKING_KEYS = set(TrackingSettings.__dataclass_fields__)
CAMERA_KEYS = set(CameraSettings.__dataclass_fields__)
PRINTER_KEYS = set(PrinterSettings.__dataclass_fields__)

SERVICE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PREFIX = re.compile(r"^[A-Z]{1,2}$")
SPAN = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
BOOLEANS = {
    "yes": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
}


class SectionReader:
    """Read typed values from one section, raising ConfigError that names them.

    Apps use it for their own sections (``config.app_section("kiosk")``), so a
    mistake there reads like any other kiosk.ini mistake.
    """

    def __init__(self, path: Path, name: str, section: Mapping[str, str]) -> None:
        self.path = path
        self.name = name
        self.section = section

    def error(self, key: str | None, message: str) -> ConfigError:
        """Build a ConfigError for ``key`` of this section."""
        return ConfigError(str(self.path), message, self.name, key)

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys this section does not know, listing the ones it does."""
        for key in self.section:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown key; this section accepts: {known}")

    def text(self, key: str, default: str | None = None) -> str:
        """Return a non-empty string value."""
        value = self.section.get(key, default)
        if value is None:
            raise self.error(key, "missing; this key is required")
        value = value.strip()
        if not value:
            raise self.error(key, "is empty; give a value")
        return value

    def optional_text(self, key: str) -> str | None:
        """Return a string value, or None when the key is absent or empty."""
        value = self.section.get(key, "").strip()
        return value or None

    def parsed(
        self, key: str, default: T, parse: Callable[[str], T], allowed: str
    ) -> T:
        """Return ``parse(value)``, ``default`` if absent; name ``allowed`` on error."""
        raw = self.section.get(key)
        if raw is None or not raw.strip():
            return default
        try:
            return parse(raw.strip())
        except (ValueError, KeyError):
            raise self.error(
                key, f"'{raw.strip()}' is not allowed; {allowed}"
            ) from None

    def number(self, key: str, default: float, minimum: float, maximum: float) -> float:
        """Return a number within [minimum, maximum]."""
        allowed = f"give a number from {minimum:g} to {maximum:g}"
        value = self.parsed(key, default, float, allowed)
        if not minimum <= value <= maximum:
            raise self.error(key, f"'{value:g}' is out of range; {allowed}")
        return value

    def integer(self, key: str, default: int, minimum: int, maximum: int) -> int:
        """Return a whole number within [minimum, maximum] (decimal or 0x hex)."""
        allowed = f"give a whole number from {minimum} to {maximum}"
        value = self.parsed(key, default, lambda raw: int(raw, 0), allowed)
        if not minimum <= value <= maximum:
            raise self.error(key, f"'{value}' is out of range; {allowed}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """Return yes/no as a bool."""
        return self.parsed(
            key, default, lambda raw: BOOLEANS[raw.lower()], "write yes or no"
        )

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        """Return one of ``choices``."""
        allowed = "choose one of: " + ", ".join(choices)

        def pick(raw: str) -> str:
            if raw not in choices:
                raise ValueError(raw)
            return raw

        return self.parsed(key, default, pick, allowed)

    def hours(self, key: str) -> tuple[tuple[time, time], ...]:
        """Return opening spans written as ``09:00-13:00, 14:00-17:00`` or closed."""
        raw = self.section.get(key, "closed").strip().lower()
        if raw in ("", "closed"):
            return ()
        spans = []
        for part in raw.split(","):
            spans.append(self._span(key, part.strip()))
        return tuple(sorted(spans))

    def _span(self, key: str, text: str) -> tuple[time, time]:
        allowed = "write spans like 09:00-13:00, 14:00-17:00, or 'closed'"
        match = SPAN.match(text)
        if not match:
            raise self.error(key, f"'{text}' is not an opening span; {allowed}")
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        try:
            start, end = time(h1, m1), time(h2, m2)
        except ValueError:
            raise self.error(key, f"'{text}' is not a valid time; {allowed}") from None
        if end <= start:
            raise self.error(key, f"'{text}' closes before it opens; {allowed}")
        return start, end

    def lines(self, key: str) -> tuple[str, ...]:
        """Return a list written one item per line (or separated by ``;``)."""
        raw = self.section.get(key, "")
        items = re.split(r"[;\n]", raw)
        return tuple(item.strip() for item in items if item.strip())


def load_config(path: str | Path) -> KioskConfig:
    """Read and check kiosk.ini at ``path``; raise ConfigError on any fault."""
    path = Path(path)
    parser = _read_ini(path)

    centre = _parse_centre(
        SectionReader(path, "centre", _section(parser, path, "centre"))
    )
    services = _parse_services(parser, path)
    counters = _parse_counters(parser, path, services)
    _check_gender_desk_coverage(path, services, counters)
    _check_no_unknown_sections(parser, path)

    return KioskConfig(
        path=path.resolve(),
        centre=centre,
        services=services,
        counters=counters,
        database_path=_parse_database(parser, path),
        rules=_parse_rules(parser, path),
        printer=_parse_printer(parser, path),
        tracking=_parse_tracking(parser, path),
        camera=_parse_camera(parser, path),
        app_sections=_app_sections(parser),
    )


def _read_ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00none")
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        raise ConfigError(
            str(path), "file not found; give the path of kiosk.ini"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            str(path), f"cannot be read ({error}); save it as UTF-8 text"
        ) from None
    except configparser.Error as error:
        message = " ".join(str(error).split())
        raise ConfigError(str(path), f"is not valid INI: {message}") from None
    return parser


def _section(
    parser: configparser.ConfigParser, path: Path, name: str
) -> Mapping[str, str]:
    if not parser.has_section(name):
        raise ConfigError(str(path), "missing; this section is required", name)
    return parser[name]


def _optional_section(
    parser: configparser.ConfigParser, name: str
) -> Mapping[str, str]:
    return parser[name] if parser.has_section(name) else {}


def _parse_centre(reader: SectionReader) -> Centre:
    reader.check_keys(CENTRE_KEYS)
    zone_name = reader.text("timezone", "Asia/Karachi")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise reader.error(
            "timezone", f"'{zone_name}' is not a time zone; write e.g. Asia/Karachi"
        ) from None

    spans = {index: reader.hours(f"hours_{day}") for index, day in enumerate(WEEKDAYS)}
    language = reader.choice("default_language", "ur", ("ur", "en"))
    return Centre(
        name_en=reader.text("name_en"),
        name_ur=reader.text("name_ur"),
        timezone=zone,
        hours=OpeningHours(spans),
        default_language=language,  # type: ignore[arg-type]
    )


def _parse_services(
    parser: configparser.ConfigParser, path: Path
) -> dict[str, Service]:
    services: dict[str, Service] = {}
    prefixes: dict[str, str] = {}
    for name in parser.sections():
        if not name.startswith("service:"):
            continue
        service = _parse_service(SectionReader(path, name, parser[name]))
        if service.prefix in prefixes:
            raise ConfigError(
                str(path),
                f"prefix '{service.prefix}' is already used by service "
                f"'{prefixes[service.prefix]}'; each service needs its own prefix",
                name,
                "prefix",
            )
        prefixes[service.prefix] = service.code
        services[service.code] = service

    if not services:
        raise ConfigError(
            str(path), "no services; add at least one [service:CODE] section"
        )
    return services


def _parse_service(reader: SectionReader) -> Service:
    reader.check_keys(SERVICE_KEYS)
    code = reader.name.removeprefix("service:")
    if not SERVICE_CODE.match(code):
        raise reader.error(
            None, "the code after 'service:' must be lower-case letters, digits or _"
        )

    prefix = reader.text("prefix")
    if not PREFIX.match(prefix):
        raise reader.error("prefix", f"'{prefix}' is not allowed; use 1 or 2 capitals")

    hours_text = reader.optional_text("hours")
    hours = None
    if hours_text is not None:
        spans = reader.hours("hours")
        hours = OpeningHours({day: spans for day in range(7)})

    return Service(
        code=code,
        prefix=prefix,
        name_en=reader.text("name_en"),
        name_ur=reader.text("name_ur"),
        minutes=reader.number("minutes", 10.0, 0.5, 240.0),
        documents_en=reader.lines("documents_en"),
        documents_ur=reader.lines("documents_ur"),
        trackable=reader.boolean("trackable", False),
        gender_desk=reader.boolean("gender_desk", False),
        hours=hours,
        next_steps_en=reader.text("next_steps_en", Service.next_steps_en),
        next_steps_ur=reader.text("next_steps_ur", Service.next_steps_ur),
        working_days=reader.integer("working_days", Service.working_days, 0, 90),
    )


def _parse_counters(
    parser: configparser.ConfigParser, path: Path, services: Mapping[str, Service]
) -> dict[int, Counter]:
    counters: dict[int, Counter] = {}
    for name in parser.sections():
        if not name.startswith("counter:"):
            continue
        counter = _parse_counter(SectionReader(path, name, parser[name]), services)
        counters[counter.number] = counter

    if not counters:
        raise ConfigError(
            str(path), "no counters; add at least one [counter:N] section"
        )
    return dict(sorted(counters.items()))


def _parse_counter(reader: SectionReader, services: Mapping[str, Service]) -> Counter:
    reader.check_keys(COUNTER_KEYS)
    number_text = reader.name.removeprefix("counter:")
    if not number_text.isdigit() or not 1 <= int(number_text) <= 99:
        raise reader.error(None, "the number after 'counter:' must be from 1 to 99")

    codes = tuple(code.strip() for code in reader.text("services").split(","))
    for code in codes:
        if code not in services:
            known = ", ".join(services)
            raise reader.error(
                "services", f"unknown service '{code}'; configured services: {known}"
            )
    if len(set(codes)) != len(codes):
        raise reader.error("services", "a service is listed twice; list each once")

    number = int(number_text)
    return Counter(
        number=number,
        name_en=reader.text("name_en", f"Counter {number}"),
        name_ur=reader.text("name_ur", f"کاؤنٹر {number}"),
        services=codes,
        gender_desk=reader.boolean("gender_desk", False),
    )


def _check_gender_desk_coverage(
    path: Path, services: Mapping[str, Service], counters: Mapping[int, Counter]
) -> None:
    """Check gender-desk services sit only at gender desks, and all are served."""
    for number, counter in counters.items():
        for code in counter.services:
            if services[code].gender_desk and not counter.gender_desk:
                raise ConfigError(
                    str(path),
                    f"service '{code}' is served at the gender desk only; "
                    "remove it here or set gender_desk = yes",
                    f"counter:{number}",
                    "services",
                )
    for code in services:
        if not any(code in counter.services for counter in counters.values()):
            raise ConfigError(
                str(path),
                "no counter serves this service; list it in some counter's services",
                f"service:{code}",
            )


def _parse_database(parser: configparser.ConfigParser, path: Path) -> Path:
    reader = SectionReader(path, "database", _optional_section(parser, "database"))
    reader.check_keys(DATABASE_KEYS)
    return _relative_to_ini(path, reader.text("path", "var/queue.sqlite3"))


def _parse_rules(parser: configparser.ConfigParser, path: Path) -> QueueRules:
    reader = SectionReader(path, "queue", _optional_section(parser, "queue"))
    reader.check_keys(RULES_KEYS)
    defaults = QueueRules()
    return QueueRules(
        priority_head_start_minutes=reader.number(
            "priority_head_start_minutes", defaults.priority_head_start_minutes, 0, 240
        ),
        max_wait_minutes=reader.number(
            "max_wait_minutes", defaults.max_wait_minutes, 5, 600
        ),
        service_time_sample=reader.integer(
            "service_time_sample", defaults.service_time_sample, 1, 500
        ),
        service_time_min_history=reader.integer(
            "service_time_min_history", defaults.service_time_min_history, 1, 500
        ),
    )


def _parse_printer(parser: configparser.ConfigParser, path: Path) -> PrinterSettings:
    reader = SectionReader(path, "printer", _optional_section(parser, "printer"))
    reader.check_keys(PRINTER_KEYS)
    defaults = PrinterSettings()
    settings = PrinterSettings(
        connection=reader.choice("connection", "preview", PRINTER_CONNECTIONS),  # type: ignore[arg-type]
        profile=reader.text("profile", defaults.profile),
        paper_width_mm=int(reader.choice("paper_width_mm", "80", ("58", "80"))),
        dots=reader.integer("dots", 0, 0, 1024) or None,
        preview_dir=_relative_to_ini(
            path, reader.text("preview_dir", "var/print-preview")
        ),
        device=reader.text("device", defaults.device),
        usb_vendor_id=reader.integer("usb_vendor_id", 0, 0, 0xFFFF) or None,
        usb_product_id=reader.integer("usb_product_id", 0, 0, 0xFFFF) or None,
        usb_in_ep=reader.integer("usb_in_ep", defaults.usb_in_ep, 0, 0xFF),
        usb_out_ep=reader.integer("usb_out_ep", defaults.usb_out_ep, 0, 0xFF),
        host=reader.optional_text("host"),
        port=reader.integer("port", defaults.port, 1, 65535),
        serial_port=reader.text("serial_port", defaults.serial_port),
        baudrate=reader.integer("baudrate", defaults.baudrate, 1200, 921600),
        cups_printer=reader.optional_text("cups_printer"),
        timeout_seconds=reader.number(
            "timeout_seconds", defaults.timeout_seconds, 0.2, 30
        ),
        query_status=reader.boolean("query_status", defaults.query_status),
        qr_mode=reader.choice("qr_mode", "image", ("image", "native")),  # type: ignore[arg-type]
        qr_error_correction=reader.choice("qr_error_correction", "H", ("Q", "H")),  # type: ignore[arg-type]
        qr_module_dots=reader.integer("qr_module_dots", defaults.qr_module_dots, 5, 16),
    )
    _check_printer_connection(reader, settings)
    return settings


def _check_printer_connection(reader: SectionReader, settings: PrinterSettings) -> None:
    """Each connection kind needs its own keys; say which one is missing."""
    needed = {
        "network": ("host", settings.host),
        "usb": ("usb_vendor_id", settings.usb_vendor_id),
        "cups": ("cups_printer", settings.cups_printer),
    }.get(settings.connection)
    if needed is not None and needed[1] is None:
        raise reader.error(
            needed[0], f"missing; connection = {settings.connection} needs it"
        )
    if settings.connection == "usb" and settings.usb_product_id is None:
        raise reader.error("usb_product_id", "missing; connection = usb needs it")


def _parse_tracking(parser: configparser.ConfigParser, path: Path) -> TrackingSettings:
    reader = SectionReader(path, "tracking", _optional_section(parser, "tracking"))
    reader.check_keys(TRACKING_KEYS)
    defaults = TrackingSettings()
    return TrackingSettings(
        public_url=_web_address(reader, "public_url"),
        api_url=_web_address(reader, "api_url"),
        api_key=reader.optional_text("api_key"),
        timeout_seconds=reader.number(
            "timeout_seconds", defaults.timeout_seconds, 0.5, 30
        ),
        lookups_per_minute=reader.integer(
            "lookups_per_minute", defaults.lookups_per_minute, 1, 600
        ),
    )


def _web_address(reader: SectionReader, key: str) -> str | None:
    """Return an http(s) address without a trailing slash, or None when unset."""
    address = reader.optional_text(key)
    if address is None:
        return None
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise reader.error(
            key,
            f"'{address}' is not allowed; write an address like "
            "https://track.example.pk (no query string)",
        )
    return address.rstrip("/")


def _parse_camera(parser: configparser.ConfigParser, path: Path) -> CameraSettings:
    reader = SectionReader(path, "camera", _optional_section(parser, "camera"))
    reader.check_keys(CAMERA_KEYS)
    defaults = CameraSettings()
    return CameraSettings(
        enabled=reader.boolean("enabled", defaults.enabled),
        device=reader.text("device", defaults.device),
        width=reader.integer("width", defaults.width, 160, 3840),
        height=reader.integer("height", defaults.height, 120, 2160),
        fps=reader.integer("fps", defaults.fps, 1, 60),
    )


KNOWN_SECTIONS = {"centre", "database", "queue", "printer", "tracking", "camera"}
# Sections owned by the apps: kept raw here and checked by the app that reads
# them, with the same SectionReader, so their errors look the same.
APP_SECTIONS = {"kiosk", "board", "desk", "audio", "operations"}
APP_SECTION_PREFIXES = ("keypad:", "board:")


def _app_sections(parser: configparser.ConfigParser) -> dict[str, dict[str, str]]:
    return {
        name: dict(parser[name])
        for name in parser.sections()
        if name in APP_SECTIONS or name.startswith(APP_SECTION_PREFIXES)
    }


def _check_no_unknown_sections(parser: configparser.ConfigParser, path: Path) -> None:
    for name in parser.sections():
        if name in KNOWN_SECTIONS | APP_SECTIONS or name.startswith(
            ("service:", "counter:", *APP_SECTION_PREFIXES)
        ):
            continue
        known = ", ".join(sorted(KNOWN_SECTIONS | APP_SECTIONS))
        known += ", service:CODE, counter:N, " + ", ".join(
            prefix + "NAME" for prefix in APP_SECTION_PREFIXES
        )
        raise ConfigError(
            str(path), f"unknown section; sections allowed: {known}", name
        )


def _relative_to_ini(ini_path: Path, value: str) -> Path:
    candidate = Path(value).expanduser()
    if not candidate.is_absolute():
        candidate = ini_path.resolve().parent / candidate
    return candidate
