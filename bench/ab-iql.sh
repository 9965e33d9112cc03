#!/usr/bin/env bash
# Alternates two builds' `offlinerl bench` (IQL 17/6, 256×2, batch 256, 1 thread, 600 steps after the 2 s warm-up)
# for a quick before/after check on one machine; the full protocol against PyTorch is bench/side-by-side.sh.
# Usage: bash bench/ab-iql.sh <before offlinerl.dll> <after offlinerl.dll> [rounds]
set -euo pipefail
before=$1; after=$2; rounds=${3:-3}
for r in $(seq "$rounds"); do
  for build in before after; do
    dll=${!build}
    v=$(dotnet "$dll" bench --algo iql --obs 17 --act 6 --steps 600 --threads 1 --runs 1 --json 2>/dev/null \
      | python3 -c "import json,sys; print(json.load(sys.stdin)['medianStepsPerSecond'])")
    echo "round $r $build $v"
  done
done
