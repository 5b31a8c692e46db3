# Doubling a list until its item block no longer fits: caught, the list freed, the program goes on
# pymemsim: memory-limit=256MB
l = [1]
try:
    while True:
        l = l + l
        if len(l) > 10**6:
            print(len(l))
except MemoryError:
    print('MemoryError at', len(l))
del l
m = [2] * 1000
print(len(m), sum(m))
