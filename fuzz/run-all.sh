#!/usr/bin/env bash
# Every fuzz target one after another, SECONDS each (default 600), from one build:  bash fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(npy npz csv policy checkpoint onnx act hdf5 parquet)
rm -rf fuzz/build/harness
dotnet build fuzz/OfflineRl.Fuzz -c Release --nologo -v quiet -warnaserror -o fuzz/build/harness >/dev/null || exit 1
status=0
for t in "${targets[@]}"; do
  FUZZ_NO_BUILD=1 bash fuzz/run.sh "$t" "$seconds" 2>&1 | grep -vE '^\s*$' | tail -10 || status=1
done
exit $status
