# 2,000 floats in a list: 24-byte objects in the 32-byte size class; then every other one freed.
import sys, gc
gc.collect()
sys._debugmallocstats()
xs = [i + 0.5 for i in range(2000)]
del xs[::2]
sys._debugmallocstats()
