# 1,500 short strs of two lengths and a dict of 300 str keys: blocks by the strs' sizes.
import sys, gc
gc.collect()
sys._debugmallocstats()
short = ['k%d' % i for i in range(1000, 2500)]
longer = ['a longer string number %d' % i for i in range(500)]
sys._debugmallocstats()
