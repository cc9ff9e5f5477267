# the n-gram alone on the synthetic daily pattern of `hark bench anomaly` (14 days, 5-minute sampling,
# daily cycle amplitude 5, noise sigma 0.5): highest score and how many readings reach 0.75/0.9·(1/0.8)
import sys, math, random, importlib.util
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
kw = dict(K=3, G=0.25, REST=200, HI=0.75, M=0, P=300, B=8)
for seed in range(5):
    random.seed(seed)
    v = [5 * math.sin(2 * math.pi * i / 288) + random.gauss(0, 0.5) for i in range(14 * 288)]
    s = ng.ngram(v, **kw)
    print("seed %d: max n-gram %.3f, fused contribution max %.3f, readings with 0.8*g >= 0.5: %d" % (seed, max(s), 0.8 * max(s), sum(1 for x in s if 0.8 * x >= 0.5)))
