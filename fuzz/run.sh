#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz:  bash fuzz/run.sh TARGET SECONDS
# TARGET is one of npy, npz, csv, policy, checkpoint, onnx, act, hdf5, parquet (fuzz/OfflineRl.Fuzz/FuzzTargets.cs).
# Builds the harness into fuzz/build/TARGET, instruments the library assemblies there (the SharpFuzz.CommandLine tool
# of .config/dotnet-tools.json), and runs afl-fuzz from fuzz/corpus/TARGET for SECONDS; findings go to
# fuzz/out/TARGET (crashes/, hangs/, queue/, fuzzer_stats). Needs afl++ (apt-get install afl++).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install -y afl++" >&2; exit 1; }

build=fuzz/build/$target
out=fuzz/out/$target
rm -rf "$build"
dotnet tool restore >/dev/null
# FUZZ_NO_BUILD=1 reuses fuzz/build/harness (a sequence of runs builds once, and later builds of the tree don't race it).
if [ "${FUZZ_NO_BUILD:-0}" != 1 ] || [ ! -f fuzz/build/harness/OfflineRl.Fuzz.dll ]; then
  dotnet build fuzz/OfflineRl.Fuzz -c Release --nologo -v quiet -warnaserror -o fuzz/build/harness >/dev/null
fi
cp -r fuzz/build/harness "$build"
# Coverage comes from the library and the readers it relies on (CsvHelper for CSV, PureHDF for HDF5, Parquet.Net for Parquet); the harness itself is not instrumented.
for dll in OfflineRl.MLNet.dll OfflineRl.MLNet.Serving.dll CsvHelper.dll PureHDF.dll Parquet.dll; do
  dotnet sharpfuzz "$build/$dll" >/dev/null
done

dict=()
case $target in
  npy|npz) dict=(-x fuzz/dict/npy.dict) ;;
  csv) dict=(-x fuzz/dict/csv.dict) ;;
  act|policy) dict=(-x fuzz/dict/act.dict) ;;
esac

rm -rf "$out"
mkdir -p "$(dirname "$out")"
# dotnet itself carries no AFL instrumentation (SharpFuzz reports coverage through the shared map), hence the skipped
# binary check. A 512 MB GC heap limit turns any allocation in proportion to a header's claim into a crash afl keeps.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0 \
  afl-fuzz -i "fuzz/corpus/$target" -o "$out" -t 10000 -m none -V "$seconds" "${dict[@]}" \
  -- dotnet "$build/OfflineRl.Fuzz.dll" "$target" || true

stats=$out/default/fuzzer_stats
[ -f "$stats" ] || { echo "no fuzzer_stats: afl-fuzz did not start (see above)" >&2; exit 1; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
echo "$target: $crashes crash(es), $hangs hang(s) in $out/default"
# afl-fuzz stops early ("Unable to communicate with fork server") when the harness process dies in a way it cannot
# record — a stack overflow, or a hang past the fork server's patience: the input it was running is .cur_input.
ran=$(sed -nE 's/^run_time +: +([0-9]+).*/\1/p' "$stats")
if [ "${ran:-0}" -lt $((seconds * 9 / 10)) ]; then
  echo "$target: afl-fuzz stopped after ${ran:-0} s of $seconds: the harness died on an input it could not record;"
  echo "replay it: dotnet fuzz/build/harness/OfflineRl.Fuzz.dll $target --replay $out/default/.cur_input"
  exit 1
fi
if [ "$crashes" -gt 0 ]; then
  echo "replay them: dotnet $build/OfflineRl.Fuzz.dll $target --replay $out/default/crashes"
  exit 1
fi
