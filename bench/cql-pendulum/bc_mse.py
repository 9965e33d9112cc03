"""Deterministic BC (MSE, tanh output * 2) to sanity-check the evaluator."""
import numpy as np, torch, torch.nn as nn, sys
from pendulum import evaluate
torch.set_num_threads(1); torch.manual_seed(0); np.random.seed(0)
d = np.load(sys.argv[1] if len(sys.argv) > 1 else "pendulum-expert.npz")
o, a = d["observations"], d["actions"]; m, s = o.mean(0), o.std(0) + 1e-3
S, A = torch.tensor((o - m) / s), torch.tensor(a / 2)
net = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1), nn.Tanh())
opt = torch.optim.Adam(net.parameters(), 1e-3)
for t in range(1, 5001):
    i = torch.from_numpy(np.random.randint(0, len(S), 256))
    loss = ((net(S[i]) - A[i]) ** 2).mean(); opt.zero_grad(); loss.backward(); opt.step()
    if t % 1000 == 0:
        r = evaluate(lambda x: 2 * net(torch.tensor((x - m) / s)).detach().numpy()[:, 0], 100, 0)
        print(t, round(loss.item(), 5), r.mean().round(1), r.std().round(1), flush=True)
