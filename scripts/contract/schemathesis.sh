#!/usr/bin/env bash
# Runs Schemathesis (PyPI), installed on first use into a virtualenv outside
# the work tree, keyed by version: `bash scripts/contract/schemathesis.sh run …`.
set -euo pipefail
VERSION=4.32.5
VENV="${STOREFLEET_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/storefleet}/schemathesis-$VERSION"
if [[ ! -x "$VENV/bin/st" ]]; then
  echo "[contract] installing schemathesis $VERSION into $VENV" >&2
  rm -rf "$VENV.tmp"
  python3 -m venv "$VENV.tmp"
  "$VENV.tmp/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
  rm -rf "$VENV"
  mv "$VENV.tmp" "$VENV"
fi
exec "$VENV/bin/st" "$@"
