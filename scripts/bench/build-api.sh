#!/usr/bin/env bash
# Builds the API as `npm start` does (tsc, then tsc-alias) into dist/bench/api,
# for the benchmarks that run it as a process (libs/testing's startBenchStack).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=dist/bench/api
npx tsc -p apps/api/tsconfig.app.json --outDir "$out"
npx tsc-alias -p apps/api/tsconfig.app.json --outDir "$out"
