"""Runs a PyTorch step benchmark (../shared/bench/iql_bench.py or bench/td3bc_bench.py) with hidden layers of another
width: the scripts build every MLP from their module-level HIDDEN, read when a network is made, so setting it before
main() changes the networks and the FLOP count alike.

    HIDDEN=64 python3 bench/torch_hidden.py ../shared/bench/iql_bench.py --variants iql:halfcheetah --threads 1 2
"""
import importlib.util
import os
import sys

script = sys.argv[1]
spec = importlib.util.spec_from_file_location("bench_script", script)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.HIDDEN = int(os.environ.get("HIDDEN", module.HIDDEN))
sys.argv = [script] + sys.argv[2:]
module.main()
