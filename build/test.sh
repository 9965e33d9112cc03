#!/usr/bin/env bash
# Runs every test of OfflineRl.MLNet from a fresh clone: installs what the tests need, builds, tests.
# This is the README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# (Runs the notebooks in Jupyter too, when no filter is given or the filter names Notebooks.)

# The HDF5 tests write their files with h5py, the writer D4RL and Minari use (Debian's python3-h5py, for /usr/bin/python3).
# Installed when missing; a machine where it cannot be installed fails here rather than skipping those tests.
if ! /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
  echo "installing python3-h5py (the HDF5 tests write their files with h5py)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-h5py >/dev/null; } ||
    { echo "error: python3-h5py could not be installed (apt-get install -y python3-h5py); the HDF5 tests need it" >&2; exit 1; }
  /usr/bin/python3 -c 'import h5py' || { echo "error: h5py still does not import in /usr/bin/python3" >&2; exit 1; }
fi

# The locomotion environments run on MuJoCo 2.2.2 (Debian's libmujoco2.2.2); a layout test compiles offsetof against its
# headers (libmujoco-dev) with a C compiler. Installed when missing; failing to install fails here.
if ! { [ -e /usr/include/mujoco/mujoco.h ] && ldconfig -p | grep -q 'libmujoco.so.2.2.2' && command -v cc >/dev/null; }; then
  echo "installing MuJoCo 2.2.2 and a C compiler (the locomotion environments and their layout test need them)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmujoco2.2.2 libmujoco-dev gcc >/dev/null; } ||
    { echo "error: could not install libmujoco2.2.2 libmujoco-dev gcc (apt-get); the locomotion tests need them" >&2; exit 1; }
fi

dotnet build OfflineRl.MLNet.sln -c Release --nologo -v quiet -warnaserror
log=$(mktemp)
set +e
# One test project per shipped assembly; -m:1 runs them one after another (two cores: the timing-sensitive crash and
# allocation tests keep the machine they had when all tests were one project).
dotnet test OfflineRl.MLNet.sln -c Release --no-build --nologo -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Every notebook end to end as a user runs it: packed library, the kernel from .config, jupyter nbconvert --execute
# (the in-process notebook tests borrow this build's dependencies and would not see a missing one). Fails on any error.
if [ $# -eq 0 ] || [[ "$*" == *Notebooks* ]]; then
  if ! bash build/notebooks.sh; then
    echo "notebooks: a notebook failed in Jupyter (see above)" >&2
    status=1
  fi
fi
# The sum over the test projects' summary lines.
summary=$(grep -E "Passed!|Failed!" "$log" || true)
sum() { sed -nE "s/.*$1: +([0-9]+).*/\1/p" <<<"$summary" | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
