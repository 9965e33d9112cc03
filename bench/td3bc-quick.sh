#!/usr/bin/env bash
# Quick check: TD3+BC, ReBRAC, IQL on Pendulum medium-replay (20k steps) and StitchForkPoint, 3 seeds, 100 eval episodes.
set -u
cd "$(dirname "$0")/.."
cli="dotnet src/OfflineRl.Cli/bin/Release/net10.0/offlinerl.dll"
out=${OUT:-out/td3bc-quick}; mkdir -p $out
for env in Pendulum-v1 StitchForkPoint-v0; do
  kind=medium-replay; [ $env = StitchForkPoint-v0 ] && kind=stitch
  for seed in 0 1 2; do
    $cli generate --env $env --kind $kind --steps 20000 --seed $seed --out $out/$env-$seed.npz >/dev/null
    for algo in iql td3bc rebrac; do
      $cli train --data $out/$env-$seed.npz --algo $algo --steps 5000 --hidden 64,64 --lr 1e-3 --seed $seed --out $out/m-$env-$algo-$seed >/dev/null 2>$out/err-$env-$algo-$seed.txt || { echo "$env $algo $seed TRAIN FAILED $(tail -2 $out/err-$env-$algo-$seed.txt)"; continue; }
      r=$($cli evaluate-env --policy $out/m-$env-$algo-$seed --env $env --episodes 100 --seed $((seed+1000)) --json 2>&1 | tr -d '\n' | head -c 400)
      echo "$env $algo seed $seed: $r"
    done
  done
done
