# sys.setrecursionlimit with bad arguments: CPython's TypeError/ValueError/OverflowError messages
import sys
for a in ["x", 1.5, -1, 0, 2 ** 64, None, True]:
    try:
        sys.setrecursionlimit(a)
        print("ok", sys.getrecursionlimit())
    except Exception as e:
        print(type(e).__name__, e)
try:
    sys.setrecursionlimit()
except TypeError as e:
    print(e)
sys.setrecursionlimit(1000000)
print(sys.getrecursionlimit())
