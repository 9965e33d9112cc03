#!/usr/bin/env bash
# Trains every critic-based algorithm and the BC family at 1 and 2 threads with checkpoints (continuous-only ones on
# Pendulum, discrete-only ones on CartPole) and prints a sha256 per output file,
# so a refactor can be checked to train byte-identical weights: run it on two builds and diff the outputs.
# Usage: bash bench/weights-identity.sh <offlinerl.dll> <work folder>   (prints "<sha256>  <file>" lines)
set -euo pipefail
cli=$1; work=$2
mkdir -p "$work"
dotnet "$cli" generate --env Pendulum-v1 --kind medium-replay --steps 5000 --seed 0 --out "$work/pendulum.npz" >/dev/null
dotnet "$cli" generate --env CartPole-v1 --kind medium-replay --steps 5000 --seed 0 --out "$work/cartpole.npz" >/dev/null
declare -A algos=(
  [pendulum]="bc filtered-bc awr iql awac td3bc rebrac cql q-chunking"
  [cartpole]="bc filtered-bc awr iql awac cql bcq"
)
for data in pendulum cartpole; do
  for algo in ${algos[$data]}; do
    for threads in 1 2; do
      out="$work/$data-$algo-$threads"
      rm -rf "$out"
      dotnet "$cli" train --data "$work/$data.npz" --algo "$algo" --out "$out" --steps 400 --hidden 64,64 \
        --threads "$threads" --checkpoint-every 200 >/dev/null
    done
  done
done
cd "$work"
find . -path './*-*-*/*' -type f ! -name 'training-log.csv' ! -name '*.json' | sort | xargs sha256sum
