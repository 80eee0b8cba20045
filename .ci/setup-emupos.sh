#!/usr/bin/env bash
# Create the emupos printer emulator's own virtual environment for the printer
# tests. emupos needs Python >= 3.13; without one, the emupos tests skip.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${EMUPOS_VENV:-$root/.venv-emupos}"
python="${EMUPOS_PYTHON:-}"

if [ -z "$python" ]; then
    for candidate in python3.13 python3.14 /root/.pyenv/versions/3.13*/bin/python3.13; do
        # pyenv puts shims on PATH that exist but refuse to run: try each one.
        if "$candidate" -c 'import sys; assert sys.version_info >= (3, 13)' \
            >/dev/null 2>&1; then
            python="$(command -v "$candidate")"
            break
        fi
    done
fi

if [ -z "$python" ]; then
    echo "setup-emupos: no Python 3.13 found; the emupos printer tests will skip" >&2
    exit 0
fi

if [ ! -x "$venv/bin/emupos" ]; then
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "emupos==0.4.0"
fi
echo "setup-emupos: $("$venv/bin/emupos" --version 2>/dev/null || echo emupos) in $venv"
