#!/usr/bin/env bash
# Runs the notebooks in notebooks/ as a user would: the library packed into artifacts/packages (notebooks/NuGet.config
# adds that folder as a package source), the .NET Interactive kernel from the repository's tool manifest (.config), and
# `jupyter nbconvert --execute`. Fails on any error or stderr output.
# Usage: bash build/notebooks.sh                 execute every notebook into out/notebooks (build/test.sh does this)
#        bash build/notebooks.sh --refresh       ... and write the outputs into notebooks/*.ipynb (the committed outputs)
#        bash build/notebooks.sh --pack-only     only pack (build/pack.sh; then open the notebooks in VS Code or Jupyter)
#        bash build/notebooks.sh [--refresh] stitching   (only the notebooks whose file name contains the word)
#        NOTEBOOK_JOBS=1 bash build/notebooks.sh        (one notebook at a time; default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

refresh=0
pack_only=0
filter=""
for arg in "$@"; do
  case "$arg" in
    --refresh) refresh=1 ;;
    --pack-only) pack_only=1 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) filter=$arg ;;
  esac
done

bash build/pack.sh >/dev/null
version=$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' Directory.Build.props | head -1)
[ "$pack_only" = 1 ] && { echo "packed OfflineRl.MLNet* $version into artifacts/packages"; exit 0; }

# The kernel resolves #r "nuget: OfflineRl.MLNet, <version>" once and remembers the paths it found in the NuGet cache
# (~/.packagemanagement), and NuGet never re-reads a version it restored; so a re-pack of the same version is seen only
# when that version is gone from the cache. This run drops exactly those two package versions (nothing else), unlike
# build/pack.sh, which changes nothing outside the repository.
for package in offlinerl.mlnet offlinerl.mlnet.environments; do
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/$package/$version"
done

# Jupyter's nbconvert and kernel client, from Debian.
if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! command -v jupyter-kernel >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y -qq jupyter-nbconvert jupyter-client) >/dev/null
  fi
  if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! command -v jupyter-kernel >/dev/null 2>&1; then
    echo "jupyter-nbconvert / jupyter-client are missing and could not be installed (apt-get install jupyter-nbconvert jupyter-client)" >&2
    exit 1
  fi
fi
jupyter=$(command -v jupyter)
py=$(head -1 "$jupyter" | sed -nE 's:^#! *([^ ]+).*:\1:p')
py=${py:-python3}

# The kernel: dotnet-interactive from .config/dotnet-tools.json, its kernel spec written to out/jupyter (JUPYTER_PATH), so
# nothing outside the repository changes. Its HTTP service listens on loopback only (--http-local-only).
dotnet tool restore >/dev/null
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
rm -rf out/jupyter && mkdir -p out/jupyter/kernels
dotnet tool run dotnet-interactive -- jupyter install --path out/jupyter/kernels >/dev/null
# Notebooks run in $parallel lanes (NOTEBOOK_JOBS, default 2), one after another within a lane: a kernel spends much of its
# time starting, restoring packages and compiling cells, which leaves room for a second one even on two cores. Kernels that
# start together would race for the same first free HTTP port, so each lane gets a kernel spec with its own port range.
parallel=${NOTEBOOK_JOBS:-2}
"$py" - out/jupyter/kernels "$parallel" <<'EOF'
import json, os, sys
kernels, lanes = sys.argv[1], int(sys.argv[2])
spec = json.load(open(os.path.join(kernels, ".net-csharp", "kernel.json")))
argv = spec["argv"]
if "--http-local-only" not in argv:
    argv.insert(argv.index("{connection_file}"), "--http-local-only")
if "--http-port-range" in argv:
    del argv[argv.index("--http-port-range"):argv.index("--http-port-range") + 2]
width = 900 // lanes
for lane in range(lanes):
    low = 2048 + lane * width
    spec["argv"] = argv + ["--http-port-range", f"{low}-{low + width - 1}"]
    os.makedirs(os.path.join(kernels, f".net-csharp-{lane}"), exist_ok=True)
    json.dump(spec, open(os.path.join(kernels, f".net-csharp-{lane}", "kernel.json"), "w"), indent=1)
EOF
export JUPYTER_PATH="$root/out/jupyter"

mkdir -p out/notebooks
# One notebook: execute, then strip what is machine-specific, fail on error output, record each cell's source hash; with
# --refresh write it back. Its messages go to out/notebooks/NAME.status so concurrent runs do not interleave.
run_one() {
  local nb=$1 lane=$2 name start
  name=$(basename "$nb" .ipynb)
  start=$SECONDS
  if ! "$jupyter" nbconvert --to notebook --execute "$nb" --output-dir out/notebooks \
      --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=.net-csharp-$lane >"out/notebooks/$name.log" 2>&1; then
    { echo "FAILED: $name.ipynb (nbconvert; log: out/notebooks/$name.log)"
      grep -E "Error|error CS|Exception" "out/notebooks/$name.log" | head -20 || true; } >"out/notebooks/$name.status"
    return 1
  fi
  if ! "$py" build/notebook-outputs.py "out/notebooks/$name.ipynb" "$([ "$refresh" = 1 ] && echo "$nb" || echo -)" 2>"out/notebooks/$name.status"; then
    return 1
  fi
  echo "ran $name.ipynb in $((SECONDS - start)) s" >"out/notebooks/$name.status"
}

start=$SECONDS
names=()
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  names+=("$name")
  rm -f "out/notebooks/$name.status"
done
for ((lane = 0; lane < parallel; lane++)); do
  (
    for ((i = lane; i < ${#names[@]}; i += parallel)); do
      run_one "notebooks/${names[i]}.ipynb" "$lane" || true
    done
  ) &
done
wait
status=0
for name in "${names[@]}"; do
  if grep -q "^ran " "out/notebooks/$name.status" 2>/dev/null; then
    cat "out/notebooks/$name.status"
  else
    cat "out/notebooks/$name.status" >&2 2>/dev/null || echo "FAILED: $name.ipynb (no result)" >&2
    status=1
  fi
done
echo "notebooks: ${#names[@]} in $((SECONDS - start)) s, $parallel at a time"
exit "$status"
