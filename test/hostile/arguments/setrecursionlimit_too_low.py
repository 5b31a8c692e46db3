# sys.setrecursionlimit below the current depth: RecursionError on 3.8-3.11... or not
import sys
def f(n):
    if n == 0:
        try:
            sys.setrecursionlimit(10)
        except RecursionError as e:
            print("RecursionError", e)
        print(sys.getrecursionlimit())
        return
    f(n - 1)

f(50)
sys.setrecursionlimit(1000)
print(sys.getrecursionlimit())
