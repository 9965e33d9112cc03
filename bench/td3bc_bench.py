#!/usr/bin/python3
"""td3bc_bench.py - PyTorch CPU throughput of the TD3+BC and ReBRAC update steps.

Written for this repository from the papers' equations (Fujimoto & Gu 2021; Tarasov et al. 2023) with the
hyperparameters CORL's td3_bc.py and rebrac.py use: twin critics, target-policy noise 0.2 clipped at 0.5, the actor and
every target updated on each second step, Polyak 0.005, TD3+BC's lambda = 2.5 / mean|Q1| with an MSE behaviour term,
ReBRAC's lambda = 1 / mean|min Q| with summed penalties beta1 = beta2 = 1 and LayerNorm (Linear -> LayerNorm -> ReLU,
the placement OfflineRl.MLNet uses) in the critics. Learning rate 3e-4 (TD3+BC) and 1e-3 (ReBRAC); 2 hidden layers of
256. The data, timing protocol, thread setting and JSON output are those of ../shared/bench/iql_bench.py, imported
from there, so bench/side-by-side.sh reads both alike.

Usage: /usr/bin/python3 bench/td3bc_bench.py --threads 1 2 --variants td3bc:halfcheetah rebrac:halfcheetah
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


def mlp(in_dim, out_dim, layer_norm=False, out_act=None):
    dims = [in_dim] + [HIDDEN] * N_HIDDEN
    layers = []
    for a, b in zip(dims[:-1], dims[1:]):
        layers.append(nn.Linear(a, b))
        if layer_norm:
            layers.append(nn.LayerNorm(b))
        layers.append(nn.ReLU())
    layers.append(nn.Linear(dims[-1], out_dim))
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


class TwinQ(nn.Module):
    def __init__(self, obs_dim, act_dim, layer_norm):
        super().__init__()
        self.q1 = mlp(obs_dim + act_dim, 1, layer_norm)
        self.q2 = mlp(obs_dim + act_dim, 1, layer_norm)

    def forward(self, s, a):
        sa = torch.cat([s, a], dim=1)
        return self.q1(sa).squeeze(-1), self.q2(sa).squeeze(-1)


class Td3Bc:
    """One update = critic step; every second update also the actor and all targets."""

    def __init__(self, obs_dim, act_dim, rebrac):
        self.rebrac = rebrac
        lr = 1e-3 if rebrac else 3e-4
        self.actor = mlp(obs_dim, act_dim, out_act=nn.Tanh())
        self.actor_target = copy.deepcopy(self.actor).requires_grad_(False)
        self.q = TwinQ(obs_dim, act_dim, layer_norm=rebrac)
        self.q_target = copy.deepcopy(self.q).requires_grad_(False)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), lr=lr)
        self.q_opt = torch.optim.Adam(self.q.parameters(), lr=lr)
        self.it, self.actor_loss = 0, 0.0

    def update(self, batch):
        s, a, r, s2, d, a2 = batch
        self.it += 1
        with torch.no_grad():
            noise = (torch.randn_like(a) * 0.2).clamp(-0.5, 0.5)
            na = (self.actor_target(s2) + noise).clamp(-1.0, 1.0)
            tq = torch.min(*self.q_target(s2, na))
            if self.rebrac:
                tq = tq - ((na - a2) ** 2).sum(-1)
            y = r + 0.99 * (1.0 - d) * tq
        q1, q2 = self.q(s, a)
        q_loss = F.mse_loss(q1, y) + F.mse_loss(q2, y)
        ib.step(self.q_opt, q_loss)
        if self.it % 2 == 0:
            pi = self.actor(s)
            if self.rebrac:
                q = torch.min(*self.q(s, pi))
                lam = 1.0 / q.abs().mean().detach()
                loss = (((pi - a) ** 2).sum(-1) - lam * q).mean()
            else:
                q = self.q.q1(torch.cat([s, pi], dim=1)).squeeze(-1)
                lam = 2.5 / q.abs().mean().detach()
                loss = -lam * q.mean() + F.mse_loss(pi, a)
            ib.step(self.actor_opt, loss)
            ib.polyak(self.q_target, self.q, 0.005)
            ib.polyak(self.actor_target, self.actor, 0.005)
            self.actor_loss = loss.item()
        return q_loss.item(), self.actor_loss


class WithNextActions:
    """iql_bench's synthetic data plus the action of the next row (ReBRAC's logged a')."""

    def __init__(self, data, batch):
        self.data, self.batch = data, batch

    def sample(self):
        idx = torch.randint(0, self.data.n, (self.batch,))
        d = self.data
        return [d.obs[idx], d.act[idx], d.rew[idx], d.next_obs[idx], d.done[idx], d.act[(idx + 1) % d.n]]


def build(spec, args):
    algo, env = spec.split(":")
    obs_dim, act_dim, discrete, _ = ib.ENVS[env]
    assert not discrete
    data = WithNextActions(ib.SyntheticDataset(env, n=args.transitions, seed=args.seed), args.batch)
    return data, lambda: Td3Bc(obs_dim, act_dim, rebrac=algo == "rebrac")


def main():
    torch_restatement.main(__doc__.split("\n")[0], ["td3bc:halfcheetah", "rebrac:halfcheetah"], build)


if __name__ == "__main__":
    main()
