#!/usr/bin/env bash
# Runs every *.test.ts below the given folders with Node's test runner (Node 20 does not expand
# globs itself). Usage: scripts/run-tests.sh DIR [DIR…]
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find "$@" -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test files under: $*" >&2
  exit 1
fi
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-1}" "${files[@]}"
