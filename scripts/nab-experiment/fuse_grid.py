import sys, pickle, glob
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
H = {n: data[n]["hark"] for n in nm}
def recent(a, m):
    # r[i] = max(a[i-m..i]) causal
    out = [0.0] * len(a); last = -10**9
    for i, x in enumerate(a):
        if x > 0: last = i
        out[i] = 1.0 if i - last <= m else 0.0
    return out
srcs = {p.split("art_")[1][:-4]: pickle.load(open(p, "rb")) for p in sorted(glob.glob("/tmp/nab2/art_r*.pkl"))}
srcs["cadprob"] = {n: [1.0 if x >= 0.5 else 0.0 for x in v] for n, v in pickle.load(open("/tmp/nab2/cad_prob.pkl", "rb")).items()}
for key, A in srcs.items():
    for m in (0, 10, 50, 200):
        R = {n: recent(A[n], m) for n in nm}
        # overlap stats: hark rows >= 0.3 in/out windows confirmed
        tin = tout = cin = cout = 0
        for n in nm:
            f = data[n]["file"]
            for i, h in enumerate(H[n]):
                if h >= 0.3 and f.window_of[i] != "probationary":
                    if f.inside[i]: tin += 1; cin += R[n][i] > 0
                    else: tout += 1; cout += R[n][i] > 0
        line = "%-14s m%-3d confirmed in %d/%d out %d/%d" % (key, m, cin, tin, cout, tout)
        print(line, flush=True)
        for lam in (0.15, 0.3):
            F = {n: [min(1.0, h + lam) if (h > 0 and r > 0) else h for h, r in zip(H[n], R[n])] for n in nm}
            print("   " + L.fmt("boost %.2f" % lam, L.score(nm, data, prof, F)), flush=True)
        for a in (0.7,):
            F = {n: [h * a if r == 0 else h for h, r in zip(H[n], R[n])] for n in nm}
            print("   " + L.fmt("veto %.2f" % a, L.score(nm, data, prof, F)), flush=True)
