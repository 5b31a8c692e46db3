# sorted() of two million ints under a 24 MB limit: the list fits, the ints do not
# pymemsim: memory-limit=24MB
print('start')
try:
    s = sorted(range(2_000_000, 0, -1))
except MemoryError:
    print('MemoryError')
s = sorted(range(1000, 0, -1))
print(s[:3], len(s))
t = sorted(range(2_000_000, 0, -1))
