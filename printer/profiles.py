"""Printer capability profiles from python-escpos, copied before they are changed.

python-escpos keeps one profile dict per model, shared by every printer object in
the process. The paper width in dots comes from kiosk.ini, so each call here
returns a profile whose data is a deep copy with that width; the shared dict is
never changed in place.
"""

import copy
import functools
import logging

from escpos.capabilities import CAPABILITIES, BaseProfile, get_profile

from printer.errors import PrinterConfigError

logger = logging.getLogger(__name__)


def profile_names() -> list[str]:
    """Return the names of the capability profiles python-escpos knows."""
    return sorted(CAPABILITIES["profiles"])


@functools.cache
def load_profile(name: str, dots: int) -> BaseProfile:
    """Return profile ``name`` with its media width set to ``dots`` (a private copy).

    Raise PrinterConfigError naming the known profiles when ``name`` is unknown.
    """
    if name not in CAPABILITIES["profiles"]:
        known = ", ".join(profile_names())
        raise PrinterConfigError(
            f"unknown printer profile '{name}'; "
            f"set [printer] profile to one of: {known}"
        )

    profile = get_profile(name)
    data = copy.deepcopy(type(profile).profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = dots
    profile.profile_data = data
    logger.debug("Loaded printer profile %s at %d dots", name, dots)
    return profile
