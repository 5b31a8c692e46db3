# list() and tuple() of an iterator without a length hint: the items are one object, the growing block alone passes the limit
# pymemsim: memory-limit=4MB
try:
    x = list(map(lambda i: 0, range(10**9)))
except MemoryError:
    print('MemoryError')
print(len(list(map(lambda i: 0, range(1000)))))
x = tuple(0 for i in range(10**9))
