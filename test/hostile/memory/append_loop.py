# Appending 10 MB bytearrays under a 36 MB limit: the fourth does not fit; caught with room left, the list dropped, the heap usable again
# pymemsim: memory-limit=36MB
l = []
try:
    while True:
        l.append(bytearray(10**7))
except MemoryError:
    print('MemoryError after', len(l))
l = None
print(sum(x for x in range(10000)))
t = [bytearray(10**7) for i in range(5)]
