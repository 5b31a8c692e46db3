# A list of a billion items needs an 8 GB block: MemoryError at that line, catchable, then uncaught in a function
# pymemsim: memory-limit=256MB
try:
    x = [0] * 10**9
except MemoryError as e:
    print('caught', type(e).__name__, e.args, repr(str(e)))
small = [0] * 1000
print('still running', len(small))


def make(n):
    return [None] * n


y = make(10**3)
print(len(y))
z = make(10**9)
print('not reached')
