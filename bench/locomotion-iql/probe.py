# Diagnosis probe (docs/locomotion.md): reads a library model folder (policy.bin + values.bin) and probes policy/critic on an npz dataset.
# Usage: python3 probe.py MODEL_FOLDER DATA.npz [β]  — plain (no LayerNorm) networks only.
import numpy as np, struct, json, sys
def rstr(b,o):
    n=0;shift=0
    while True:
        c=b[o];o+=1;n|=(c&0x7f)<<shift;shift+=7
        if c<0x80: break
    return b[o:o+n].decode(),o+n
def mlp(params,sizes):
    layers=[];o=0
    for i in range(len(sizes)-1):
        a,bb=sizes[i],sizes[i+1]
        W=params[o:o+a*bb].reshape(a,bb);o+=a*bb;B=params[o:o+bb];o+=bb;layers.append((W,B))
    return layers,o
def fwd(layers,x,outact=None):
    for i,(W,B) in enumerate(layers):
        x=x@W+B
        if i<len(layers)-1: x=np.maximum(x,0)
    return np.tanh(x) if outact=='tanh' else x
def load(folder):
    b=open(folder+'/policy.bin','rb').read()
    assert b[:8]==b'ORLPOLCY'
    o=12; hl=struct.unpack('<i',b[o:o+4])[0];o+=4
    h=json.loads(b[o:o+hl]);o+=hl
    n=struct.unpack('<i',b[o:o+4])[0];o+=4
    p=np.frombuffer(b[o:o+4*n],dtype='<f4')
    sizes=[h['ObservationDimension'],*h['HiddenSizes'],h['ActionDimension']]
    layers,used=mlp(p,sizes)
    logstd=p[used:]
    v=open(folder+'/values.bin','rb').read(); o=0
    cnt=struct.unpack('<i',v[o:o+4])[0];o+=4; nets={}
    for _ in range(cnt):
        name,o=rstr(v,o); shape,o=rstr(v,o); shape=json.loads(shape)
        m=struct.unpack('<i',v[o:o+4])[0];o+=4
        q=np.frombuffer(v[o:o+4*m],dtype='<f4');o+=4*m
        s=[shape[0],*shape[2:],shape[1]]
        nets[name]=mlp(q,s)[0]
    return h,layers,logstd,nets
if __name__=='__main__':
    folder,npz=sys.argv[1],sys.argv[2]
    h,layers,logstd,nets=load(folder)
    d=np.load(npz); obs=d['observations']; act=d['actions']
    mu_o=np.array(h['ObservationMean'],dtype=np.float32); sd_o=np.array(h['ObservationStd'],dtype=np.float32)
    x=(obs-mu_o)/sd_o
    mu=fwd(layers,x,'tanh')
    print('logstd',np.round(logstd,2),' names',list(nets))
    print('policy: |mu| mean %.3f  frac |mu|>0.99 %.3f  data frac |a|>0.99 %.3f  MSE(mu,a) %.4f'%(np.abs(mu).mean(),(np.abs(mu)>0.99).mean(),(np.abs(act)>0.99).mean(),((mu-act)**2).sum(1).mean()))
    ep=d['episode_ids']; t=d['terminals']; r=d['rewards'].astype(np.float64)
    ids,starts,counts=np.unique(ep,return_index=True,return_counts=True)
    V=fwd(nets['v'],x)[:,0] if 'v' in nets else None
    qin=np.concatenate([x,act],1)
    Q=np.minimum(fwd(nets['q1'],qin)[:,0],fwd(nets['q2'],qin)[:,0])
    g=0.99; G=np.zeros(len(r))
    for s,c in zip(starts,counts):
        acc=0.0
        for i in range(s+c-1,s-1,-1):
            acc=r[i]+g*acc; G[i]=acc   # truncated episodes: MC underestimates near the end
    term=np.zeros(len(r),bool)
    for s,c in zip(starts,counts):
        if t[s+c-1]: term[s:s+c]=True
    A=Q-V
    init=starts
    print('V(init) %.2f  MC G(init) %.2f  | Q mean %.2f V mean %.2f MC mean %.2f'%(V[init].mean(),G[init].mean(),Q.mean(),V.mean(),G.mean()))
    for name,sel in [('fall-episodes',term),('truncated-episodes',~term)]:
        # use first 500 steps to avoid truncation bias
        pos=np.concatenate([np.arange(c) for c in counts])
        s2=sel&(pos<500)
        print('  %-18s (first 500 steps) V %.2f  Q %.2f  MC %.2f   A mean %.3f  A>0 frac %.3f'%(name,V[s2].mean(),Q[s2].mean(),G[s2].mean(),A[sel].mean(),(A[sel]>0).mean()))
    # last 20 steps before a fall
    lastidx=np.concatenate([np.arange(s+c-20,s+c) for s,c in zip(starts,counts) if t[s+c-1]]) if term.any() else np.array([],int)
    if len(lastidx): print('  last 20 steps before falls: V %.2f Q %.2f MC %.2f A mean %.3f'%(V[lastidx].mean(),Q[lastidx].mean(),G[lastidx].mean(),A[lastidx].mean()))
    beta=float(sys.argv[3]) if len(sys.argv)>3 else 3.0
    w=np.minimum(np.exp(beta*A),100)
    # ESS per random batch of 256
    rng=np.random.default_rng(0); ess=[]
    for _ in range(200):
        ii=rng.integers(0,len(w),256); ww=w[ii]; ess.append(ww.sum()**2/(ww**2).sum())
    print('weights(beta=%g): mean %.2f  frac at clip 100 %.4f  frac<0.1 %.3f  ESS/256 per batch %.1f  A std %.3f'%(beta,w.mean(),(w>=99.99).mean(),(w<0.1).mean(),np.mean(ess),A.std()))
    print('  weight share of fall-episode rows %.3f (row share %.3f)'%(w[term].sum()/w.sum(),term.mean()))
