# sorted() of 600,000 ints under an 8 MB limit: the list fits, the ints do not
# pymemsim: memory-limit=8MB
print('start')
try:
    s = sorted(range(600_000, 0, -1))
except MemoryError:
    print('MemoryError')
s = sorted(range(1000, 0, -1))
print(s[:3], len(s))
t = sorted(range(600_000, 0, -1))
