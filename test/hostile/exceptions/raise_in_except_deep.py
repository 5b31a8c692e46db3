# an exception chain 900 deep (__context__) made by recursion in except blocks
def f(n):
    try:
        raise ValueError(n)
    except ValueError:
        if n:
            f(n - 1)
        else:
            raise KeyError("bottom")

import sys
sys.setrecursionlimit(20000)
try:
    f(900)
except KeyError as e:
    depth = 0
    c = e
    while c.__context__ is not None:
        c = c.__context__
        depth += 1
    print(depth)
