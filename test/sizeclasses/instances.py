# 600 instances of a class with __slots__ and 300 of a plain class, bound in lists.
import sys, gc
class P:
    __slots__ = ('x', 'y')
class Q:
    pass
gc.collect()
sys._debugmallocstats()
ps = [P() for _ in range(600)]
qs = [Q() for _ in range(300)]
sys._debugmallocstats()
