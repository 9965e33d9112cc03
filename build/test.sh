#!/usr/bin/env bash
# Runs every test of OfflineRl.MLNet from a fresh clone: installs what the tests need, builds, tests.
# This is the README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# rsvg-convert renders the SVG charts to PNG in the plot tests.
if ! command -v rsvg-convert >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin) >/dev/null
  else
    echo "rsvg-convert is missing: install librsvg2-bin (the plot tests need it)" >&2
  fi
fi

dotnet build OfflineRl.MLNet.sln -c Release --nologo -v quiet -warnaserror
log=$(mktemp)
set +e
dotnet test OfflineRl.MLNet.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E "Passed!|Failed!" "$log" | tail -1 || true)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
