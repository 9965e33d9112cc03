"""PyTorch restatement of CORL's algorithms/offline/cql.py (ContinuousCQL) for the Pendulum-v1 npz file.
Own code; same math: tanh-Gaussian actor (learnable log-std multiplier/offset, offset -1, clamp [-20,2]),
twin critics, target = min Q_target(s', a'~pi) (no entropy backup), CQL(H) with importance-sampled logsumexp over
N uniform [-1,1] actions + N pi(.|s') + N pi(.|s) samples evaluated at s, fixed alpha_cql (non-Lagrange),
orthogonal init, state normalization (eps 1e-3), actor loss with pre-update critics, Polyak tau 5e-3."""
import argparse, json, math, time, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from pendulum import evaluate

torch.set_num_threads(1)
p = argparse.ArgumentParser()
p.add_argument("--data", default="pendulum-expert.npz")
p.add_argument("--seed", type=int, default=0)
p.add_argument("--steps", type=int, default=20000)
p.add_argument("--batch", type=int, default=256)
p.add_argument("--hidden", default="64,64")
p.add_argument("--qf-lr", type=float, default=1e-3)
p.add_argument("--policy-lr", type=float, default=3e-4)
p.add_argument("--learn-temp", type=int, default=0)
p.add_argument("--temp", type=float, default=0.1, help="fixed alpha (CORL alpha_multiplier) when not learned")
p.add_argument("--cql-alpha", type=float, default=5.0)
p.add_argument("--n-actions", type=int, default=10)
p.add_argument("--discount", type=float, default=0.99)
p.add_argument("--tau", type=float, default=5e-3)
p.add_argument("--scale-actions", type=int, default=0, help="1: train in [-1,1] (as the C# library); 0: CORL, max_action=2")
p.add_argument("--bc", type=int, default=0, help="run plain BC (MLE) for this many steps instead of CQL")
p.add_argument("--bc-edge", type=float, default=-1, help="clamp |a| to this in atanh; -1: float32 eps (torch TanhTransform)")
p.add_argument("--bc-ent", type=float, default=0.0, help="CORL bc_steps objective: alpha*log pi(a~|s) - log pi(a|s) with this alpha")
p.add_argument("--bc-lr", type=float, default=1e-3)
p.add_argument("--eval-every", type=int, default=1000)
p.add_argument("--log-every", type=int, default=1000)
p.add_argument("--out", default=None)
a = p.parse_args()

np.random.seed(a.seed); torch.manual_seed(a.seed)
d = np.load(a.data)
obs, act, rew = d["observations"], d["actions"], d["rewards"]
nobs, term = d["next_observations"], d["terminals"].astype(np.float32)
mean, std = obs.mean(0), obs.std(0) + 1e-3
max_action = 2.0
act_scale = max_action if a.scale_actions else 1.0  # data actions divided by this for training
pol_max = 1.0 if a.scale_actions else max_action     # actor output multiplier
T = lambda x: torch.tensor(x, dtype=torch.float32)
S, A, R, S2, D = T((obs - mean) / std), T(act / act_scale), T(rew), T((nobs - mean) / std), T(term)
N, sd, ad = len(S), S.shape[1], A.shape[1]
hidden = [int(h) for h in a.hidden.split(",")]


def mlp(i, o, hs):
    layers, last = [], i
    for h in hs:
        layers += [nn.Linear(last, h), nn.ReLU()]; last = h
    layers.append(nn.Linear(last, o))
    net = nn.Sequential(*layers)
    for m in net[:-1]:
        if isinstance(m, nn.Linear):
            nn.init.orthogonal_(m.weight, gain=math.sqrt(2)); nn.init.zeros_(m.bias)
    nn.init.orthogonal_(net[-1].weight, gain=1e-2); nn.init.zeros_(net[-1].bias)
    return net


class Actor(nn.Module):
    def __init__(s):
        super().__init__()
        s.net = mlp(sd, 2 * ad, hidden)
        s.mult = nn.Parameter(torch.tensor(1.0)); s.off = nn.Parameter(torch.tensor(-1.0))

    def dist(s, x):
        mu, ls = s.net(x).split(ad, -1)
        return mu, (s.mult * ls + s.off).clamp(-20.0, 2.0)

    @staticmethod
    def _logp(u, mu, ls):
        z = (u - mu) / ls.exp()
        return (-0.5 * z * z - ls - 0.5 * math.log(2 * math.pi) - 2 * (math.log(2) - u - F.softplus(-2 * u))).sum(-1)

    def forward(s, x, repeat=None):
        if repeat is not None:
            x = x.unsqueeze(1).repeat_interleave(repeat, 1)
        mu, ls = s.dist(x)
        u = mu + ls.exp() * torch.randn_like(mu)
        return pol_max * torch.tanh(u), s._logp(u, mu, ls)

    def log_prob(s, x, a_unit):  # a_unit in [-1,1] (tanh space)
        mu, ls = s.dist(x)
        e = 1 - torch.finfo(torch.float32).eps if a.bc_edge < 0 else a.bc_edge
        u = torch.atanh(a_unit.clamp(-e, e))
        return s._logp(u, mu, ls)

    def greedy(s, x):
        return pol_max * torch.tanh(s.dist(x)[0])


class Q(nn.Module):
    def __init__(s):
        super().__init__(); s.net = mlp(sd + ad, 1, hidden)

    def forward(s, x, u):
        if u.dim() == 3:
            b, n = u.shape[:2]
            x = x.unsqueeze(1).repeat_interleave(n, 1)
            return s.net(torch.cat([x, u], -1)).reshape(b, n)
        return s.net(torch.cat([x, u], -1)).squeeze(-1)


