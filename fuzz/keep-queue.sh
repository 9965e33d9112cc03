#!/usr/bin/env bash
# Copies up to N (default 20) of the smallest queue entries that found new coverage from fuzz/out/TARGET into
# fuzz/corpus/TARGET as queue-*, so the test suite replays them:  bash fuzz/keep-queue.sh TARGET [N]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/keep-queue.sh TARGET [N]}
n=${2:-20}
queue=fuzz/out/$target/default/queue
find "$queue" -maxdepth 1 -type f -name 'id:*+cov*' -size -4k -printf '%s %p\n' | sort -n | head -n "$n" | while read -r _ file; do
  id=$(basename "$file" | sed -E 's/^id:([0-9]+).*/\1/')
  cp "$file" "fuzz/corpus/$target/queue-$id"
done
ls "fuzz/corpus/$target" | wc -l
