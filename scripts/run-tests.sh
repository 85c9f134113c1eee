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
# The browser tests (LOA signing, web console) drive a real Chromium. Without one only they are
# skipped, loudly; in CI (CI set) a missing Chromium fails the run.
if chromium_path=$(bash scripts/ensure-chromium.sh); then
  export CHROMIUM_PATH="$chromium_path"
elif [ -n "${CI:-}" ]; then
  echo "run-tests: no Chromium (scripts/ensure-chromium.sh failed) and CI is set: the browser tests must run" >&2
  exit 1
else
  echo "run-tests: ************************************************************************" >&2
  echo "run-tests: NO CHROMIUM: scripts/ensure-chromium.sh failed; the browser tests (LOA signing, web console) are SKIPPED" >&2
  echo "run-tests: ************************************************************************" >&2
  export OPEN_NUMBERS_SKIP_BROWSER_TESTS=1
fi
# The tests run the TypeScript sources through tsx; those that start the server as a process of
# its own run `npm start`'s bundle (test/helpers/serverProcess.ts): build it from these sources.
node scripts/build.mjs
export OPEN_NUMBERS_BUILT=1
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-1}" "${files[@]}"