actor = Actor()


def policy_fn(o):
    with torch.no_grad():
        return (actor.greedy(T((o - mean) / std)) * act_scale).numpy()[:, 0]


def ev():
    r = evaluate(policy_fn, episodes=100, seed=0)
    with torch.no_grad():
        ad_all = float(((actor.greedy(S) - A).abs().mean() * act_scale))
    print(f"  mean |greedy - data action| over all 50k data states: {ad_all:.4f}", flush=True)
    return float(r.mean()), float(r.std())


log = {"args": vars(a), "evals": [], "diag": []}
t0 = time.time()
if a.bc:
    opt = torch.optim.Adam(actor.parameters(), a.bc_lr)
    for t in range(1, a.bc + 1):
        idx = torch.from_numpy(np.random.randint(0, N, a.batch))
        loss = -actor.log_prob(S[idx], A[idx] * act_scale / max_action if not a.scale_actions else A[idx]).mean()
        if a.bc_ent > 0:
            loss = loss + a.bc_ent * actor(S[idx])[1].mean()
        opt.zero_grad(); loss.backward(); opt.step()
        if t % a.eval_every == 0 or t == a.bc:
            m, s_ = ev(); log["evals"].append([t, m, s_]); print(f"BC step {t} loss {loss.item():.3f} return {m:.1f} ± {s_:.1f} ({time.time()-t0:.0f}s)", flush=True)
else:
    q1, q2 = Q(), Q()
    q1t, q2t = Q(), Q(); q1t.load_state_dict(q1.state_dict()); q2t.load_state_dict(q2.state_dict())
    aopt = torch.optim.Adam(actor.parameters(), a.policy_lr)
    q1opt, q2opt = torch.optim.Adam(q1.parameters(), a.qf_lr), torch.optim.Adam(q2.parameters(), a.qf_lr)
    log_alpha = nn.Parameter(torch.tensor(0.0)); alpha_opt = torch.optim.Adam([log_alpha], a.policy_lr)
    target_entropy = -float(ad)
    n = a.n_actions
    for t in range(1, a.steps + 1):
        idx = torch.from_numpy(np.random.randint(0, N, a.batch))
        s, u, r, s2, dn = S[idx], A[idx], R[idx], S2[idx], D[idx]
        new_u, logp = actor(s)
        if a.learn_temp:
            alpha_loss = -(log_alpha * (logp + target_entropy).detach()).mean(); alpha = log_alpha.exp()
        else:
            alpha_loss = None; alpha = torch.tensor(a.temp)
        qnew = torch.min(q1(s, new_u), q2(s, new_u))
        policy_loss = (alpha.detach() * logp - qnew).mean() if a.learn_temp else (alpha * logp - qnew).mean()
        # critics
        q1p, q2p = q1(s, u), q2(s, u)
        with torch.no_grad():
            nu, nlogp = actor(s2)
            y = r + (1 - dn) * a.discount * torch.min(q1t(s2, nu), q2t(s2, nu))
        qf1, qf2 = F.mse_loss(q1p, y), F.mse_loss(q2p, y)
        with torch.no_grad():
            ru = torch.empty(a.batch, n, ad).uniform_(-1, 1)
            cu, clp = actor(s, repeat=n)
            nu_, nlp_ = actor(s2, repeat=n)
        rd = math.log(0.5 ** ad)
        cat1 = torch.cat([q1(s, ru) - rd, q1(s, nu_) - nlp_, q1(s, cu) - clp], 1)
        cat2 = torch.cat([q2(s, ru) - rd, q2(s, nu_) - nlp_, q2(s, cu) - clp], 1)
        gap1 = (torch.logsumexp(cat1, 1) - q1p).mean(); gap2 = (torch.logsumexp(cat2, 1) - q2p).mean()
        qf_loss = qf1 + qf2 + a.cql_alpha * (gap1 + gap2)
        if a.learn_temp:
            alpha_opt.zero_grad(); alpha_loss.backward(); alpha_opt.step()
        aopt.zero_grad(); policy_loss.backward(); aopt.step()
        q1opt.zero_grad(); q2opt.zero_grad(); qf_loss.backward(); q1opt.step(); q2opt.step()
        with torch.no_grad():
            for tn, sn in ((q1t, q1), (q2t, q2)):
                for pt, ps in zip(tn.parameters(), sn.parameters()):
                    pt.mul_(1 - a.tau).add_(a.tau * ps)
        if t % a.log_every == 0:
            with torch.no_grad():
                g = actor.greedy(s)
                dg = dict(step=t, q_data=q1p.mean().item(), q_pi=qnew.mean().item(),
                          q_greedy=torch.min(q1(s, g), q2(s, g)).mean().item(), gap=(gap1.item() + gap2.item()) / 2,
                          td=(qf1.item() + qf2.item()) / 2, act_diff=((g - u).abs().mean() * act_scale).item(),
                          alpha=float(alpha), logp=logp.mean().item(), sec=time.time() - t0)
            log["diag"].append(dg)
            print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in dg.items()), flush=True)
        if t % a.eval_every == 0:
            m, s_ = ev(); log["evals"].append([t, m, s_])
            print(f"EVAL step {t} return {m:.1f} ± {s_:.1f} ({time.time()-t0:.0f}s)", flush=True)
log["seconds"] = time.time() - t0
print(f"FINAL {log['evals'][-1][1]:.1f} wall {log['seconds']:.0f}s")
if a.out:
    json.dump(log, open(a.out, "w"), indent=1)
