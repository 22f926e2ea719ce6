#!/usr/bin/env bash
# Runs a command with this checkout's local configuration (.local/env) exported.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
load_local_env
exec "$@"
