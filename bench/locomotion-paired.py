#!/usr/bin/env python3
"""The locomotion must-hold check: per dataset kind, each row's score minus BC's, averaged over the tasks within a seed,
then the mean of that over seeds and its standard error (sample sd / sqrt(seeds)). A claim holds when mean > SE.
Usage: python3 bench/locomotion-paired.py <out>/benchmark-seeds.csv (or the per-job log, <out>/benchmark-runs.csv) [--cells]
--cells also prints each (dataset, row) cell: mean ± sample sd over its seeds, and the scores by seed."""
import csv, collections, statistics, sys

scores = collections.defaultdict(dict)  # (algorithm, task, kind) -> {seed: score}
for row in csv.DictReader(open(sys.argv[1])):
    task, _, kind = row['dataset'].partition('-v4-')
    scores[(row['algorithm'], task, kind)][int(row.get('seed_index') or row['seed'])] = float(row['normalized_score'])

if '--cells' in sys.argv:
    for (a, t, k), by_seed in sorted(scores.items(), key=lambda x: (x[0][1], x[0][2], x[0][0])):
        v = [by_seed[i] for i in sorted(by_seed)]
        sd = f" ± {statistics.stdev(v):.1f}" if len(v) > 1 else ""
        print(f"{t}-v4-{k} | {a} | {statistics.mean(v):.1f}{sd} ({len(v)}) | {', '.join(f'{x:.1f}' for x in v)}")

algorithms = sorted({a for a, _, _ in scores})
for kind in sorted({k for _, _, k in scores}):
    tasks = sorted({t for a, t, k in scores if k == kind and a == 'BC'})
    print(f"{kind} (tasks: {', '.join(tasks)})")
    for algorithm in algorithms:
        if algorithm == 'BC' or any((algorithm, t, kind) not in scores for t in tasks):
            continue
        seeds = sorted(set.intersection(*(set(scores[(x, t, kind)]) for x in (algorithm, 'BC') for t in tasks)))
        per_seed = [statistics.mean(scores[(algorithm, t, kind)][s] - scores[('BC', t, kind)][s] for t in tasks) for s in seeds]
        mean = statistics.mean(per_seed)
        se = statistics.stdev(per_seed) / len(per_seed) ** 0.5 if len(per_seed) > 1 else float('nan')
        print(f"  {algorithm:16s} − BC: {mean:+6.1f} ± {se:4.1f} (SE, {len(seeds)} seeds)  {'holds' if mean > se else 'does not hold'}")
