#!/usr/bin/env bash
# Install what the cups printer tests need: cupsd with its socket backend (the
# tests start their own cupsd on a loopback port; the system one is not started)
# and pycups, which has no wheel and builds against libcups2-dev with gcc.
# About 31 s on Debian 12 with the .deb files already downloaded (apt-get update
# first); allow a minute with downloads. Most of it is apt; pycups builds in ~10 s.
# Without it, the cups tests skip and say why.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${CUPS_VENV:-$root/.venv}"
python="${PYTHON:-python3}"

export DEBIAN_FRONTEND=noninteractive
# cups (not only cups-daemon): its postinst links the socket backend into place.
packages=(cups libcups2-dev gcc)
# pycups is compiled for the interpreter that imports it; it needs Python.h.
include="$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
if [ ! -f "$include/Python.h" ]; then
    packages+=(python3-dev)
fi
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

# pycups itself comes with pip install '.[cups]'; when the project's virtual
# environment already exists, put it there now so the order of steps is free.
if [ -x "$venv/bin/pip" ]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pycups>=2.0.4,<3"
    echo "setup-cups: cupsd and pycups installed (pycups in $venv)"
else
    echo "setup-cups: cupsd installed; pycups will build with pip install '.[cups]'"
fi
