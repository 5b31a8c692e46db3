# yield from through 3,000 generators under a raised recursion limit (each resumes the next)
def g(n):
    if n:
        yield from g(n - 1)
    yield n
import sys
sys.setrecursionlimit(10000)
try:
    print(sum(g(3000)))
except RecursionError as e:
    print("RecursionError", e)
