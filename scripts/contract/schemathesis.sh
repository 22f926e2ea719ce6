#!/usr/bin/env bash
# Runs Schemathesis (PyPI), installed on first use into a virtualenv outside
# the work tree, keyed by version: `bash scripts/contract/schemathesis.sh run …`.
set -euo pipefail
VERSION=4.32.5
VENV="${STOREFLEET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/storefleet}/schemathesis-$VERSION"
# Built in place (a virtualenv's scripts name its own path, so it cannot be moved);
# .installed marks a finished install, so an interrupted one starts over.
if [[ ! -f "$VENV/.installed" ]]; then
  echo "[contract] installing schemathesis $VERSION into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
  touch "$VENV/.installed"
fi
exec "$VENV/bin/st" "$@"
