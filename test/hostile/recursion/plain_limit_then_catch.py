# plain recursion hits the default limit, is caught, and the depth reached is the limit's
import sys
depth = 0
def f(n):
    global depth
    depth = n
    f(n + 1)

try:
    f(1)
except RecursionError as e:
    print(e)
print(depth, sys.getrecursionlimit())
