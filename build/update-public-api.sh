#!/usr/bin/env bash
# Brings src/*/PublicAPI.Shipped.txt in line with the code after an intended API change: builds, adds the symbols the
# analyzer reports as undeclared (RS0016) and drops the declared ones that no longer exist (RS0017). Review the diff.
# Usage: bash build/update-public-api.sh [project.csproj ...]   (default: every library under src/)
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
[ ${#projects[@]} -gt 0 ] || mapfile -t projects < <(for f in src/*/PublicAPI.Shipped.txt; do ls "$(dirname "$f")"/*.csproj; done)
script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat >"$script" <<'PY'
import re, sys
path, log = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
added = set(re.findall(r"error RS0016: Symbol '(.+?)' is not part of the declared public API", log))
removed = set(re.findall(r"error RS0017: Symbol '(.+?)' is part of the declared API", log))
if not added and not removed:
    sys.exit(1)
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l and l not in removed]
# Existing lines keep their place (small diffs); new ones go where they sort among the others.
for symbol in sorted(added - set(lines)):
    at = next((i for i, l in enumerate(lines) if not l.startswith("#") and l > symbol), len(lines))
    lines.insert(at, symbol)
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
print(f"{path}: +{len(added)} -{len(removed)}")
PY
for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  for _ in 1 2 3; do
    log=$(mktemp)
    dotnet build "$project" -c Release --no-incremental 2>&1 | grep -F "$PWD/$dir/" >"$log" || true
    python3 "$script" "$dir/PublicAPI.Shipped.txt" "$log" || { rm -f "$log"; break; }
    rm -f "$log"
  done
done
