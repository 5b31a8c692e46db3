# plain recursion with sys.setrecursionlimit(100000): CPython 3.8-3.10 crash the process here
import sys
sys.setrecursionlimit(100000)

def f(n):
    return f(n + 1)

try:
    f(0)
except RecursionError as e:
    print("RecursionError")
