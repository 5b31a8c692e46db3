# A dict comprehension over a huge range fills the limit: MemoryError at its line, the partial dict freed
# pymemsim: memory-limit=8MB
def build():
    return {i: i for i in range(10**8)}


try:
    d = build()
except MemoryError:
    print('MemoryError')
d = {i: i for i in range(1000)}
print(len(d), d[999])
d = {i: str(i) for i in range(10**8)}
