#!/usr/bin/env bash
# One IQL run of the medium-expert diagnosis (docs/locomotion.md): train as the benchmark's IQL row does, evaluate during
# training every 5,000 steps, then score over the benchmark's evaluation starts (seed 1000 = benchmark seed 0 + 1000).
#   bash bench/locomotion-iql/run.sh NAME DATA.npz ENV STEPS [extra train flags]      (BETA=… TAU=… override β, τ)
# DATA is a dataset with rewards scaled as the benchmark scales them for IQL: python3 bench/locomotion-iql/scale.py IN OUT corl
set -euo pipefail
name=$1; data=$2; env=$3; steps=$4; shift 4
out=${OUT:-out/locomotion-iql}
mkdir -p "$out"
cli="dotnet run --project src/OfflineRl.Cli -c Release --"
export DOTNET_PROCESSOR_COUNT=1
start=$(date +%s)
$cli train --data "$data" --algo iql --out "$out/$name" --seed 0 --threads 1 --steps "$steps" --batch 256 --hidden 256,256 \
  --lr 0.0003 --expectile "${TAU:-0.7}" --beta "${BETA:-3}" --eval-env "$env" --eval-every 5000 --eval-episodes 10 "$@" >"$out/$name.log" 2>&1
seconds=$(( $(date +%s) - start ))
score=$($cli evaluate-env --policy "$out/$name" --env "$env" --episodes 10 --seed 1000 2>&1 | tail -1)
echo "$name | steps $steps | beta ${BETA:-3} tau ${TAU:-0.7} flags $* | train+evals ${seconds}s | final: $score" | tee -a "$out/results.txt"
