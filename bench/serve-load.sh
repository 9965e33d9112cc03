#!/usr/bin/env bash
# Load test of `offlinerl serve` (issue 16, item 5): wrk from a second process on loopback, bounded in time, with a model
# swap in the middle of every run. Fails unless every request answered 2xx (no non-2xx, no socket errors) and each swap
# was served. Usage:
#   bash bench/serve-load.sh [seconds=60] [connections=64] [wrk-threads=1]
# Needs wrk (apt-get install wrk). NO_BUILD=1 skips the Release build. Writes its files to $OUT (default a temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-64}
threads=${3:-1}
port=${PORT:-5099}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

[ "${NO_BUILD:-0}" = 1 ] || dotnet build src/OfflineRl.Cli -c Release --nologo -v quiet
cli=(dotnet src/OfflineRl.Cli/bin/Release/net10.0/offlinerl.dll)

# Two CartPole policies of the same shape: the repository's, and a second one trained here, to swap between.
cp models/cartpole_bc.onnx "$out/a.onnx"
if [ ! -f "$out/b.onnx" ]; then
  "${cli[@]}" generate --env CartPole-v1 --kind expert --steps 3000 --seed 1 --out "$out/data.npz" >/dev/null
  "${cli[@]}" train --data "$out/data.npz" --algo bc --steps 300 --seed 1 --out "$out/bc" >/dev/null
  "${cli[@]}" export --policy "$out/bc" --onnx "$out/b.onnx" >/dev/null
fi
cp "$out/a.onnx" "$out/policy.onnx"

# Request bodies: one observation, and 256 rows.
echo '{"observation":[0.01,-0.02,0.03,0.04]}' > "$out/single.json"
awk 'BEGIN { srand(7); printf "{\"observations\":["; for (r = 0; r < 256; r++) { if (r) printf ","; printf "[%.4f,%.4f,%.4f,%.4f]", rand()-0.5, rand()-0.5, (rand()-0.5)/5, rand()-0.5 } print "]}" }' > "$out/batch256.json"

export OFFLINERL_API_KEY
OFFLINERL_API_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
"${cli[@]}" serve --model "$out/policy.onnx" --urls "http://127.0.0.1:$port" --watch >"$out/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$out/server.log"; echo "server not ready" >&2; exit 1; }

status=0
version=1
next=b
echo "load before: $(uptime)"
for kind in single batch256; do
  ACT_BODY_FILE="$out/$kind.json" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 2s --latency \
    -s bench/serve/act.lua "http://127.0.0.1:$port/act" >"$out/wrk-$kind.txt" &
  wrk_pid=$!
  sleep $((seconds / 2))
  # The swap: the other model renamed over the served file (atomic), then wait for the server to report it.
  version=$((version + 1))
  cp "$out/$next.onnx" "$out/staged.onnx"
  start=$(date +%s%N)
  mv -f "$out/staged.onnx" "$out/policy.onnx"
  swapped=""
  for _ in $(seq 1 1000); do
    if grep -q "Serving model version $version " "$out/server.log"; then swapped=yes; break; fi
    sleep 0.01
  done
  swap_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  next=$([ "$next" = b ] && echo a || echo b)
  wait "$wrk_pid"
  r=$out/wrk-$kind.txt
  rps=$(awk '/Requests\/sec/ {print $2}' "$r")
  p99=$(awk '$1 == "99%" {print $2}' "$r")
  total=$(awk '/requests in/ {print $1}' "$r")
  non2xx=$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$r")
  sockets=$(grep -o 'Socket errors:.*' "$r" || true)
  validated=$(grep -o "Serving model version $version .*validated in [0-9.]* ms" "$out/server.log" | grep -o '[0-9.]* ms' || true)
  echo "$kind: $total requests, $rps req/s, p99 $p99, non-2xx ${non2xx:-0}, ${sockets:-Socket errors: none}; swap to version $version ${swapped:+served after ${swap_ms} ms (loaded and validated in $validated)}"
  if [ -n "$non2xx" ] || [ -n "$sockets" ] || [ -z "$swapped" ]; then
    status=1
    cat "$r"
  fi
done
echo "load after: $(uptime)"

metrics=$(curl -sf -H "Authorization: Bearer $OFFLINERL_API_KEY" "http://127.0.0.1:$port/metrics")
if grep -E '^offlinerl_serving_errors_total' <<<"$metrics"; then
  echo "the server counted failed requests (above)" >&2
  status=1
fi
grep -E '^offlinerl_serving_(requests_total|model_reloads_total|model_version)' <<<"$metrics"
if grep -qiE 'fail|exception' "$out/server.log"; then
  grep -iE 'fail|exception' "$out/server.log" >&2
  status=1
fi
[ "$status" = 0 ] && echo "PASS: zero non-2xx, zero socket errors, both swaps served (files in $out)" || echo "FAIL (files in $out)" >&2
exit "$status"
