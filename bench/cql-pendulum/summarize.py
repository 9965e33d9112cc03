import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.json" if len(sys.argv) > 1 else "*.json")):
    L = json.load(open(f)); ev = {e[0]: e[1] for e in L["evals"]}
    pts = [k for k in (1000, 2000, 5000, 10000, 15000, 20000) if k in ev]
    curve = " ".join(f"{k//1000}k:{ev[k]:.0f}" for k in pts)
    dg = L["diag"][-1] if L["diag"] else {}
    extra = f"| end q_data {dg['q_data']:.1f} q_greedy {dg['q_greedy']:.1f} gap {dg['gap']:.2f} |a_pi-a| {dg['act_diff']:.3f} alpha {dg['alpha']:.3f}" if dg else ""
    print(f"{f.split('/')[-1]:16s} final {L['evals'][-1][1]:8.1f} ±{L['evals'][-1][2]:.0f}  {L['seconds']:.0f}s  {curve} {extra}")
