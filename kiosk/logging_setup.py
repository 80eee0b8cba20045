"""Logging for the programs of the hall: the journal (or stderr) and a rotating file.

Every program calls :func:`setup_logging` once at start, e.g.
``setup_logging("kiosk", log_dir_from_environment())``. Lines go to:

* stderr, which systemd hands to the journal: there each line starts with its
  syslog priority (``<3>`` for errors) so ``journalctl -p warning`` works, and
  carries no timestamp (the journal adds its own); run by hand, lines carry
  the time instead;
* ``{log_dir}/{program}.log``, rotated by size, for machines whose journal is
  kept in memory only, or for copying to a USB stick.

Both pass through :class:`PersonalDataFilter`, a last safety net: code must
never log a CNIC, phone number or name, but if one slips into a message (a
typed value echoed in an error), its digits are masked before any line is
written. Names cannot be recognised by pattern and stay the caller's duty.
"""

import logging
import logging.handlers
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

CNIC_PATTERN = re.compile(r"(?<!\d)\d{5}[-\s]?\d{7}[-\s]?\d(?!\d)")
PHONE_PATTERN = re.compile(
    r"(?<![\d+])(?:\+92|0092|92|0)?[-\s]?3\d{2}[-\s]?\d{7}(?!\d)"
)
LONG_DIGITS_PATTERN = re.compile(r"\d{11,}")
MASKS = (
    (CNIC_PATTERN, "[CNIC]"),
    (PHONE_PATTERN, "[PHONE]"),
    (LONG_DIGITS_PATTERN, "[DIGITS]"),
)
SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DIR_VARIABLE = "PKM_LOG_DIR"
MARK = "_pkm_handler"


def mask_personal_data(text: str) -> str:
    """Return ``text`` with CNIC-like, phone-like and long digit runs masked."""
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Mask CNIC-like and phone-like digit runs in a record before it is written.

    Attach it to handlers (not loggers), so it sees the records of every module.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message (and traceback text) by a masked copy."""
        record.msg = mask_personal_data(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask_personal_data(formatted)
        return True


class JournalFormatter(logging.Formatter):
    """Format lines for the journal: ``<priority>level logger: message``."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """Return the line with its syslog priority prefix."""
        priority = SYSLOG_PRIORITY.get(record.levelno, 6)
        return f"<{priority}>{super().format(record)}"


def log_dir_from_environment() -> Path | None:
    """Return the folder named by ``$PKM_LOG_DIR`` (set by the systemd units)."""
    value = os.environ.get(LOG_DIR_VARIABLE, "").strip()
    return Path(value) if value else None


def under_journal() -> bool:
    """Return whether stderr is connected to the systemd journal."""
    return bool(os.environ.get("JOURNAL_STREAM"))


def setup_logging(
    program: str,
    log_dir: Path | None = None,
    level: int = logging.INFO,
    max_bytes: int = 5_000_000,
    backup_count: int = 5,
) -> list[logging.Handler]:
    """Send the root logger's records to stderr/journal and a rotating file.

    Calling it again replaces the handlers it added before. Returns them.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, MARK, False)]:
        root.removeHandler(handler)
        handler.close()

    handlers: list[logging.Handler] = [_stderr_handler()]
    if log_dir is not None:
        handlers.append(_file_handler(log_dir, program, max_bytes, backup_count))
    for handler in handlers:
        setattr(handler, MARK, True)
        handler.addFilter(PersonalDataFilter())
        root.addHandler(handler)
    root.setLevel(level)
    log.debug("%s logging to %s", program, log_dir or "stderr only")
    return handlers


def _stderr_handler() -> logging.Handler:
    handler = logging.StreamHandler()
    if under_journal():
        handler.setFormatter(JournalFormatter())
    else:
        handler.setFormatter(logging.Formatter(FILE_FORMAT))
    return handler


def _file_handler(
    log_dir: Path, program: str, max_bytes: int, backup_count: int
) -> logging.Handler:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / f"{program}.log",
        maxBytes=max_bytes,
        backupCount=backup_count,
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    return handler
