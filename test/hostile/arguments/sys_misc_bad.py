# other sys and gc functions with bad arguments
import sys, gc
calls = [
    lambda: sys.getsizeof(),
    lambda: sys.getsizeof(1, 2, 3),
    lambda: sys.getrefcount(),
    lambda: sys.intern(1),
    lambda: sys.intern("a", "b"),
    lambda: gc.get_referrers(),
    lambda: gc.is_tracked(),
    lambda: gc.get_count(1),
    lambda: gc.get_threshold(1),
    lambda: sys.getrecursionlimit(1),
    lambda: gc.enable(1),
    lambda: sys.exit(1, 2),
]
for c in calls:
    try:
        c()
        print("ok")
    except Exception as e:
        print(type(e).__name__, e)
