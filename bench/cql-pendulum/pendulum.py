"""Gymnasium Pendulum-v1 restated (g=10, m=l=1, dt=0.05, max speed 8, max torque 2), vectorized over episodes."""
import numpy as np

G, M, L, DT, MAX_SPEED, MAX_TORQUE = 10.0, 1.0, 1.0, 0.05, 8.0, 2.0


def angle_normalize(x):
    return ((x + np.pi) % (2 * np.pi)) - np.pi


def step_state(th, thdot, u):
    u = np.clip(u, -MAX_TORQUE, MAX_TORQUE)
    cost = angle_normalize(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2
    newthdot = thdot + (3 * G / (2 * L) * np.sin(th) + 3.0 / (M * L ** 2) * u) * DT
    newthdot = np.clip(newthdot, -MAX_SPEED, MAX_SPEED)
    newth = th + newthdot * DT
    return newth, newthdot, -cost


def obs_of(th, thdot):
    return np.stack([np.cos(th), np.sin(th), thdot], axis=-1)


def evaluate(act, episodes=100, seed=0, steps=200):
    """act: (E,3) float32 obs -> (E,) torques in [-2,2]. Start th~U[-pi,pi], thdot~U[-1,1]."""
    rng = np.random.RandomState(seed)
    th = rng.uniform(-np.pi, np.pi, episodes)
    thdot = rng.uniform(-1, 1, episodes)
    ret = np.zeros(episodes)
    for _ in range(steps):
        u = np.asarray(act(obs_of(th, thdot).astype(np.float32)), dtype=np.float64).reshape(episodes)
        th, thdot, r = step_state(th, thdot, u)
        ret += r
    return ret


if __name__ == "__main__":
    import sys
    d = np.load(sys.argv[1] if len(sys.argv) > 1 else "pendulum-expert.npz")
    o, a, r, o2 = (d[k].astype(np.float64) for k in ("observations", "actions", "rewards", "next_observations"))
    th = np.arctan2(o[:, 1], o[:, 0])
    nth, nthdot, rr = step_state(th, o[:, 2], a[:, 0])
    no = obs_of(nth, nthdot)
    print("max |next_obs error| =", np.abs(no - o2).max(), " max |reward error| =", np.abs(rr - r).max())
    print("data: actions range", a.min(), a.max(), " episode returns mean",
          np.bincount(d["episode_ids"], weights=r).mean())
    # also float32 arithmetic
    f = np.float32
    th32 = np.arctan2(o[:, 1].astype(f), o[:, 0].astype(f))
    print("obs[0] cont. check (next_obs[t] == obs[t+1] within episode):",
          np.abs(o2[:-1] - o[1:])[d["episode_ids"][:-1] == d["episode_ids"][1:]].max())
