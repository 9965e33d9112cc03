# Scales a dataset's rewards: python3 scale.py IN.npz OUT.npz corl   (× 1000 / (max − min episode return), the benchmark's IQL scaling)
#                                   or  python3 scale.py IN.npz OUT.npz x0.5  (× a given factor)
import numpy as np,sys
src,dst,mode=sys.argv[1],sys.argv[2],sys.argv[3]
d=dict(np.load(src))
ep=d['episode_ids']; r=d['rewards'].astype(np.float64)
ids,starts,counts=np.unique(ep,return_index=True,return_counts=True)
rets=np.array([r[s:s+c].sum() for s,c in zip(starts,counts)])
if mode=='corl':
    scale=1000.0/(rets.max()-rets.min())
    d['rewards']=(d['rewards']*np.float32(scale)).astype(np.float32)
elif mode.startswith('x'):
    scale=float(mode[1:]); d['rewards']=(d['rewards']*np.float32(scale)).astype(np.float32)
print('scale',scale)
np.savez(dst,**d)
