#!/usr/bin/env bash
# Runs the notebooks in notebooks/ as a user would: the library packed into artifacts/packages (notebooks/NuGet.config
# adds that folder as a package source), the .NET Interactive kernel from the repository's tool manifest (.config), and
# `jupyter nbconvert --execute`. Fails on any error or stderr output. Leaves the user's home alone: the kernels get
# out/notebook-home as home and NuGet cache, and only read the user's NuGet cache (below; docs/notebooks.md).
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

# The kernel's home and NuGet cache: out/notebook-home, so that the user's NuGet cache and ~/.packagemanagement are only
# read, never written, and every run sees the library just packed. The kernel keeps the paths it resolved for a set of
# #r "nuget:…" lines (~/.packagemanagement) and NuGet never re-reads a version it has in its cache, so a re-pack of the
# same version would go unseen; here each run drops the library and those paths from out/notebook-home only. The user's
# cache is the restores' read-only fallback folder (NUGET_FALLBACK_PACKAGES), as links to every package in it except
# OfflineRl.MLNet*, so nothing is downloaded twice. Empty Directory.*.props/.targets in out/notebook-home keep the
# repository's build settings and central package versions out of the restore project the kernel generates there.
# Why NUGET_PACKAGES alone, or a globalPackagesFolder in notebooks/NuGet.config, is not enough: docs/notebooks.md.
user_packages=$(cd notebooks && dotnet nuget locals global-packages --list | sed -nE 's/^global-packages: (.*[^/])\/*$/\1/p')
kernel_home=$root/out/notebook-home
fallback=$kernel_home/user-packages
rm -rf "$kernel_home/.packagemanagement" "$kernel_home/.nuget/packages"/offlinerl.mlnet* "$fallback"
mkdir -p "$fallback" "$kernel_home/.nuget/NuGet"
if [ -d "$user_packages" ]; then
  for dir in "$user_packages"/*/; do
    id=$(basename "$dir")
    [[ $id == offlinerl.mlnet* ]] || ln -s "${dir%/}" "$fallback/$id"
  done
fi
for file in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' >"$kernel_home/$file"
done
# The user's own NuGet.Config (package sources, credentials) still applies, read through a link.
user_config=${DOTNET_CLI_HOME:-$HOME}/.nuget/NuGet/NuGet.Config
rm -f "$kernel_home/.nuget/NuGet/NuGet.Config"
if [ -f "$user_config" ]; then ln -s "$user_config" "$kernel_home/.nuget/NuGet/NuGet.Config"; fi
kernel_env=(HOME="$kernel_home" DOTNET_CLI_HOME="$kernel_home" XDG_CONFIG_HOME="$kernel_home/.config"
  XDG_DATA_HOME="$kernel_home/.local/share" XDG_CACHE_HOME="$kernel_home/.cache"
  NUGET_PACKAGES="$kernel_home/.nuget/packages" NUGET_FALLBACK_PACKAGES="$fallback")

# The kernel: dotnet-interactive from .config/dotnet-tools.json, restored into out/notebook-home (about 230 MB on the
# first run, kept for the next ones; with another HOME the kernel would not find a copy restored for the user's), its
# kernel spec written to out/jupyter (JUPYTER_PATH) with the environment above, so nothing outside the repository changes.
# Its HTTP service listens on loopback only (--http-local-only).
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
env "${kernel_env[@]}" dotnet tool restore >/dev/null
rm -rf out/jupyter && mkdir -p out/jupyter/kernels
env "${kernel_env[@]}" dotnet tool run dotnet-interactive -- jupyter install --path out/jupyter/kernels >/dev/null
# Notebooks run in $parallel lanes (NOTEBOOK_JOBS, default 2), one after another within a lane: a kernel spends much of its
# time starting, restoring packages and compiling cells, which leaves room for a second one even on two cores. Kernels that
# start together would race for the same first free HTTP port, so each lane gets a kernel spec with its own port range.
parallel=${NOTEBOOK_JOBS:-2}
"$py" - out/jupyter/kernels "$parallel" "${kernel_env[@]}" <<'EOF'
import json, os, sys
kernels, lanes = sys.argv[1], int(sys.argv[2])
spec = json.load(open(os.path.join(kernels, ".net-csharp", "kernel.json")))
spec["env"] = dict(pair.split("=", 1) for pair in sys.argv[3:])
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
# The kernels ran the library just packed: the packages they restored are the ones in artifacts/packages, and every
# OfflineRl.MLNet assembly they resolved came from out/notebook-home (a check that fails if the kernel's layout changes).
if [ "$status" = 0 ] && [ "${#names[@]}" -gt 0 ]; then
  for package in OfflineRl.MLNet OfflineRl.MLNet.Environments; do
    restored=$kernel_home/.nuget/packages/${package,,}/$version/${package,,}.$version.nupkg
    if ! cmp -s "$restored" "artifacts/packages/$package.$version.nupkg"; then
      echo "FAILED: the kernels did not restore $package $version from artifacts/packages into out/notebook-home" >&2
      status=1
    fi
  done
  resolved=$(cat "$kernel_home"/.packagemanagement/nuget/Cache/*.resolvedReferences.paths 2>/dev/null | grep '^OfflineRl\.MLNet' || true)
  if [ -z "$resolved" ] || grep -Fv ",$kernel_home/.nuget/packages/" <<<"$resolved" >&2; then
    echo "FAILED: the kernels resolved OfflineRl.MLNet from somewhere else than out/notebook-home (above, or nothing found)" >&2
    status=1
  fi
fi
echo "notebooks: ${#names[@]} in $((SECONDS - start)) s, $parallel at a time"
exit "$status"
