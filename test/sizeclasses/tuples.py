# 1,000 3-tuples of new ints: each tuple one block of its size class (GC header included), each int another.
import sys, gc
gc.collect()
sys._debugmallocstats()
ts = [(i + 1000, i + 2000, i + 3000) for i in range(1000)]
sys._debugmallocstats()
