#!/usr/bin/python3
"""fqe_bench.py - PyTorch CPU throughput of the fitted Q evaluation (FQE) critic step.

Written for this repository from Le, Voloshin & Yue (2019), Algorithm 3, with the settings OfflineRl.MLNet's FQE uses
(src/OfflineRl.MLNet/Evaluation/FittedQEvaluation.cs): one critic Q(s, a) (continuous: [s, a] in, one value out;
discrete: s in, one value per action), 2 hidden layers of 256, Adam 3e-4, batch 256, the frozen copy Q-bar refreshed
every 20 steps, targets y = r + 0.99 (1 - terminal) Q-bar(s', pi(s')) clipped to [min(0, r_min), max(0, r_max)] / (1 - 0.99).
The target policy's action at every s' is computed once before training (the greedy action of a fixed random policy:
tanh of a network's output, or the argmax of a network's logits), as OfflineRl.MLNet does, so a step is the target
critic's forward pass, the critic's forward and backward passes and Adam. The data, timing protocol, thread setting
and JSON output are those of ../shared/bench/iql_bench.py, imported from there, so bench/side-by-side.sh reads both alike.

Usage: /usr/bin/python3 bench/fqe_bench.py --threads 1 2 --variants fqe:halfcheetah fqe:discrete
       [--batch 256] [--steps 500] [--warmup 100] [--runs 3] [--transitions 100000] [--json F]
"""
import copy
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
import iql_bench as ib  # noqa: E402  (data, timing and environment helpers)
import torch_restatement  # noqa: E402  (the shared command line and timing loop)

HIDDEN, N_HIDDEN = 256, 2
GAMMA, LR, TARGET_EVERY = 0.99, 3e-4, 20


def mlp(in_dim, out_dim, out_act=None):
    dims = [in_dim] + [HIDDEN] * N_HIDDEN
    layers = []
    for a, b in zip(dims[:-1], dims[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    layers.append(nn.Linear(dims[-1], out_dim))
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


class WithTargetActions:
    """iql_bench's synthetic data plus the target policy's action at every next observation, computed once."""

    def __init__(self, data, obs_dim, act_dim, discrete, batch):
        self.data, self.batch, self.discrete = data, batch, discrete
        with torch.no_grad():
            out = mlp(obs_dim, act_dim)(data.next_obs)
            self.next_act = out.argmax(-1) if discrete else torch.tanh(out)

    def sample(self):
        idx = torch.randint(0, self.data.n, (self.batch,))
        d = self.data
        return [d.obs[idx], d.act[idx], d.rew[idx], d.next_obs[idx], d.done[idx], self.next_act[idx]]


class Fqe:
    """One update = one regression step of Q toward the clipped TD targets of the frozen Q-bar."""

    def __init__(self, obs_dim, act_dim, discrete, rewards):
        self.discrete = discrete
        self.q = mlp(obs_dim, act_dim) if discrete else mlp(obs_dim + act_dim, 1)
        self.q_target = copy.deepcopy(self.q).requires_grad_(False)
        self.opt = torch.optim.Adam(self.q.parameters(), lr=LR)
        horizon = 1.0 / (1.0 - GAMMA)
        self.low, self.high = min(0.0, rewards.min().item()) * horizon, max(0.0, rewards.max().item()) * horizon
        self.it = 0

    def value(self, net, s, a):
        if self.discrete:
            return net(s).gather(1, a.long().unsqueeze(1)).squeeze(1)
        return net(torch.cat([s, a], dim=1)).squeeze(-1)

    def update(self, batch):
        s, a, r, s2, d, a2 = batch
        with torch.no_grad():
            y = (r + GAMMA * (1.0 - d) * self.value(self.q_target, s2, a2)).clamp(self.low, self.high)
        loss = F.mse_loss(self.value(self.q, s, a), y)
        ib.step(self.opt, loss)
        self.it += 1
        if self.it % TARGET_EVERY == 0:
            self.q_target.load_state_dict(self.q.state_dict())
        return loss.item()


def build(spec, args):
    _, env = spec.split(":")
    obs_dim, act_dim, discrete, _ = ib.ENVS[env]
    base = ib.SyntheticDataset(env, n=args.transitions, seed=args.seed)
    data = WithTargetActions(base, obs_dim, act_dim, discrete, args.batch)
    return data, lambda: Fqe(obs_dim, act_dim, discrete, base.rew)


def main():
    torch_restatement.main(__doc__.split("\n")[0], ["fqe:halfcheetah", "fqe:discrete"], build)


if __name__ == "__main__":
    main()
