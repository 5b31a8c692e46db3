# list(), tuple(), sorted() and list.extend preallocate the length hint first: MemoryError before any item is made
# pymemsim: memory-limit=256MB
import sys
for name, make in [('list', lambda: list(range(10**9))),
                   ('tuple', lambda: tuple(range(10**9))),
                   ('sorted', lambda: sorted(range(10**9, 0, -1))),
                   ('extend', lambda: [].extend(range(10**9)))]:
    try:
        make()
    except MemoryError as e:
        print(name, 'MemoryError', e.args)
print(sum(range(10**5)))
r = list(range(10**9))
