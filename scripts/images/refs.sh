#!/usr/bin/env bash
# Prints the references `npm run images` gives the current tree's images, one
# `<name>=<reference>` a line (e.g. medusa=localhost/storefleet/medusa:3f0c...),
# without building anything. `bash scripts/images/refs.sh medusa` prints one reference.
set -euo pipefail
LOG_TAG=images
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/images.sh"
if [[ $# -eq 1 ]]; then
  image_ref "$1"
  echo
  exit 0
fi
for name in "${IMAGE_NAMES[@]}"; do
  printf '%s=%s\n' "$name" "$(image_ref "$name")"
done
