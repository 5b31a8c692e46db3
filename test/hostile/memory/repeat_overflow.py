# Sequence repeat past Py_ssize_t: OverflowError or MemoryError, as each type checks, before any allocation
# pymemsim: memory-limit=256MB
cases = []
try:
    'ab' * 2**62
except (MemoryError, OverflowError) as e:
    print(1, type(e).__name__, e)
try:
    b'ab' * 2**62
except (MemoryError, OverflowError) as e:
    print(2, type(e).__name__, e)
try:
    bytearray(b'ab') * 2**62
except (MemoryError, OverflowError) as e:
    print(3, type(e).__name__, e)
try:
    [0, 1] * 2**62
except (MemoryError, OverflowError) as e:
    print(4, type(e).__name__, e)
try:
    (1,) * 10**20
except (MemoryError, OverflowError) as e:
    print(5, type(e).__name__, e)
try:
    'x' * -10**20
except (MemoryError, OverflowError) as e:
    print(6, type(e).__name__, e)
try:
    'x' * 10**10
except (MemoryError, OverflowError) as e:
    print(7, type(e).__name__, e)
try:
    x = [0, 1]
    x *= 10**10
except (MemoryError, OverflowError) as e:
    print(8, type(e).__name__, e)
x = [0] * 10**20
