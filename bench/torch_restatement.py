"""The command line and timing loop shared by this repository's PyTorch restatements (td3bc_bench.py, fqe_bench.py):
arguments, threads, warm-up, timed runs through ../shared/bench/iql_bench.py's quiet-machine protocol, and the JSON that
bench/side-by-side.sh reads."""
import argparse
import json
import math
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
import iql_bench as ib  # noqa: E402  (data, timing and environment helpers)


def main(description, default_variants, build):
    """build(spec, args) -> (data with .sample(), make_agent()) where make_agent() returns an object with update(batch)
    that returns its losses (a float or a tuple of floats)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--variants", nargs="+", default=default_variants)
    p.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--transitions", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-bg", type=float, default=0.15)
    p.add_argument("--retries", type=int, default=6)
    p.add_argument("--max-wait", type=float, default=300.0)
    p.add_argument("--json")
    args = p.parse_args()
    model, mhz = ib.cpu_info()
    ib.set_threads(1)
    print(f"torch {torch.__version__}  cpu: {model}  BLAS: {', '.join(ib.loaded_blas())}")
    results = []
    for spec in args.variants:
        torch.manual_seed(args.seed)
        data, make_agent = build(spec, args)
        for nt in args.threads:
            ib.set_threads(nt)
            torch.manual_seed(args.seed)
            agent = make_agent()
            for _ in range(args.warmup):
                losses = agent.update(data.sample())
            runs = [ib.timed_run(agent, data, args.steps, args.max_bg, args.retries, args.max_wait) for _ in range(args.runs)]
            assert all(math.isfinite(x) for x in (losses if isinstance(losses, tuple) else (losses,))), losses
            rates = [r for r, _ in runs]
            med = statistics.median(rates)
            print(f"{spec:<22} batch {args.batch:>5} threads {nt}: {med:8.1f} steps/s  (runs {', '.join(f'{x:.1f}' for x in rates)})", flush=True)
            results.append(dict(variant=spec, threads=nt, batch=args.batch, steps_per_s=med, runs=rates, bg_cpus=[b for _, b in runs]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(torch=torch.__version__, cpu=model, mhz=mhz, blas=ib.loaded_blas(), args=vars(args), results=results), f, indent=1)
