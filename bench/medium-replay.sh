#!/usr/bin/env bash
# One algorithm on the five classic-control medium-replay datasets, trained and scored as `offlinerl benchmark` does
# (50,000 logged steps, 5,000 steps, 64x64, batch 256, Adam 1e-3, 20 evaluation episodes with seed + 1000), one run at a
# time on one thread, through the command line. Further `train` options replace the defaults, for sweeps:
#
#   bash bench/medium-replay.sh iql "3 4 5" --expectile 0.9 --beta 10
#   bash bench/medium-replay.sh iql "0 1 2" --lr 3e-4           # the settings before IQL shared the 1e-3 rate
#
# Algorithms: bc, filtered-bc, iql (awr here fits its value function for the CLI's 2,000 steps, the benchmark for 5,000).
# Prints one line per environment and seed, then the mean normalized score. Files go to out/medium-replay/.
set -euo pipefail
cd "$(dirname "$0")/.."
algo=${1:?usage: medium-replay.sh <bc|filtered-bc|iql> [\"seeds\"] [train options]}
seeds=${2:-"0 1 2"}
shift $(( $# >= 2 ? 2 : 1 ))
dll=src/OfflineRl.Cli/bin/Release/net10.0/offlinerl.dll
[ -f "$dll" ] || dotnet build src/OfflineRl.Cli -c Release >/dev/null
cli() { dotnet "$dll" "$@"; }

declare -A opt=([--steps]=5000 [--hidden]=64,64 [--lr]=1e-3 [--batch]=256 [--threads]=1)
while [ $# -gt 0 ]; do opt[$1]=$2; shift 2; done
train_args=()
for k in "${!opt[@]}"; do train_args+=("$k" "${opt[$k]}"); done

dir=out/medium-replay
mkdir -p "$dir"
tag=$(echo "$algo ${train_args[*]}" | tr -c 'a-zA-Z0-9.\n' '_')
total=0; n=0
for env in CartPole-v1 Acrobot-v1 MountainCar-v0 MountainCarContinuous-v0 Pendulum-v1; do
  for s in $seeds; do
    data="$dir/$env-seed$s.npz"
    [ -f "$data" ] || cli generate --env "$env" --kind medium-replay --steps 50000 --seed "$s" --out "$data" >/dev/null
    model="$dir/$tag-$env-seed$s"
    cli train --data "$data" --algo "$algo" --seed "$s" "${train_args[@]}" --out "$model" >/dev/null
    score=$(cli evaluate-env --policy "$model" --env "$env" --episodes 20 --seed $((s + 1000)) --json \
      | sed -n 's/.*"normalizedScore": *\([-0-9.eE+]*\).*/\1/p')
    printf '%-26s seed %s: %6.1f\n' "$env" "$s" "$score"
    total=$(awk -v a="$total" -v b="$score" 'BEGIN { print a + b }'); n=$((n + 1))
  done
done
printf 'mean of %d runs (%s %s): %.1f\n' "$n" "$algo" "${train_args[*]}" "$(awk -v a="$total" -v b="$n" 'BEGIN { print a / b }')"
