"""The kiosk app's own settings: the ``[kiosk]`` section of kiosk.ini.

Read with the same checks as the rest of kiosk.ini, so a mistake names the file,
the section and the key. This module imports no Kivy.
"""

from dataclasses import dataclass

from kiosk.config import KioskConfig, SectionReader

KIOSK_KEYS = {
    "idle_seconds",
    "idle_warning_seconds",
    "done_seconds",
    "fullscreen",
    "show_cursor",
    "complaint_service",
}


@dataclass(frozen=True)
class KioskSettings:
    """How the kiosk behaves, from ``[kiosk]`` (every key has a default).

    ``idle_seconds``: no touch for this long returns to the welcome screen;
    ``idle_warning_seconds``: the "Continue?" countdown shown before that;
    ``done_seconds``: how long a ticket, receipt or thank-you stays on screen;
    ``complaint_service``: the service whose tile opens the complaint form.
    """

    idle_seconds: int = 60
    idle_warning_seconds: int = 10
    done_seconds: int = 25
    fullscreen: bool = True
    show_cursor: bool = False
    complaint_service: str | None = "complaint"


def read_settings(config: KioskConfig) -> KioskSettings:
    """Return the ``[kiosk]`` settings, or raise ConfigError naming the bad key."""
    reader = config.app_section("kiosk")
    reader.check_keys(KIOSK_KEYS)
    defaults = KioskSettings()
    idle = reader.integer("idle_seconds", defaults.idle_seconds, 15, 3600)
    warning = reader.integer(
        "idle_warning_seconds", defaults.idle_warning_seconds, 3, 60
    )
    if warning >= idle:
        raise reader.error(
            "idle_warning_seconds",
            f"'{warning}' must be shorter than idle_seconds ({idle})",
        )

    complaint = _complaint_service(config, reader)

    return KioskSettings(
        idle_seconds=idle,
        idle_warning_seconds=warning,
        done_seconds=reader.integer("done_seconds", defaults.done_seconds, 5, 300),
        fullscreen=reader.boolean("fullscreen", defaults.fullscreen),
        show_cursor=reader.boolean("show_cursor", defaults.show_cursor),
        complaint_service=complaint,
    )


def _complaint_service(config: KioskConfig, reader: SectionReader) -> str | None:
    """Return the complaint service: the key's value, ``none``, or the default.

    The default, ``complaint``, applies only when kiosk.ini has that service;
    a named service must exist and be trackable (a complaint opens a case).
    """
    code = reader.optional_text("complaint_service")
    if code is None:
        default = KioskSettings.complaint_service
        return default if default in config.services else None
    if code.lower() == "none":
        return None

    service = config.services.get(code)
    if service is None:
        known = ", ".join(config.services)
        raise reader.error(
            "complaint_service",
            f"unknown service '{code}'; configured services: {known}, or none",
        )
    if not service.trackable:
        raise reader.error(
            "complaint_service",
            f"service '{code}' opens no case; set trackable = yes for it",
        )
    return code
